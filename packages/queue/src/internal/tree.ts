/*
 * A fast structured clone for the values queues carry most: trees of plain objects, dense
 * arrays and primitives. `v8.serialize` handles everything but costs a serializer object and a
 * Buffer per call through Node's JS wrapper; this writes such trees straight into bytes, and
 * gives up (returns -1) on anything else, which then takes the v8 path: other objects (Map,
 * Date, typed arrays, class instances, errors, …), arrays with holes or extra properties, strings
 * with lone surrogates, an object met twice (structured clone keeps the sharing, or a cycle),
 * too deep or too many objects. Reading a property runs its getter, as structured clone does.
 *
 * Format (little-endian): a tag byte, then
 *   UNDEFINED NULL TRUE FALSE   nothing
 *   INT32 4 bytes, FLOAT64 8 bytes
 *   LATIN1, UTF8, BIGINT        u32 byte length, bytes (LATIN1: one per character; BIGINT:
 *                               decimal text)
 *   ARRAY                       u32 length, the elements
 *   OBJECT                      u32 count, then count times: key (LATIN1 or UTF8), value
 *   TYPED                       u8 kind (index in TYPED_ARRAYS), u32 byte length, the bytes
 *                               of a typed array's view (a Buffer comes back a Uint8Array)
 */
import { isLatin1 } from './latin1.js';
import { raw, type RawBuffer } from './raw-buffer.js';

const UNDEFINED = 0;
const NULL = 1;
const TRUE = 2;
const FALSE = 3;
const INT32 = 4;
const FLOAT64 = 5;
const LATIN1 = 6;
const UTF8 = 7;
const BIGINT = 8;
const ARRAY = 9;
const OBJECT = 10;
const TYPED = 11;

type TypedArrayClass = new (buffer: ArrayBuffer) => ArrayBufferView;
const TYPED_ARRAYS: TypedArrayClass[] = [
  Uint8Array,
  Int8Array,
  Uint8ClampedArray,
  Uint16Array,
  Int16Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
  BigUint64Array,
  BigInt64Array,
];
const TYPED_PROTOS: unknown[] = TYPED_ARRAYS.map((c) => c.prototype);

const MAX_DEPTH = 32;
const MAX_OBJECTS = 64;
/** Latin-1 strings up to this long are copied char by char rather than through Buffer calls. */
const SHORT = 32;

const GIVE_UP = -1;

type WellFormed = string & { isWellFormed(): boolean };

/** The reusable buffer trees are written into (one per thread); see {@link encodeTree}. */
let buf: RawBuffer = raw(Buffer.allocUnsafe(1024));
let view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
let pos = 0;
let busy = false;
/** The objects of the tree being written, to find one met twice: `objects[0 .. seen)`. */
const objects: unknown[] = new Array<unknown>(MAX_OBJECTS).fill(undefined);
let seen = 0;

