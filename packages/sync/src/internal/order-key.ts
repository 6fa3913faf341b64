/*
 * Every lock gets a random 53-bit order key, stored in its shared memory so every thread sees
 * the same key: acquireAll sorts by it, deadlock detection names locks by it.
 */
const HI = 2 ** 32;

export function newOrderKey(words: Int32Array, hiIndex: number): void {
  const [hi, lo] = crypto.getRandomValues(new Uint32Array(2)) as unknown as [number, number];
  words[hiIndex] = hi & 0x1fffff;
  words[hiIndex + 1] = lo | 0;
}

export function readOrderKey(words: Int32Array, hiIndex: number): number {
  return words[hiIndex]! * HI + (words[hiIndex + 1]! >>> 0);
}
