// poolifier's cluster (process) worker: the pool-tasks functions, registered by name (poolifier passes data as optional).
import { ClusterWorker } from 'poolifier';
import { noop, spin } from './pool-tasks.js';

export default new ClusterWorker<number, number>({
  noop: (x) => noop(x!),
  spin: (ms) => spin(ms!),
});
