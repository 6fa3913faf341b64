import type { AnyQuestion } from '../../harness/types.js';

/** The @skein/queue questions of BENCHMARKS.md. */
export const queueQuestions: readonly AnyQuestion[] = [];
