// BENCHMARKS.md, @skein/pool: "100k tiny, ≤ 1,024 outstanding" (tasks/s).
import type { Contender, Question } from '../../harness/types.js';
import { burst, peers, type PoolPeer, rowOf, timed, windowed } from './peers.js';

const WINDOW = 1_024;
const WARM = 2_000;

function contender(peer: PoolPeer): Contender {
  return {
    ...rowOf(peer),
    run: (ops) =>
      timed(
        peer,
        (pool) => burst(pool, WARM),
        (pool) => windowed(pool, ops, WINDOW),
      ),
  };
}

export const poolWindowed: Question = {
  name: 'pool-windowed',
  title: 'tiny tasks with at most 1,024 outstanding (tasks/s)',
  op: `one noop(i) task; ${WINDOW.toLocaleString('en-US')} async loops each submit one and await it before the next, on a fresh pool of 2 workers (start-up and a ${WARM.toLocaleString('en-US')}-task warm-up not timed)`,
  reference: peers.poolifierThreads.name,
  minOps: 20_000,
  targets: [
    {
      contender: peers.skeinThreads.name,
      level: 'must',
      factor: 1.5,
      ref: peers.poolifierThreads.name,
    },
    {
      contender: peers.skeinThreads.name,
      level: 'aim',
      factor: 2,
      ref: peers.poolifierThreads.name,
    },
    {
      contender: peers.skeinProcesses.name,
      level: 'must',
      factor: 1.5,
      ref: peers.poolifierCluster.name,
    },
    {
      contender: peers.skeinProcesses.name,
      level: 'aim',
      factor: 2,
      ref: peers.poolifierCluster.name,
    },
  ],
  notes:
    'The op count is calibrated (BENCHMARKS.md used 100k); every contender checks the sum of the results. Thread pools are held to poolifier FixedThreadPool, process pools to poolifier FixedClusterPool.',
  async setup() {
    return [
      contender(peers.skeinThreads),
      contender(peers.poolifierThreads),
      contender(peers.piscina),
      contender(peers.tinypool),
      contender(peers.skeinProcesses),
      contender(peers.poolifierCluster),
    ];
  },
};
