// The two "100k tiny tasks submitted at once" questions (threads, processes) share their shape.
import type { MetricContender, MetricQuestion, MetricTarget } from '../../harness/types.js';
import { burst, type PoolPeer, rowOf, timed } from './peers.js';

export const BURST = 100_000;
/** Tasks each pool runs before the timed burst: its workers are up and its code is warm. */
const WARM = 2_000;

export const RATE = { key: 'rate', label: 'rate', unit: 'tasks/s', better: 'higher' } as const;

/** A contender whose pool is created per sample; only the burst is timed. */
export function burstContender(peer: PoolPeer): MetricContender {
  return {
    ...rowOf(peer),
    async sample() {
      const ns = await timed(
        peer,
        (pool) => burst(pool, WARM),
        (pool) => burst(pool, BURST),
      );
      return { rate: (BURST * 1e9) / ns };
    },
  };
}

/** A burst question over `contenders` (which may add floors and Python rows). */
export function burstQuestion(
  fields: Pick<MetricQuestion, 'name' | 'title' | 'reference' | 'notes' | 'setup'> & {
    targets: readonly MetricTarget[];
  },
): MetricQuestion {
  return {
    style: 'metric',
    op: `one burst: ${BURST.toLocaleString('en-US')} noop(i) tasks submitted at once and awaited, on a fresh pool of 2 workers warmed with ${WARM.toLocaleString('en-US')} tasks (rate = tasks / time of the burst)`,
    metrics: [RATE],
    runs: 2,
    noWarmup: true,
    ...fields,
  };
}
