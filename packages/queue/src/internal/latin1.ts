/** Strings up to this long are checked (and copied) char by char, cheaper than a call into C++. */
export const SHORT = 16;

/**
 * Matches a character beyond Latin-1. V8 compiles it to a check that fails at once on its
 * one-byte strings (almost every string), so `test` costs the same for any length.
 */
const BEYOND_LATIN1 = /[\u0100-\uffff]/;

/** Whether every character of `s` fits in one byte, so Latin-1 bytes round-trip it exactly. */
export function isLatin1(s: string): boolean {
  if (s.length > SHORT) return !BEYOND_LATIN1.test(s);
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return false;
  return true;
}
