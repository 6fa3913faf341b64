// BENCHMARKS.md, @skein/pool: "map of 1M trivial items (items/s)".
import { Pool, ProcessPoolExecutor, ThreadPoolExecutor, type Executor } from '@skein/pool';
import type { Contender, Question } from '../../harness/types.js';
import type * as Tasks from '../../workers/pool-tasks.js';
import { echoBatches } from './floors.js';
import { WORKERS } from './peers.js';
import { pythonMissing, runPythonPeer } from './python.js';

const ITEMS = 1_000_000;
const CHUNK = 10_000;
const WARM = 50_000;
const TASKS = new URL('../../workers/pool-tasks.js', import.meta.url);
const PYTHON = 'Python multiprocessing.Pool.map';
const CHUNKSIZE = `chunksize ${CHUNK.toLocaleString('en-US')}`;
const EXECUTOR_MAP = `Skein ThreadPoolExecutor.map(…).toArray(), ${CHUNKSIZE}`;
const POOL_MAP = 'Skein Pool.map (threads), default chunksize';

const items = Array.from({ length: ITEMS }, (_, i) => i);
const expected = (ITEMS * (ITEMS - 1)) / 2;

function checkSum(sum: number, count: number): void {
  if (count !== ITEMS || sum !== expected)
    throw new Error(`${count} results summing to ${sum}, expected ${ITEMS} summing to ${expected}`);
}

/** How a row reads `executor.map`'s results: one `for await` step per item, or `toArray()`. */
type Reading = 'for await' | 'toArray';

/** Consumes every result of `executor.map('noop', items)`; returns their sum and count. */
async function consume(
  executor: Executor<typeof Tasks>,
  source: number[],
  reading: Reading,
): Promise<[number, number]> {
  let sum = 0;
  let count = 0;
  const results = executor.map('noop', source, { chunksize: CHUNK });
  if (reading === 'toArray') {
    const all = await results.toArray();
    for (const y of all) sum += y;
    return [sum, all.length];
  }
  for await (const y of results) {
    sum += y;
    count++;
  }
  return [sum, count];
}

function executorMap(
  name: string,
  reading: Reading,
  create: () => Executor<typeof Tasks>,
): Contender {
  return {
    name,
    kind: 'skein',
    async run() {
      const executor = create();
      try {
        await consume(executor, items.slice(0, WARM), reading);
        const start = process.hrtime.bigint();
        const [sum, count] = await consume(executor, items, reading);
        const ns = Number(process.hrtime.bigint() - start);
        checkSum(sum, count);
        return ns;
      } finally {
        await executor.shutdown();
      }
    },
  };
}

function poolMap(name: string, kind: 'thread' | 'process'): Contender {
  return {
    name,
    kind: 'skein',
    async run() {
      const pool = new Pool<typeof Tasks>({ processes: WORKERS, module: TASKS, kind });
      try {
        await pool.map('noop', items.slice(0, WARM));
        const start = process.hrtime.bigint();
        const results = await pool.map('noop', items);
        const ns = Number(process.hrtime.bigint() - start);
        let sum = 0;
        for (const y of results) sum += y;
        checkSum(sum, results.length);
        return ns;
      } finally {
        pool.close();
        await pool.join();
      }
    },
  };
}

/** The most any AsyncIterable `map` can deliver: `for await` over results already in memory. */
async function forAwaitFloor(): Promise<number> {
  let i = 0;
  const iterator: AsyncIterableIterator<number> = {
    [Symbol.asyncIterator]: () => iterator,
    next: () =>
      Promise.resolve(
        i < ITEMS ? { value: items[i++]!, done: false } : { value: undefined, done: true },
      ),
  };
  const start = process.hrtime.bigint();
  let sum = 0;
  let count = 0;
  for await (const y of iterator) {
    sum += y;
    count++;
  }
  const ns = Number(process.hrtime.bigint() - start);
  checkSum(sum, count);
  return ns;
}

export const poolMapQuestion: Question = {
  name: 'pool-map',
  title: 'map of 1M trivial items, 2 workers (items/s)',
  op: `one item of a 1M-item map of noop, results consumed in input order, on a fresh pool of 2 workers (start-up and a ${WARM.toLocaleString('en-US')}-item warm-up map not timed)`,
  reference: PYTHON,
  fixedOps: ITEMS,
  targets: [
    { contender: EXECUTOR_MAP, level: 'must', factor: 5e6 },
    { contender: EXECUTOR_MAP, level: 'aim', factor: 1, ref: PYTHON },
    { contender: POOL_MAP, level: 'must', factor: 5e6 },
    { contender: POOL_MAP, level: 'aim', factor: 1, ref: PYTHON },
  ],
  notes: `\`executor.map\` returns an AsyncIterable with \`toArray()\`, which collects with one await per chunk; the \`for await\` row (no target) takes one step per item, so the \`for await\` floor (an iterator over results already in memory) caps it. \`Pool.map\` resolves one array, like Python's, with the default chunksize of both: ceil(n / (4 × workers)). Python: \`python3 bench/python/pool-peer.py map ${ITEMS}\`, a multiprocessing.Pool(2) (fork), timing \`pool.map(noop, items)\` of a list built beforehand. Every row checks the count and the sum of the results.`,
  async setup() {
    const python = pythonMissing();
    return [
      executorMap(
        EXECUTOR_MAP,
        'toArray',
        () => new ThreadPoolExecutor({ module: TASKS, maxWorkers: WORKERS }),
      ),
      executorMap(
        `Skein ThreadPoolExecutor.map, for await, ${CHUNKSIZE}`,
        'for await',
        () => new ThreadPoolExecutor({ module: TASKS, maxWorkers: WORKERS }),
      ),
      poolMap(POOL_MAP, 'thread'),
      executorMap(
        `Skein ProcessPoolExecutor.map(…).toArray(), ${CHUNKSIZE}`,
        'toArray',
        () => new ProcessPoolExecutor({ module: TASKS, maxWorkers: WORKERS }),
      ),
      poolMap('Skein Pool.map (processes), default chunksize', 'process'),
      {
        name: PYTHON,
        kind: 'peer',
        ...(python === undefined ? {} : { unavailable: python }),
        run: async () => (await runPythonPeer('map', ITEMS)).ns,
      },
      { name: 'for await over an in-memory async iterator', kind: 'floor', run: forAwaitFloor },
      {
        name: `batched postMessage (${CHUNK.toLocaleString('en-US')} per message), 2 echo workers`,
        kind: 'floor',
        run: () => echoBatches(ITEMS, CHUNK),
      },
    ];
  },
};
