/**
 * A chunk of at least this many numbers crosses to a worker (and back) as one `Float64Array`:
 * cloning it is a copy, while cloning an array clones each number on its own (~25 ns a number
 * each way). Every number round-trips exactly through a float64 (-0 and NaN included).
 */
const MIN_PACKED = 64;

/** `items` as a `Float64Array` when it is a long enough list of numbers only; `items` itself otherwise. */
export function packNumbers(items: readonly unknown[]): readonly unknown[] | Float64Array {
  if (items.length < MIN_PACKED) return items;
  for (let i = 0; i < items.length; i++) if (typeof items[i] !== 'number') return items;
  return new Float64Array(items as readonly number[]);
}
