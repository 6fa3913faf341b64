// BENCHMARKS.md, @skein/pool: "2,000 CPU tasks of 1 ms" (% of ideal).
import type { MetricContender, MetricQuestion } from '../../harness/types.js';
import { spinBare } from './floors.js';
import { peers, type PoolPeer, type PoolUnderTest, rowOf, timed, WORKERS } from './peers.js';

const TASKS = 2_000;
const TASK_MS = 1;
const IDEAL_MS = (TASKS * TASK_MS) / WORKERS;
const SKEIN = peers.skeinThreads.name;

async function spinAll(pool: PoolUnderTest, n: number): Promise<void> {
  const pending = new Array<PromiseLike<number>>(n);
  for (let i = 0; i < n; i++) pending[i] = pool.run('spin', TASK_MS);
  const results = await Promise.all(pending);
  if (results.some((r) => r !== TASK_MS)) throw new Error('a spin task answered wrong');
}

function contender(peer: PoolPeer): MetricContender {
  return {
    ...rowOf(peer),
    async sample() {
      const ns = await timed(
        peer,
        (pool) => spinAll(pool, WORKERS * 4),
        (pool) => spinAll(pool, TASKS),
      );
      return { ideal: (IDEAL_MS / (ns / 1e6)) * 100 };
    },
  };
}

export const poolCpu: MetricQuestion = {
  style: 'metric',
  name: 'pool-cpu',
  title: '2,000 CPU tasks of 1 ms, 2 workers (% of ideal)',
  op: `${TASKS.toLocaleString('en-US')} tasks that each spin ${TASK_MS} ms, submitted at once on a fresh, warmed pool of 2 workers; % of ideal = (${TASKS.toLocaleString('en-US')} ms / 2 workers) / elapsed`,
  reference: peers.piscina.name,
  metrics: [{ key: 'ideal', label: 'of ideal', unit: '%', better: 'higher' }],
  targets: [
    { contender: SKEIN, metric: 'ideal', level: 'must', factor: 96 },
    { contender: SKEIN, metric: 'ideal', level: 'aim', factor: 98 },
  ],
  notes:
    'A spin task busy-waits on performance.now(), so it lasts 1 ms of wall time even when the OS takes its core away: on a loaded machine every pool loses the same share and no row can reach 100%. Compare the rows of one table. The floor row runs the same spins on 2 bare workers, 1,000 per message, so nothing else competes for the 2 cores: what this machine gives today.',
  async setup() {
    return [
      contender(peers.skeinThreads),
      contender(peers.piscina),
      contender(peers.tinypool),
      contender(peers.workerpool),
      contender(peers.skeinProcesses),
      {
        name: '2 bare workers spinning, no pool',
        kind: 'floor',
        async sample() {
          return { ideal: (IDEAL_MS / ((await spinBare(TASKS, TASK_MS)) / 1e6)) * 100 };
        },
      },
    ];
  },
};
