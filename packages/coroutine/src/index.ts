export {
  CancelledError,
  ExceptionGroup,
  InvalidStateError,
  LookupError,
  LoopThreadExitedError,
  TimeoutError,
} from './errors.js';
export {
  createTask,
  currentTask,
  Task,
  type DoneCallback,
  type ResultOf,
  type TaskOptions,
  type TaskState,
  type Work,
} from './task.js';
export { sleep, type SleepOptions } from './sleep.js';
export { run } from './run.js';
export {
  gather,
  type Awaitable,
  type GatherOptions,
  type GatherResults,
  type GatherSettled,
} from './gather.js';
export {
  ALL_COMPLETED,
  asCompleted,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  wait,
  type AsCompleted,
  type AsCompletedOptions,
  type ReturnWhen,
  type WaitOptions,
  type WaitResult,
} from './wait.js';
export { timeout, waitFor } from './timeout.js';
export { shield } from './shield.js';
export { TaskGroup } from './task-group.js';
export { ContextVar, Token, type ContextVarOptions } from './context-var.js';
export {
  getCurrent,
  Greenlet,
  joinAll,
  spawn,
  Switch,
  type GreenletFunction,
  type GreenletOptions,
  type JoinAllOptions,
} from './greenlet.js';
export { Future } from './future.js';
export {
  LoopThread,
  startLoopThread,
  type FunctionName,
  type LoopThreadOptions,
  type SharedLoopThread,
} from './loop-thread.js';
