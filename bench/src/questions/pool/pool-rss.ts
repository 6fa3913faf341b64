// BENCHMARKS.md, @skein/pool: "RSS after the 100k burst (MB)".
import type { MetricQuestion } from '../../harness/types.js';
import { childContender } from './child.js';
import { peers } from './peers.js';

const SKEIN = peers.skeinThreads.name;

export const poolRss: MetricQuestion = {
  style: 'metric',
  name: 'pool-rss',
  title: 'RSS after a burst of 100k tiny tasks, 2 worker threads (MB)',
  op: 'one fresh node process: create a pool of 2 worker threads, run one task, submit 100k noop(i) at once and await them all, then read process.memoryUsage().rss (the main thread and both workers)',
  reference: peers.piscina.name,
  metrics: [{ key: 'rss', label: 'RSS', unit: 'MB', better: 'lower' }],
  runs: 2,
  noWarmup: true,
  targets: [
    { contender: SKEIN, metric: 'rss', level: 'must', factor: 1, ref: peers.piscina.name },
    { contender: SKEIN, metric: 'rss', level: 'aim', factor: 0.5, ref: peers.piscina.name },
  ],
  notes:
    "Each sample is its own process (`node dist/workers/pool-child.js rss <pool>`), so no pool inherits another one's heap; the burst checks that task i answered i.",
  async setup() {
    return [
      childContender('rss', 'skeinThreads'),
      childContender('rss', 'piscina'),
      childContender('rss', 'tinypool'),
    ];
  },
};
