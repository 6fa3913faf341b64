/** The p50 and p99 of `ns` samples, in microseconds. */
export function percentilesUs(ns: number[]): { p50: number; p99: number } {
  const sorted = [...ns].sort((a, b) => a - b);
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]! / 1e3;
  return { p50: at(0.5), p99: at(0.99) };
}
