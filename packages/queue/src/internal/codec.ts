import { deserialize, serialize } from 'node:v8';
import { findShareable, shareableHint } from '@skein/sync/crossing';
import { deserializeError, serializeError } from '@skein/sync/serialize-error';
import { isLatin1, SHORT } from './latin1.js';
import type { RawBuffer } from './raw-buffer.js';
import { liftErrors, restoreErrors, type LiftedErrors } from './nested-errors.js';
import { decodeTree, encodeTree, treeBytes } from './tree.js';

/*
 * How an item becomes the bytes of one ring record, and back: structured clone semantics.
 *
 * Primitives take a fast path: a one-byte tag and their raw bytes (an int32 in 4 bytes, other
 * numbers as a float64, strings of Latin-1 characters one byte each, other well-formed strings
 * as UTF-8, bigints as decimal text). Trees of plain objects, dense arrays and primitives are
 * written by tree.ts. Everything else goes through `v8.serialize`, the serializer behind
 * `structuredClone` and `postMessage`, so the same values cross and the same ones are refused:
 * its errors become a DOMException named 'DataCloneError', as `structuredClone` throws. So is a
 * value holding a Lock, an Event or another Skein object (`@skein/sync/crossing`), which cloning
 * would turn into a dead plain object (and whose handle holds shared memory, as bytes cannot). Lone
 * surrogates cannot round-trip through UTF-8, so such strings take the v8 path too. An Error
 * item crosses as Skein errors do (name, message, stack, code and cause kept, which structured
 * cloning would lose for custom errors): `@skein/sync/serialize-error`, then `v8.serialize`;
 * so does an Error nested in an item (nested-errors.ts).
 */
export const TAG_UNDEFINED = 0;
export const TAG_NULL = 1;
export const TAG_TRUE = 2;
export const TAG_FALSE = 3;
export const TAG_INT32 = 4;
export const TAG_FLOAT64 = 5;
export const TAG_STRING = 6;
export const TAG_BIGINT = 7;
export const TAG_V8 = 8;
export const TAG_LATIN1 = 9;
export const TAG_TREE = 10;
export const TAG_ERROR = 11;
/** An item with Errors nested in it, as {@link LiftedErrors}. */
export const TAG_NESTED_ERRORS = 12;

/** One encoded item: its tag, payload length, and what the payload is made from. */
export class Encoded {
  tag = TAG_UNDEFINED;
  /** Payload bytes (after the record header). */
  length = 0;
  /** For TAG_V8, TAG_ERROR and TAG_NESTED_ERRORS the payload; for TAG_TREE a buffer whose first `length` bytes are. */
  num = 0;
  str = '';
  bytes: Uint8Array | undefined = undefined;

  /** A copy that stays valid after this (reused) object encodes the next item. */
  copy(): Encoded {
    const c = new Encoded();
    c.tag = this.tag;
    c.length = this.length;
    c.num = this.num;
    c.str = this.str;
    // A tree's bytes live in a buffer the next encode reuses.
    c.bytes =
      this.tag === TAG_TREE ? Buffer.from(this.bytes!.subarray(0, this.length)) : this.bytes;
    return c;
  }
}

/** The error `structuredClone` throws for a value that cannot be cloned. */
export function dataCloneError(message: string): DOMException {
  return new DOMException(message, 'DataCloneError');
}

type WellFormed = string & { isWellFormed(): boolean };

/** Encodes `value` into `out`; throws a DataCloneError (DOMException) when it cannot be cloned. */
export function encode(value: unknown, out: Encoded): void {
  out.bytes = undefined;
  switch (typeof value) {
    case 'number':
      if ((value | 0) === value && (value !== 0 || 1 / value > 0)) {
        out.tag = TAG_INT32;
        out.length = 4;
      } else {
        out.tag = TAG_FLOAT64;
        out.length = 8;
      }
      out.num = value;
      return;
    case 'string':
      if (isLatin1(value)) {
        out.tag = TAG_LATIN1;
        out.str = value;
        out.length = value.length;
        return;
      }
      if ((value as WellFormed).isWellFormed()) {
        out.tag = TAG_STRING;
        out.str = value;
        out.length = value.length === 0 ? 0 : Buffer.byteLength(value, 'utf8');
        return;
      }
      break;
    case 'boolean':
      out.tag = value ? TAG_TRUE : TAG_FALSE;
      out.length = 0;
      return;
    case 'undefined':
      out.tag = TAG_UNDEFINED;
      out.length = 0;
      return;
    case 'bigint':
      out.tag = TAG_BIGINT;
      out.str = value.toString();
      out.length = out.str.length;
      return;
    case 'function':
    case 'symbol':
      throw dataCloneError(`${describeUncloneable(value)} could not be cloned.`);
    default:
      if (value === null) {
        out.tag = TAG_NULL;
        out.length = 0;
        return;
      }
  }
  const length = encodeTree(value);
  if (length >= 0) {
    out.tag = TAG_TREE;
    out.bytes = treeBytes();
    out.length = length;
    return;
  }
  // Cloning would copy a Lock's or an Event's fields and drop its class; its handle holds
  // shared memory, which bytes cannot carry.
  const shareable = findShareable(value);
  if (shareable !== undefined) {
    throw dataCloneError(
      `${shareableHint(shareable)}; a SharedQueue copies its items as bytes, so neither can go through it: hand the handle over with postMessage, workerData or as a pool task argument`,
    );
  }
  let bytes: Uint8Array;
  const isError = value instanceof Error;
  let lifted: LiftedErrors | undefined;
  try {
    if (!isError) lifted = liftErrors(value);
    bytes = serialize(isError ? serializeError(value) : (lifted ?? value));
  } catch (error) {
    throw dataCloneError(error instanceof Error ? error.message : String(error));
  }
  out.tag = isError ? TAG_ERROR : lifted !== undefined ? TAG_NESTED_ERRORS : TAG_V8;
  out.bytes = bytes;
  out.length = bytes.length;
}

