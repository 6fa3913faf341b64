/** 19400000 -> "19.4M", 910000 -> "910k". */
export function formatRate(opsPerSec: number): string {
  if (opsPerSec >= 1e9) return `${(opsPerSec / 1e9).toPrecision(3)}G`;
  if (opsPerSec >= 1e6) return `${(opsPerSec / 1e6).toPrecision(3)}M`;
  if (opsPerSec >= 1e3) return `${(opsPerSec / 1e3).toPrecision(3)}k`;
  return opsPerSec.toPrecision(3);
}

/** Microseconds per operation, with enough digits to tell 0.05 from 0.5. */
export function formatMicros(opsPerSec: number): string {
  const us = 1e6 / opsPerSec;
  return us >= 100 ? us.toFixed(0) : us >= 1 ? us.toFixed(2) : us.toFixed(3);
}

export function formatRatio(ratio: number): string {
  return ratio >= 10 ? `${ratio.toFixed(1)}×` : `${ratio.toFixed(2)}×`;
}

/** 1000000 -> "1M", 27000 -> "27k", 1234567 -> "1.23M". */
export function formatCount(n: number): string {
  if (n >= 1e6) return `${Number((n / 1e6).toPrecision(3))}M`;
  if (n >= 1e3) return `${Number((n / 1e3).toPrecision(3))}k`;
  return String(n);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
