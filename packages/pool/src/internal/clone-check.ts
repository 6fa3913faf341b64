import { types } from 'node:util';
import { serialize } from 'node:v8';
import { MessagePort } from 'node:worker_threads';
import { findShareable, shareableHint } from '@skein/sync/crossing';
/**
 * Throws the `DataCloneError` that `postMessage` would throw later, at the call that takes the
 * value: functions, symbols and objects the structured clone algorithm refuses, and shared
 * memory where it cannot be shared (`sharesMemory` false: another process), and Skein objects
 * (a Lock, an Event) nested in arguments, which would arrive as dead plain objects. Primitives and
 * plain data are checked by a walk; other objects by `structuredClone` of that object alone.
 */
export function checkCloneable(
  value: unknown,
  where: string,
  transfer?: readonly unknown[],
  sharesMemory = true,
): void {
  if (transfer !== undefined) checkTransfer(transfer, where, sharesMemory);
  if (Array.isArray(value) && transfer === undefined) {
    // The common case, a list of arguments or items that are mostly primitives: no set to allocate.
    for (const item of value)
      if (typeof item === 'object' || typeof item === 'function' || typeof item === 'symbol')
        walk(item, where, new Set(), sharesMemory);
    return;
  }
  walk(value, where, new Set(transfer as object[]), sharesMemory);
}

/**
 * What `postMessage` would refuse in a transfer list, refused at the call instead: anything but
 * an ArrayBuffer or (threads only: a process cannot take one) a MessagePort, twice the same one,
 * or an ArrayBuffer already transferred (detached).
 */
function checkTransfer(transfer: readonly unknown[], where: string, sharesMemory: boolean): void {
  const seen = new Set<unknown>();
  for (const item of transfer) {
    if (item instanceof ArrayBuffer) {
      if (item.byteLength === 0 && isDetached(item)) throw refuse(where, 'a detached ArrayBuffer');
    } else if (item instanceof MessagePort) {
      if (!sharesMemory)
        throw refuse(where, 'a MessagePort', 'only threads take ports: use a ThreadPoolExecutor');
    } else {
      throw new TypeError(
        `${where}: transfer may hold ArrayBuffers and MessagePorts only, got ${typeof item === 'object' && item !== null ? describeObject(item) : String(item)}`,
      );
    }
    if (seen.has(item)) throw refuse(where, 'the same transferable twice in transfer');
    seen.add(item);
  }
}

/** Node 20 has no `ArrayBuffer.prototype.detached`: a view over a detached buffer cannot be made. */
function isDetached(buffer: ArrayBuffer): boolean {
  try {
    new Uint8Array(buffer);
    return false;
  } catch {
    return true;
  }
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
  if (types.isProxy(value)) throw refuse(where, 'a Proxy');
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
  // A Lock or an Event (a thread pool turned a top-level one into its handle): cloning would
  // copy its fields and drop its class.
  const shareable = findShareable(value);
  if (shareable !== undefined) {
    if (!sharesMemory) {
      throw new DOMException(
        `${where}: ${describeObject(shareable)} shares memory between threads, not processes; use a ThreadPoolExecutor`,
        'DataCloneError',
      );
    }
    throw refuse(where, describeObject(shareable), shareableHint(shareable));
  }
  if (!sharesMemory && isShared(value)) {
    const what = ArrayBuffer.isView(value)
      ? `${describeObject(value)} over a SharedArrayBuffer`
      : 'a SharedArrayBuffer';
    throw refuse(where, what, 'only threads share memory: use a ThreadPoolExecutor');
  }
  if (value instanceof ArrayBuffer && value.byteLength === 0 && isDetached(value))
    throw refuse(where, 'a detached ArrayBuffer');
  if (ArrayBuffer.isView(value) || SAFE.some((C) => value instanceof C)) return;
  let copy: unknown;
  try {
    copy = structuredClone(value);
    // A process child gets what `v8.serialize` makes of it, which refuses a Blob or a KeyObject
    // that a thread takes: sent anyway, they would arrive as empty objects.
    if (!sharesMemory) serialize(value);
  } catch (error) {
    throw refuse(where, `${describeObject(value)} (${firstLine((error as Error).message)})`);
  }
  if (emptied(value, copy)) {
    const hint = value instanceof URL ? ': pass its href' : '';
    throw refuse(where, describeObject(value), `it would arrive as an empty object${hint}`);
  }
}

/**
 * Node 20 clones some of its own classes (URL, AbortSignal, Headers, TextEncoder…) as `{}`
 * without a word: their state lives in private fields. A user's class is left alone (cloning
 * drops its prototype by design), and so is a built-in that keeps its class (Blob, Map…).
 */
function emptied(value: object, copy: unknown): boolean {
  const C = (value as { constructor?: unknown }).constructor;
  return (
    typeof C === 'function' &&
    (globalThis as Record<string, unknown>)[C.name] === C &&
    typeof copy === 'object' &&
    copy !== null &&
    Object.getPrototypeOf(copy) === Object.prototype &&
    Object.keys(copy).length === 0
  );
}

/**
 * V8 names the value it could not clone by its source: for a socket, a whole listener function.
 * Its first line, cut short, says which value it was without burying the message.
 */
function firstLine(message: string): string {
  const line = message.split('\n', 1)[0]!;
  if (line.length <= 80 && line === message) return message;
  return `${line.slice(0, 80)}… could not be cloned.`;
}

function isShared(value: object): boolean {
  const buffer = ArrayBuffer.isView(value) ? value.buffer : value;
  return buffer instanceof SharedArrayBuffer;
}

function describeObject(value: object): string {
  const name = (value.constructor as { name?: unknown } | undefined)?.name;
  if (typeof name !== 'string' || name === '') return 'an object';
  return `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}`;
}

function refuse(where: string, what: string, why?: string): DOMException {
  return new DOMException(
    `${where}: ${what} cannot be cloned to a worker${why === undefined ? '' : ` (${why})`}`,
    'DataCloneError',
  );
}
