import type { AnyQuestion } from '../../harness/types.js';

/** The @skein/coroutine questions of BENCHMARKS.md. */
export const coroutineQuestions: readonly AnyQuestion[] = [];
