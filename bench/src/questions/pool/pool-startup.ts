// BENCHMARKS.md, @skein/pool: "startup, create + first task (ms)".
import type { MetricQuestion } from '../../harness/types.js';
import { childContender } from './child.js';
import { peers } from './peers.js';

const SKEIN = peers.skeinThreads.name;

export const poolStartup: MetricQuestion = {
  style: 'metric',
  name: 'pool-startup',
  title: "start-up: create a pool of 2 workers and get the first task's result (ms)",
  op: 'one fresh node process, its modules already imported: the ms from creating the pool to the result of its first noop task',
  reference: peers.piscina.name,
  metrics: [{ key: 'ms', label: 'start-up', unit: 'ms', better: 'lower' }],
  runs: 5,
  noWarmup: true,
  targets: [
    { contender: SKEIN, metric: 'ms', level: 'must', factor: 1, ref: peers.piscina.name },
    { contender: SKEIN, metric: 'ms', level: 'aim', factor: 17 },
  ],
  notes:
    'Each sample is its own process (`node dist/workers/pool-child.js startup <pool>`): the first pool of a process is the question, so there is no warm-up.',
  async setup() {
    return [
      childContender('startup', 'skeinThreads'),
      childContender('startup', 'piscina'),
      childContender('startup', 'tinypool'),
      childContender('startup', 'skeinProcesses'),
      childContender('startup', 'tinypoolProcess'),
      childContender('startup', 'workerpoolProcess'),
    ];
  },
};
