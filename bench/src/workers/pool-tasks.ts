// The task module of the pool questions, for Skein, piscina and tinypool (which call an export by name).

/** A tiny task: hands its argument back. */
export function noop(x: number): number {
  return x;
}

/** A CPU task: busy for `ms` milliseconds of wall time, then returns `ms`. */
export function spin(ms: number): number {
  const end = performance.now() + ms;
  while (performance.now() < end);
  return ms;
}

export default noop;
