import { describe } from './validate.js';

/** Kinds of keys, in the order keys of different kinds sort. */
const NUMERIC = 0;
const STRING = 1;
const ARRAY = 2;
const OTHER = 3;

function kind(v: unknown): number {
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return NUMERIC;
    case 'string':
      return STRING;
    default:
      return Array.isArray(v) ? ARRAY : OTHER;
  }
}

/**
 * Python's ordering of priority-queue items, for keys without a `compare` function: numbers and
 * bigints by value, strings by code point, arrays element by element like tuples (a shorter
 * prefix first). Keys of different kinds sort numbers < strings < arrays; anything else (an
 * object inside an array, as in `[priority, job]`) compares equal, so the tie goes to FIFO
 * instead of throwing as Python does. A total preorder as long as no key holds `NaN`.
 */
export function naturalCompare(a: unknown, b: unknown): number {
  // Not a - b: Infinity - Infinity is NaN, which would end a tuple comparison as unequal.
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const ka = kind(a);
  const kb = kind(b);
  if (ka !== kb) return ka - kb;
  if (ka === ARRAY) return compareArrays(a as readonly unknown[], b as readonly unknown[]);
  if (ka === OTHER) return 0;
  if (ka === STRING) return compareStrings(a as string, b as string);
  // A bigint with a number or another bigint: `<` compares their values exactly.
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

/**
 * Strings by code point, as Python compares them. JavaScript's `<` compares UTF-16 code units,
 * which puts a character above U+FFFF (a surrogate pair, from U+D800) before U+E000 to U+FFFF
 * (full-width forms, the private use area): they differ only where the first difference pairs
 * two units from U+D800 up, and there the code points decide.
 */
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x < 0xd800 || y < 0xd800) return x - y;
    return a.codePointAt(i)! - b.codePointAt(i)!;
  }
  return a.length - b.length;
}

function compareArrays(a: readonly unknown[], b: readonly unknown[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = naturalCompare(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/**
 * Throws unless `key` can be ordered by {@link naturalCompare}: a number, bigint, string or
 * array (TypeError otherwise), holding no `NaN` at any depth (RangeError).
 */
export function checkNaturalKey(key: unknown, what: string): void {
  const k = kind(key);
  if (k === OTHER) {
    throw new TypeError(
      `${what} must be a number, bigint, string or array to be ordered, got ${describe(key)}; ` +
        'pass { priority } or construct the PriorityQueue with a compare function',
    );
  }
  if (hasNaN(key)) throw new RangeError(`${what} must not be or hold NaN: it cannot be ordered`);
}

function hasNaN(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(hasNaN);
  return Number.isNaN(v);
}
