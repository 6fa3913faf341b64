// The shared argument checks, and the type tests every entry point runs on what it is given.
export {
  checkTimeout,
  checkWaitOptions,
  describe,
  isThenable,
  type WaitOptions,
} from '@skein/sync/options';
export { findShareable, shareableHint } from '@skein/sync/crossing';

/** A promise rejected with what user code threw, as is (not always an Error). */
export function rejectWith<T>(reason: unknown): Promise<T> {
  return Promise.reject(reason);
}

/** True for a generator object (a started-or-not coroutine in Python's terms). */
export function isGenerator(value: unknown): value is Generator<unknown, unknown, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Generator).next === 'function' &&
    typeof (value as Generator).throw === 'function' &&
    typeof (value as Generator)[Symbol.iterator] === 'function'
  );
}
