// BENCHMARKS.md, @skein/pool: "100k tiny tasks submitted at once (tasks/s)", thread pools.
import { BURST, burstContender, burstQuestion } from './burst.js';
import { echoBatches } from './floors.js';
import { peers } from './peers.js';

const SKEIN = peers.skeinThreads.name;
const FLOOR_BATCH = 1_000;

export const poolBurstThreads = burstQuestion({
  name: 'pool-burst-threads',
  title: '100k tiny tasks submitted at once, thread pools (tasks/s)',
  reference: peers.piscina.name,
  targets: [
    { contender: SKEIN, metric: 'rate', level: 'must', factor: 2, ref: peers.piscina.name },
    { contender: SKEIN, metric: 'rate', level: 'aim', factor: 3, ref: peers.piscina.name },
  ],
  notes: `Each sample starts a fresh pool (not timed), so no pool carries a grown queue or heap into the next. Every contender checks that task i answered i. The floor sends the same numbers to 2 echo workers in arrays of ${FLOOR_BATCH.toLocaleString('en-US')} with plain postMessage: no futures, no pool. Median of 2 samples (workerpool and tinypool take seconds per burst).`,
  async setup() {
    return [
      burstContender(peers.skeinThreads),
      burstContender(peers.piscina),
      burstContender(peers.poolifierThreads),
      burstContender(peers.tinypool),
      burstContender(peers.workerpool),
      {
        name: `batched postMessage (${FLOOR_BATCH.toLocaleString('en-US')} per message), 2 echo workers`,
        kind: 'floor',
        async sample() {
          return { rate: (BURST * 1e9) / (await echoBatches(BURST, FLOOR_BATCH)) };
        },
      },
    ];
  },
});
