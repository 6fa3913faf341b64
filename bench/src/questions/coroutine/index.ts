import type { AnyQuestion } from '../../harness/types.js';
import { loopThreadRtt } from './loop-thread-rtt.js';
import { taskHeap } from './task-heap.js';
import { tasksCancel } from './tasks-cancel.js';
import { tasksGather } from './tasks-gather.js';

/** The @skein/coroutine questions of BENCHMARKS.md. */
export const coroutineQuestions: readonly AnyQuestion[] = [
  tasksGather,
  tasksCancel,
  taskHeap,
  loopThreadRtt,
];
