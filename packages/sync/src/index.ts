export { Lock, type SharedLock } from './lock.js';
export { RLock, type SharedRLock } from './rlock.js';
export {
  Semaphore,
  BoundedSemaphore,
  type SharedSemaphore,
  type SharedBoundedSemaphore,
} from './semaphore.js';
export { Event, type SharedEvent } from './event.js';
export {
  Condition,
  type ConditionOptions,
  type ConditionLockType,
  type SharedCondition,
} from './condition.js';
export { Barrier, type BarrierOptions, type SharedBarrier } from './barrier.js';
export { Timer } from './timer.js';
export {
  SharedValue,
  SharedArray,
  type SharedType,
  type ValueOf,
  type SharedData,
} from './shared-value.js';
export { acquireAll, withAll, type OrderedLock } from './acquire-all.js';
export {
  enableDeadlockDetection,
  disableDeadlockDetection,
  type DeadlockDetectionOptions,
} from './deadlock-detection.js';
export { holdThreadAlive } from './hold-thread-alive.js';
export { linkToCurrentTask } from './internal/context.js';
export { fromShared, isSharedHandle, type Shareable, type SharedHandle } from './shared.js';
export {
  SkeinError,
  isSkeinError,
  LockError,
  LockOrderError,
  BrokenBarrierError,
  PotentialDeadlockError,
  TimeoutError,
} from './errors.js';
export type { WaitOptions } from './internal/options.js';
export type { LockOptions, LockHandle } from './internal/permit-lock.js';
