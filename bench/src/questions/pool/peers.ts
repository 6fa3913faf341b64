// The pools the @skein/pool questions compare, behind one small interface: each is created
// with 2 workers and runs the functions of workers/pool-tasks by name.
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { ProcessPoolExecutor, ThreadPoolExecutor } from '@skein/pool';
import { Piscina } from 'piscina';
import { FixedClusterPool, FixedThreadPool } from 'poolifier';
import { Tinypool } from 'tinypool';
import workerpool from 'workerpool';
import type { ContenderKind } from '../../harness/types.js';
import type * as Tasks from '../../workers/pool-tasks.js';

export const WORKERS = 2;

const workerFile = (name: string): string =>
  fileURLToPath(new URL(`../../workers/${name}.js`, import.meta.url));
const TASKS = new URL('../../workers/pool-tasks.js', import.meta.url);

export type TaskName = 'noop' | 'spin';

/** One pool, as the questions drive it. */
export interface PoolUnderTest {
  /** Settles once the pool says its workers are up, for pools that want that before tasks. */
  readonly ready?: Promise<unknown>;
  run(task: TaskName, arg: number): PromiseLike<number>;
  close(): Promise<void>;
}

/** A pool library (and mode) the questions can create. */
export interface PoolPeer {
  readonly name: string;
  readonly kind: ContenderKind;
  /** Set when the pool cannot run here; its rows are reported as skipped, with this reason. */
  readonly unavailable?: string;
  create(): PoolUnderTest;
}

/** The name, kind and (when set) `unavailable` of a contender standing for `peer`. */
export function rowOf(peer: PoolPeer): {
  name: string;
  kind: ContenderKind;
  unavailable?: string;
} {
  return {
    name: peer.name,
    kind: peer.kind,
    ...(peer.unavailable === undefined ? {} : { unavailable: peer.unavailable }),
  };
}

const skeinThreads: PoolPeer = {
  name: 'Skein ThreadPoolExecutor',
  kind: 'skein',
  create() {
    const pool = new ThreadPoolExecutor<typeof Tasks>({ module: TASKS, maxWorkers: WORKERS });
    return { run: (task, arg) => pool.submit(task, arg), close: () => pool.shutdown() };
  },
};

const skeinProcesses: PoolPeer = {
  name: 'Skein ProcessPoolExecutor',
  kind: 'skein',
  create() {
    const pool = new ProcessPoolExecutor<typeof Tasks>({ module: TASKS, maxWorkers: WORKERS });
    return { run: (task, arg) => pool.submit(task, arg), close: () => pool.shutdown() };
  },
};

const piscina: PoolPeer = {
  name: 'piscina',
  kind: 'peer',
  create() {
    const pool = new Piscina({ filename: TASKS.href, minThreads: WORKERS, maxThreads: WORKERS });
    return {
      run: (task, arg) => pool.run(arg, { name: task }) as Promise<number>,
      close: () => pool.destroy(),
    };
  },
};

function tinypoolPeer(runtime: 'worker_threads' | 'child_process'): PoolPeer {
  return {
    name: runtime === 'worker_threads' ? 'tinypool' : 'tinypool child_process',
    kind: 'peer',
    create() {
      const pool = new Tinypool({
        filename: TASKS.href,
        minThreads: WORKERS,
        maxThreads: WORKERS,
        runtime,
        // tinypool starts its child processes with `env: { ...options.env }`: without this they
        // get an empty environment, unlike every other pool's children. Here that skipped
        // NODE_EXTRA_CA_CERTS, which costs each Node start-up ~50 ms on this machine.
        ...(runtime === 'child_process' ? { env: process.env as Record<string, string> } : {}),
      });
      return {
        run: (task, arg) => pool.run(arg, { name: task }) as Promise<number>,
        close: () => pool.destroy(),
      };
    },
  };
}

function workerpoolPeer(workerType: 'thread' | 'process'): PoolPeer {
  return {
    name: workerType === 'thread' ? 'workerpool' : 'workerpool process',
    kind: 'peer',
    create() {
      const pool = workerpool.pool(workerFile('pool-workerpool'), {
        minWorkers: WORKERS,
        maxWorkers: WORKERS,
        workerType,
      });
      return {
        run: (task, arg) => pool.exec(task, [arg]) as PromiseLike<number>,
        close: async () => void (await pool.terminate()),
      };
    },
  };
}

