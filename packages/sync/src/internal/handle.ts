import { describe } from './options.js';

/**
 * The plain, structured-cloneable form in which a sync object crosses to another thread:
 * `x.toShared()` makes one, `Class.fromShared(h)` (or the generic `fromShared(h)`) revives it.
 */
export interface SharedHandle<K extends string = string> {
  readonly __skein: K;
  readonly buffer: SharedArrayBuffer;
}

export function makeHandle<K extends string, E extends object>(
  kind: K,
  buffer: SharedArrayBuffer,
  extra: E,
): SharedHandle<K> & E {
  return { __skein: kind, buffer, ...extra };
}

/** True when `h` looks like a handle made by `toShared()` (of any kind). */
export function isSharedHandle(h: unknown): h is SharedHandle {
  return (
    typeof h === 'object' &&
    h !== null &&
    typeof (h as SharedHandle).__skein === 'string' &&
    (h as SharedHandle).buffer instanceof SharedArrayBuffer
  );
}

/** Throws a TypeError unless `h` is a handle of `kind` whose buffer has at least `bytes` bytes. */
export function checkHandle<K extends string>(
  h: unknown,
  kind: K,
  bytes: number,
): asserts h is SharedHandle<K> {
  if (!isSharedHandle(h)) {
    throw new TypeError(
      `${kind}.fromShared: expected the result of ${kind}.toShared(), got ${describe(h)}`,
    );
  }
  if (h.__skein !== kind) {
    throw new TypeError(`${kind}.fromShared: this handle is for ${h.__skein}, not ${kind}`);
  }
  if (h.buffer.byteLength < bytes) {
    throw new TypeError(`${kind}.fromShared: the handle's buffer is too small for a ${kind}`);
  }
}

/** A new shared buffer of `words` Int32 words. */
export function allocWords(words: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(words * 4));
}
