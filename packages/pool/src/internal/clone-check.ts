/**
 * Throws the `DataCloneError` that `postMessage` would throw later, at the call that takes the
 * value: functions, symbols and objects the structured clone algorithm refuses, and shared
 * memory where it cannot be shared (`sharesMemory` false: another process). Primitives and
 * plain data are checked by a walk; other objects by `structuredClone` of that object alone.
 */
export function checkCloneable(
  value: unknown,
  where: string,
  transfer?: readonly unknown[],
  sharesMemory = true,
): void {
  if (Array.isArray(value) && transfer === undefined) {
    // The common case, a list of arguments or items that are mostly primitives: no set to allocate.
    for (const item of value)
      if (typeof item === 'object' || typeof item === 'function' || typeof item === 'symbol')
        walk(item, where, new Set(), sharesMemory);
    return;
  }
  walk(value, where, new Set(transfer as object[]), sharesMemory);
}

const SAFE: ReadonlyArray<abstract new (...args: never[]) => unknown> = [
  ArrayBuffer,
  SharedArrayBuffer,
  Date,
  RegExp,
  Error,
  Boolean,
  Number,
  String,
];

function walk(value: unknown, where: string, seen: Set<object>, sharesMemory: boolean): void {
  switch (typeof value) {
    case 'function':
      throw refuse(where, `a function (${value.name || 'anonymous'})`);
    case 'symbol':
      throw refuse(where, `a symbol (${String(value)})`);
    case 'object':
      break;
    default:
      return;
  }
  if (value === null || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    for (const item of value) walk(item, where, seen, sharesMemory);
    return;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    for (const key of Object.keys(value))
      walk((value as Record<string, unknown>)[key], where, seen, sharesMemory);
    return;
  }
  if (value instanceof Map) {
    for (const [k, v] of value) {
      walk(k, where, seen, sharesMemory);
      walk(v, where, seen, sharesMemory);
    }
    return;
  }
  if (value instanceof Set) {
    for (const item of value) walk(item, where, seen, sharesMemory);
    return;
  }
  if (!sharesMemory && isShared(value)) {
    const what = ArrayBuffer.isView(value)
      ? `${describeObject(value)} over a SharedArrayBuffer`
      : 'a SharedArrayBuffer';
    throw refuse(where, what, 'only threads share memory: use a ThreadPoolExecutor');
  }
  if (ArrayBuffer.isView(value) || SAFE.some((C) => value instanceof C)) return;
  try {
    structuredClone(value);
  } catch (error) {
    throw refuse(where, `${describeObject(value)} (${(error as Error).message})`);
  }
}

function isShared(value: object): boolean {
  const buffer = ArrayBuffer.isView(value) ? value.buffer : value;
  return buffer instanceof SharedArrayBuffer;
}

function describeObject(value: object): string {
  const name = (value.constructor as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' && name !== '' ? `a ${name}` : 'an object';
}

function refuse(where: string, what: string, why?: string): DOMException {
  return new DOMException(
    `${where}: ${what} cannot be cloned to a worker${why === undefined ? '' : ` (${why})`}`,
    'DataCloneError',
  );
}
