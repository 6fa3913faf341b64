export {
  BrokenQueueError,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  SkeinError,
  isSkeinError,
} from './errors.js';
export { LifoQueue } from './lifo-queue.js';
export { PriorityQueue } from './priority-queue.js';
export { Queue } from './queue.js';
export { SharedQueue, type SharedQueueHandle, type SharedQueueOptions } from './shared-queue.js';
export { SimpleQueue } from './simple-queue.js';
export type {
  PriorityPutOptions,
  PriorityQueueOptions,
  QueueLike,
  QueueOptions,
  ShutdownOptions,
  WaitOptions,
} from './types.js';
