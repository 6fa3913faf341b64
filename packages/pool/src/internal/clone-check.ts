/**
 * Throws the `DataCloneError` that `postMessage` would throw later, at the call that takes the
 * value: functions, symbols and objects the structured clone algorithm refuses. Primitives and
 * plain data are checked by a walk; other objects by `structuredClone` of that object alone.
 */
export function checkCloneable(value: unknown, where: string, transfer?: readonly unknown[]): void {
  if (Array.isArray(value) && transfer === undefined) {
    // The common case, a list of arguments or items that are mostly primitives: no set to allocate.
    for (const item of value)
      if (typeof item === 'object' || typeof item === 'function' || typeof item === 'symbol')
        walk(item, where, new Set());
    return;
  }
  walk(value, where, new Set(transfer as object[]));
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

function walk(value: unknown, where: string, seen: Set<object>): void {
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
    for (const item of value) walk(item, where, seen);
    return;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    for (const key of Object.keys(value))
      walk((value as Record<string, unknown>)[key], where, seen);
    return;
  }
  if (value instanceof Map) {
    for (const [k, v] of value) {
      walk(k, where, seen);
      walk(v, where, seen);
    }
    return;
  }
  if (value instanceof Set) {
    for (const item of value) walk(item, where, seen);
    return;
  }
  if (ArrayBuffer.isView(value) || SAFE.some((C) => value instanceof C)) return;
  try {
    structuredClone(value);
  } catch (error) {
    throw refuse(where, `${describeObject(value)} (${(error as Error).message})`);
  }
}

function describeObject(value: object): string {
  const name = (value.constructor as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' && name !== '' ? `a ${name}` : 'an object';
}

function refuse(where: string, what: string): DOMException {
  return new DOMException(`${where}: ${what} cannot be cloned to a worker`, 'DataCloneError');
}
