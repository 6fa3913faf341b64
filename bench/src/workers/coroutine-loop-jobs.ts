// The module a Skein loop thread runs in the loop-thread-rtt question.

/** Returns its argument: the round trip is all there is to measure. */
export function echo(value: number): Promise<number> {
  return Promise.resolve(value);
}
