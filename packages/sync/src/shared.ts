import { Barrier, type SharedBarrier } from './barrier.js';
import { Condition, type SharedCondition } from './condition.js';
import { Event, type SharedEvent } from './event.js';
import { isSharedHandle, type SharedHandle } from './internal/handle.js';
import { describe } from './internal/options.js';
import { Lock, type SharedLock } from './lock.js';
import { RLock, type SharedRLock } from './rlock.js';
import {
  BoundedSemaphore,
  Semaphore,
  type SharedBoundedSemaphore,
  type SharedSemaphore,
} from './semaphore.js';
import { SharedArray, SharedValue, type SharedData, type SharedType } from './shared-value.js';

export { isSharedHandle, type SharedHandle };

/** Any sync object that can cross threads. */
export type Shareable =
  | Lock
  | RLock
  | Semaphore
  | BoundedSemaphore
  | Event
  | Condition
  | Barrier
  | SharedValue
  | SharedArray;

const revivers: Record<string, (h: never) => Shareable> = {
  Lock: (h: SharedLock) => Lock.fromShared(h),
  RLock: (h: SharedRLock) => RLock.fromShared(h),
  Semaphore: (h: SharedSemaphore) => Semaphore.fromShared(h),
  BoundedSemaphore: (h: SharedBoundedSemaphore) => BoundedSemaphore.fromShared(h),
  Event: (h: SharedEvent) => Event.fromShared(h),
  Condition: (h: SharedCondition) => Condition.fromShared(h),
  Barrier: (h: SharedBarrier) => Barrier.fromShared(h),
  SharedValue: (h: SharedData<'SharedValue', SharedType>) => SharedValue.fromShared(h),
  SharedArray: (h: SharedData<'SharedArray', SharedType>) => SharedArray.fromShared(h),
};

/**
 * Revives any `@skein/sync` object from the handle its `toShared()` made, whatever its class.
 * Throws `TypeError` for anything else. `@skein/pool` uses this for task arguments.
 *
 * @example
 * ```ts
 * import { Lock, fromShared } from '@skein/sync';
 * const lock = fromShared(new Lock().toShared());
 * console.log(lock instanceof Lock); // true
 * ```
 */
export function fromShared(handle: SharedHandle): Shareable {
  if (!isSharedHandle(handle)) {
    throw new TypeError(`fromShared: expected the result of toShared(), got ${describe(handle)}`);
  }
  const revive = revivers[handle.__skein];
  if (revive === undefined)
    throw new TypeError(`fromShared: unknown shared kind '${handle.__skein}'`);
  return revive(handle as never);
}
