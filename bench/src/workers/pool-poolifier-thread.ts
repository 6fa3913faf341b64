// poolifier's thread worker: the pool-tasks functions, registered by name (poolifier passes data as optional).
import { ThreadWorker } from 'poolifier';
import { noop, spin } from './pool-tasks.js';

export default new ThreadWorker<number, number>({
  noop: (x) => noop(x!),
  spin: (ms) => spin(ms!),
});