function describeUncloneable(value: unknown): string {
  return typeof value === 'symbol' ? value.toString() : 'a function';
}

/** Writes the payload of `item` into `buf` at byte `at` (the caller checked there is room). */
export function writePayload(buf: RawBuffer, view: DataView, at: number, item: Encoded): void {
  switch (item.tag) {
    case TAG_INT32:
      view.setInt32(at, item.num, true);
      return;
    case TAG_FLOAT64:
      view.setFloat64(at, item.num, true);
      return;
    case TAG_LATIN1: {
      const { str } = item;
      if (str.length > SHORT) buf.latin1Write(str, at, str.length);
      else for (let i = 0; i < str.length; i++) buf[at + i] = str.charCodeAt(i);
      return;
    }
    case TAG_STRING:
      if (item.length > 0) buf.utf8Write(item.str, at, item.length);
      return;
    case TAG_BIGINT:
      buf.latin1Write(item.str, at, item.length);
      return;
    case TAG_V8:
    case TAG_ERROR:
    case TAG_NESTED_ERRORS:
      buf.set(item.bytes!, at);
      return;
    case TAG_TREE: {
      // The first `length` bytes of the (reused) tree buffer; short ones byte by byte.
      const src = item.bytes!;
      const n = item.length;
      if (n <= 64) for (let i = 0; i < n; i++) buf[at + i] = src[i]!;
      else buf.set(src.subarray(0, n), at);
      return;
    }
    default:
  }
}

/**
 * Reads the payload of a record with `tag` and `length` at byte `at`. For v8-serialized items it
 * returns a private copy of the bytes (wrapped by {@link Serialized}), to be decoded after the
 * ring slot is given back; everything else is decoded here.
 */
export function readPayload(
  buf: RawBuffer,
  view: DataView,
  at: number,
  tag: number,
  length: number,
): unknown {
  switch (tag) {
    case TAG_UNDEFINED:
      return undefined;
    case TAG_NULL:
      return null;
    case TAG_TRUE:
      return true;
    case TAG_FALSE:
      return false;
    case TAG_INT32:
      return view.getInt32(at, true);
    case TAG_FLOAT64:
      return view.getFloat64(at, true);
    case TAG_LATIN1: {
      if (length > SHORT) return buf.latin1Slice(at, at + length);
      let s = '';
      for (let i = 0; i < length; i++) s += String.fromCharCode(buf[at + i]!);
      return s;
    }
    case TAG_STRING:
      return length === 0 ? '' : buf.utf8Slice(at, at + length);
    case TAG_BIGINT:
      return BigInt(buf.latin1Slice(at, at + length));
    case TAG_TREE:
      return decodeTree(buf, view, at);
    default:
      return new Serialized(Uint8Array.prototype.slice.call(buf, at, at + length), tag);
  }
}

/** v8-serialized bytes copied out of the ring, decoded with {@link decode}. */
export class Serialized {
  constructor(
    readonly bytes: Uint8Array,
    /** TAG_V8, TAG_ERROR (the bytes are a serialised error) or TAG_NESTED_ERRORS. */
    readonly tag: number,
  ) {}
}

/** A record that could not be read; {@link decode} throws its error. */
export class Undecodable {
  constructor(readonly error: unknown) {}
}

/** Finishes what {@link readPayload} returned. */
export function decode(raw: unknown): unknown {
  if (raw instanceof Serialized) {
    const value: unknown = deserialize(raw.bytes);
    if (raw.tag === TAG_ERROR)
      return deserializeError(value as Parameters<typeof deserializeError>[0]);
    return raw.tag === TAG_NESTED_ERRORS ? restoreErrors(value as LiftedErrors) : value;
  }
  if (raw instanceof Undecodable) throw raw.error;
  return raw;
}
