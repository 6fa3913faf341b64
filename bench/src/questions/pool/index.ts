import type { AnyQuestion } from '../../harness/types.js';

/** The @skein/pool questions of BENCHMARKS.md. */
export const poolQuestions: readonly AnyQuestion[] = [];