const poolifierThreads: PoolPeer = {
  name: 'poolifier FixedThreadPool',
  kind: 'peer',
  create() {
    const pool = new FixedThreadPool<number, number>(WORKERS, workerFile('pool-poolifier-thread'));
    return {
      ready: pool.info.ready ? Promise.resolve() : once(pool.emitter!, 'ready'),
      run: (task, arg) => pool.execute(arg, task),
      // Seen here: in about one pool in four, destroy() never resolves. Closing is not timed:
      // after a second, terminate its threads directly so the next sample starts clean.
      close: async () => {
        const destroyed = pool.destroy().then(() => true);
        const late = new Promise<false>((resolve) => setTimeout(resolve, 1_000, false));
        if (!(await Promise.race([destroyed, late])))
          await Promise.all(pool.workerNodes.map((node) => node.worker.terminate()));
      },
    };
  },
};

const poolifierCluster: PoolPeer = {
  name: 'poolifier FixedClusterPool',
  kind: 'peer',
  // Measured here: both cluster workers come online, the first task is dispatched, and no answer
  // ever comes (ESM and CommonJS worker files alike), so every row would hang until its timeout.
  unavailable:
    "poolifier 5.3.2's FixedClusterPool never answers its first task on this machine (Node 20.20)",
  create() {
    const pool = new FixedClusterPool<number, number>(
      WORKERS,
      workerFile('pool-poolifier-cluster'),
    );
    return { run: (task, arg) => pool.execute(arg, task), close: () => pool.destroy() };
  },
};

export const peers = {
  skeinThreads,
  skeinProcesses,
  piscina,
  tinypool: tinypoolPeer('worker_threads'),
  tinypoolProcess: tinypoolPeer('child_process'),
  workerpool: workerpoolPeer('thread'),
  workerpoolProcess: workerpoolPeer('process'),
  poolifierThreads,
  poolifierCluster,
} as const;

export type PeerKey = keyof typeof peers;

/** Submits `noop(i)` for i < n all at once; checks every result came back at its place. */
export async function burst(pool: PoolUnderTest, n: number): Promise<void> {
  const pending = new Array<PromiseLike<number>>(n);
  for (let i = 0; i < n; i++) pending[i] = pool.run('noop', i);
  const results = await Promise.all(pending);
  for (let i = 0; i < n; i++)
    if (results[i] !== i) throw new Error(`task ${i} answered ${results[i]}`);
}

/** Runs `noop(i)` for i < n with at most `window` tasks outstanding; checks the sum of the results. */
export async function windowed(pool: PoolUnderTest, n: number, window: number): Promise<void> {
  let next = 0;
  let sum = 0;
  const lane = async (): Promise<void> => {
    while (next < n) {
      const value = await pool.run('noop', next++);
      sum += value;
    }
  };
  await Promise.all(Array.from({ length: Math.min(window, n) }, lane));
  if (sum !== (n * (n - 1)) / 2)
    throw new Error(`results sum to ${sum}, expected ${(n * (n - 1)) / 2}`);
}

/**
 * Creates a pool of `peer`, runs `warm` on it, then `body`, closes it; resolves what `body`
 * resolved. Every step is under the watchdog, and a pool that failed is closed without waiting.
 */
export async function withPool<T>(
  peer: PoolPeer,
  warm: (pool: PoolUnderTest) => Promise<unknown>,
  body: (pool: PoolUnderTest) => Promise<T>,
): Promise<T> {
  const pool = peer.create();
  const alive = keepAlive();
  try {
    await watchdog(
      peer,
      (async () => {
        await pool.ready;
        await warm(pool);
      })(),
    );
    const result = await watchdog(peer, body(pool));
    await watchdog(peer, pool.close(), 'close');
    return result;
  } catch (error) {
    // A pool that hung may hang in close() too: try, without waiting for it.
    pool.close().catch(() => {});
    throw error;
  } finally {
    clearInterval(alive);
  }
}

/** {@link withPool}, resolving the nanoseconds `body` took (start-up and warm-up are not timed). */
export function timed(
  peer: PoolPeer,
  warm: (pool: PoolUnderTest) => Promise<void>,
  body: (pool: PoolUnderTest) => Promise<void>,
): Promise<number> {
  return withPool(peer, warm, async (pool) => {
    const start = process.hrtime.bigint();
    await body(pool);
    return Number(process.hrtime.bigint() - start);
  });
}

const WATCHDOG_MS = 30_000;

/** `work`, or an error once it has taken WATCHDOG_MS: a peer that hangs fails its row, not the whole run. */
export async function watchdog<T>(
  peer: PoolPeer,
  work: Promise<T>,
  what = 'its tasks',
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new Error(`${peer.name}: ${what} did not finish within ${WATCHDOG_MS / 1000} s`)),
      WATCHDOG_MS,
    );
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A ref'd timer to hold while a peer pool works: some peers leave no ref'd handle while their
 * workers start, and node would then end the benchmark with exit code 13 mid-sample.
 */
function keepAlive(): ReturnType<typeof setInterval> {
  return setInterval(() => {}, 60_000);
}
