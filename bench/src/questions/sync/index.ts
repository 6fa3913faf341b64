import type { Question } from '../../harness/types.js';
import { lockContended } from './lock-contended.js';
import { lockThreads } from './lock-threads.js';
import { lockUncontended } from './lock-uncontended.js';
import { semaphoreContended } from './semaphore-contended.js';
import { semaphoreUncontended } from './semaphore-uncontended.js';

/** The @skein/sync questions of BENCHMARKS.md. */
export const syncQuestions: readonly Question[] = [
  lockUncontended,
  lockContended,
  semaphoreUncontended,
  semaphoreContended,
  lockThreads,
];
