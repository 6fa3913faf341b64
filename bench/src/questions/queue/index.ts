import type { AnyQuestion } from '../../harness/types.js';
import { queuePipe } from './queue-pipe.js';
import { sharedQueue4b, sharedQueue64b } from './shared-queue.js';

/** The @skein/queue questions of BENCHMARKS.md. */
export const queueQuestions: readonly AnyQuestion[] = [queuePipe, sharedQueue4b, sharedQueue64b];
