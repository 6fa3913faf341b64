import type { Question } from '../harness/types.js';
import { lockContended } from './lock-contended.js';
import { lockThreads } from './lock-threads.js';
import { lockUncontended } from './lock-uncontended.js';
import { semaphoreContended } from './semaphore-contended.js';
import { semaphoreUncontended } from './semaphore-uncontended.js';

/** Every question, in the order `pnpm bench` runs them. */
export const questions: readonly Question[] = [
  lockUncontended,
  lockContended,
  semaphoreUncontended,
  semaphoreContended,
  lockThreads,
];
