// BENCHMARKS.md, @skein/pool: "single task round trip p50 / p99 (µs)".
import type { MetricContender, MetricQuestion } from '../../harness/types.js';
import { echoRoundTrips } from './floors.js';
import { peers, type PoolPeer, type PoolUnderTest, rowOf, withPool } from './peers.js';
import { percentilesUs } from './percentiles.js';
import { pythonMissing, runPythonPeer } from './python.js';

const TRIPS = 2_000;
const WARM = 500;
const SKEIN = peers.skeinThreads.name;

/** `n` round trips of noop(i), one after another; each one's nanoseconds. */
async function roundTrips(pool: PoolUnderTest, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint();
    const back = await pool.run('noop', i);
    times.push(Number(process.hrtime.bigint() - start));
    if (back !== i) throw new Error(`task ${i} answered ${back}`);
  }
  return times;
}

function contender(peer: PoolPeer): MetricContender {
  return {
    ...rowOf(peer),
    async sample() {
      const times = await withPool(
        peer,
        (pool) => roundTrips(pool, WARM),
        (pool) => roundTrips(pool, TRIPS),
      );
      return percentilesUs(times);
    },
  };
}

export const poolLatency: MetricQuestion = {
  style: 'metric',
  name: 'pool-latency',
  title: 'single task round trip, 2 workers (µs)',
  op: `${TRIPS.toLocaleString('en-US')} round trips of noop(i), each submitted once the previous one answered, on a fresh pool warmed with ${WARM} round trips; p50 and p99 of the ${TRIPS.toLocaleString('en-US')}`,
  reference: peers.piscina.name,
  metrics: [
    { key: 'p50', label: 'p50', unit: 'µs', better: 'lower' },
    { key: 'p99', label: 'p99', unit: 'µs', better: 'lower' },
  ],
  targets: [
    { contender: SKEIN, metric: 'p50', level: 'must', factor: 1, ref: peers.piscina.name },
    { contender: SKEIN, metric: 'p99', level: 'must', factor: 1, ref: peers.piscina.name },
    { contender: SKEIN, metric: 'p50', level: 'aim', factor: 7 },
  ],
  notes:
    'Python: `python3 bench/python/pool-peer.py latency 2000`, a ProcessPoolExecutor(2) (fork), timing `submit(noop, i).result()` inside Python. The floor is one worker that posts back every message (no pool).',
  async setup() {
    const python = pythonMissing();
    return [
      contender(peers.skeinThreads),
      contender(peers.piscina),
      contender(peers.workerpool),
      contender(peers.tinypool),
      contender(peers.skeinProcesses),
      contender(peers.tinypoolProcess),
      {
        name: 'Python ProcessPoolExecutor',
        kind: 'peer',
        ...(python === undefined ? {} : { unavailable: python }),
        async sample() {
          const { p50, p99 } = await runPythonPeer('latency', TRIPS);
          return { p50: p50!, p99: p99! };
        },
      },
      {
        name: 'postMessage round trip, 1 echo worker',
        kind: 'floor',
        sample: async () => percentilesUs(await echoRoundTrips(TRIPS)),
      },
    ];
  },
};
