import type { AnyQuestion } from '../harness/types.js';
import { coroutineQuestions } from './coroutine/index.js';
import { poolQuestions } from './pool/index.js';
import { queueQuestions } from './queue/index.js';
import { syncQuestions } from './sync/index.js';

/** Every question, in the order `pnpm bench` runs them: one folder per package. */
export const questions: readonly AnyQuestion[] = [
  ...syncQuestions,
  ...queueQuestions,
  ...coroutineQuestions,
  ...poolQuestions,
];