function ensure(n: number): void {
  if (pos + n <= buf.length) return;
  const bigger = raw(Buffer.allocUnsafe(Math.max(buf.length * 2, pos + n)));
  buf.copy(bigger, 0, 0, pos);
  buf = bigger;
  view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

/**
 * Writes `value` as a tree; returns its length in bytes (the bytes are `treeBytes()`, valid
 * until the next call), or -1 when the value needs the v8 path.
 */
export function encodeTree(value: unknown): number {
  if (busy) return GIVE_UP; // a getter putting into a queue while we read it
  busy = true;
  pos = 0;
  seen = 0;
  try {
    return write(value, 0) === GIVE_UP ? GIVE_UP : pos;
  } finally {
    busy = false;
    for (let i = 0; i < seen; i++) objects[i] = undefined;
  }
}

/** The buffer the last {@link encodeTree} wrote into. */
export function treeBytes(): Buffer {
  return buf;
}

function write(v: unknown, depth: number): number {
  switch (typeof v) {
    case 'number':
      if ((v | 0) === v && (v !== 0 || 1 / v > 0)) {
        ensure(5);
        buf[pos] = INT32;
        view.setInt32(pos + 1, v, true);
        pos += 5;
      } else {
        ensure(9);
        buf[pos] = FLOAT64;
        view.setFloat64(pos + 1, v, true);
        pos += 9;
      }
      return 0;
    case 'string':
      return writeString(v);
    case 'boolean':
      ensure(1);
      buf[pos++] = v ? TRUE : FALSE;
      return 0;
    case 'undefined':
      ensure(1);
      buf[pos++] = UNDEFINED;
      return 0;
    case 'bigint': {
      const s = v.toString();
      ensure(5 + s.length);
      buf[pos] = BIGINT;
      view.setUint32(pos + 1, s.length, true);
      buf.latin1Write(s, pos + 5, s.length);
      pos += 5 + s.length;
      return 0;
    }
    case 'object':
      if (v === null) {
        ensure(1);
        buf[pos++] = NULL;
        return 0;
      }
      return writeObject(v, depth);
    default:
      return GIVE_UP;
  }
}

function writeString(s: string): number {
  const n = s.length;
  if (isLatin1(s)) {
    ensure(5 + n);
    buf[pos] = LATIN1;
    view.setUint32(pos + 1, n, true);
    const at = pos + 5;
    if (n > SHORT) buf.latin1Write(s, at, n);
    else for (let i = 0; i < n; i++) buf[at + i] = s.charCodeAt(i);
    pos = at + n;
    return 0;
  }
  if (!(s as WellFormed).isWellFormed()) return GIVE_UP;
  ensure(5 + n * 3);
  const bytes = buf.utf8Write(s, pos + 5, buf.length - pos - 5);
  buf[pos] = UTF8;
  view.setUint32(pos + 1, bytes, true);
  pos += 5 + bytes;
  return 0;
}

function writeObject(o: object, depth: number): number {
  if (depth >= MAX_DEPTH || seen >= MAX_OBJECTS) return GIVE_UP;
  for (let i = 0; i < seen; i++) if (objects[i] === o) return GIVE_UP;
  objects[seen++] = o;
  const proto: unknown = Object.getPrototypeOf(o);
  if (Array.isArray(o)) {
    if (proto !== Array.prototype) return GIVE_UP;
    const a = o as unknown[];
    const n = a.length;
    for (let i = 0; i < n; i++) if (!(i in a)) return GIVE_UP;
    if (Object.keys(a).length !== n) return GIVE_UP;
    ensure(5);
    buf[pos] = ARRAY;
    view.setUint32(pos + 1, n, true);
    pos += 5;
    for (let i = 0; i < n; i++) if (write(a[i], depth + 1) === GIVE_UP) return GIVE_UP;
    return 0;
  }
  if (proto !== Object.prototype && proto !== null) return writeTyped(o, proto);
  const keys = Object.keys(o);
  ensure(5);
  buf[pos] = OBJECT;
  view.setUint32(pos + 1, keys.length, true);
  pos += 5;
  const rec = o as Record<string, unknown>;
  for (const key of keys) {
    // Assigning '__proto__' would not make an own property when reading back.
    if (key === '__proto__' || writeString(key) === GIVE_UP) return GIVE_UP;
    if (write(rec[key], depth + 1) === GIVE_UP) return GIVE_UP;
  }
  return 0;
}

/**
 * A typed array of one of the built-in classes, or a Buffer (which arrives as a Uint8Array, as
 * structuredClone makes it). Only the view's own bytes are copied, as `v8.serialize` does.
 */
function writeTyped(o: object, proto: unknown): number {
  const kind = Buffer.isBuffer(o) ? 0 : TYPED_PROTOS.indexOf(proto);
  if (kind < 0) return GIVE_UP;
  const v = o as ArrayBufferView;
  const n = v.byteLength;
  ensure(6 + n);
  buf[pos] = TYPED;
  buf[pos + 1] = kind;
  view.setUint32(pos + 2, n, true);
  buf.set(new Uint8Array(v.buffer, v.byteOffset, n), pos + 6);
  pos += 6 + n;
  return 0;
}

/** Reads a tree written by {@link encodeTree} from `data` at `at`. */
export function decodeTree(data: RawBuffer, dv: DataView, at: number): unknown {
  readAt = at;
  return read(data, dv);
}

let readAt = 0;

function read(data: RawBuffer, dv: DataView): unknown {
  const tag = data[readAt++];
  switch (tag) {
    case UNDEFINED:
      return undefined;
    case NULL:
      return null;
    case TRUE:
      return true;
    case FALSE:
      return false;
    case INT32: {
      const v = dv.getInt32(readAt, true);
      readAt += 4;
      return v;
    }
    case FLOAT64: {
      const v = dv.getFloat64(readAt, true);
      readAt += 8;
      return v;
    }
    case LATIN1:
    case UTF8:
      return readString(data, dv, tag);
    case BIGINT: {
      const n = dv.getUint32(readAt, true);
      const s = data.latin1Slice(readAt + 4, readAt + 4 + n);
      readAt += 4 + n;
      return BigInt(s);
    }
    case ARRAY: {
      const n = dv.getUint32(readAt, true);
      readAt += 4;
      const a = new Array<unknown>(n);
      for (let i = 0; i < n; i++) a[i] = read(data, dv);
      return a;
    }
    case TYPED: {
      const kind = data[readAt]!;
      const n = dv.getUint32(readAt + 1, true);
      const bytes = new Uint8Array(n);
      bytes.set(data.subarray(readAt + 5, readAt + 5 + n));
      readAt += 5 + n;
      return new TYPED_ARRAYS[kind]!(bytes.buffer);
    }
    default: {
      const n = dv.getUint32(readAt, true);
      readAt += 4;
      const o: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) {
        const key = readString(data, dv, data[readAt++]);
        o[key] = read(data, dv);
      }
      return o;
    }
  }
}

/**
 * Short Latin-1 strings read lately, by a hash of their bytes: object keys repeat from item to
 * item, and reusing the string saves building it and V8 internalizing it as a key again.
 */
const recent: string[] = new Array<string>(256).fill('');

function readString(data: RawBuffer, dv: DataView, tag: number | undefined): string {
  const n = dv.getUint32(readAt, true);
  const at = readAt + 4;
  readAt = at + n;
  if (tag === LATIN1 && n <= SHORT) {
    let h = n;
    for (let i = 0; i < n; i++) h = (Math.imul(h, 31) + data[at + i]!) | 0;
    const slot = h & 255;
    const cached = recent[slot]!;
    if (cached.length === n) {
      let same = true;
      for (let i = 0; i < n; i++) {
        if (cached.charCodeAt(i) !== data[at + i]) {
          same = false;
          break;
        }
      }
      if (same) return cached;
    }
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(data[at + i]!);
    recent[slot] = s;
    return s;
  }
  return tag === LATIN1 ? data.latin1Slice(at, at + n) : data.utf8Slice(at, at + n);
}
