/**
 * Buffer's encoding methods without `write`/`toString`'s argument parsing, which cost as much as
 * the copy itself for the short strings queues carry. They are what those public methods call,
 * present on every Buffer since Node 0.x, but not in `@types/node`.
 */
export interface RawBuffer extends Buffer {
  utf8Write(s: string, offset: number, length?: number): number;
  latin1Write(s: string, offset: number, length: number): number;
  utf8Slice(start: number, end: number): string;
  latin1Slice(start: number, end: number): string;
}

/** `buf`, typed with its raw encoding methods. */
export function raw(buf: Buffer): RawBuffer {
  return buf as RawBuffer;
}
