import { describe, expect, it } from 'vitest';
import {
  checkTimeout,
  checkWaitOptions,
  describe as describeValue,
  isThenable,
} from '../src/options.js';

// The checks every package runs; each package's own tests check its calls use them.
describe('@skein/sync/options', () => {
  it('checkWaitOptions: a TypeError for what is no options object, no number or no signal; a RangeError below 0', () => {
    expect(() => checkWaitOptions(undefined, 'Lock', 'acquire')).not.toThrow();
    expect(() =>
      checkWaitOptions({ timeout: Infinity, signal: new AbortController().signal }, 'x'),
    ).not.toThrow();
    expect(() => checkWaitOptions(5, 'Lock', 'acquire')).toThrow(
      new TypeError('Lock.acquire: options must be an object, got number 5'),
    );
    expect(() => checkWaitOptions({ timeout: '5' }, 'get')).toThrow(TypeError);
    expect(() => checkWaitOptions({ timeout: Number.NaN }, 'get')).toThrow(TypeError);
    expect(() => checkWaitOptions({ timeout: -1 }, 'get')).toThrow(RangeError);
    expect(() => checkWaitOptions({ signal: {} }, 'get')).toThrow(
      /get: options.signal must be an AbortSignal, got an object \(Object\)/,
    );
  });

  it('checkTimeout names the value', () => {
    expect(() => checkTimeout(0, 'poll')).not.toThrow();
    expect(() => checkTimeout(-1, 'poll: interval')).toThrow(
      new RangeError('poll: interval must be a number >= 0, got -1'),
    );
  });

  it('describe and isThenable', () => {
    expect(describeValue(new Map())).toBe('an object (Map)');
    expect(describeValue('x')).toBe('the string "x"');
    expect(isThenable(Promise.resolve(1))).toBe(true);
    expect(isThenable(Object.assign(() => {}, { then: () => {} }))).toBe(true);
    for (const value of [null, undefined, 1, { then: 1 }, () => {}])
      expect(isThenable(value)).toBe(false);
  });
});
