// BENCHMARKS.md, @skein/queue: "1M items producer→consumer, Queue({ maxsize: 100 }), await each
// call". One async producer puts 0..n-1 and one async consumer gets them, in the same thread;
// the consumer checks every item arrives once and in order. Each contender's loops are written
// out on their own so V8 never shares one megamorphic loop between queue classes.
import { Queue } from '@skein/queue';
import { Channel } from 'async-channel';
import type { Contender, Question } from '../../harness/types.js';
import { BoundedFloor } from './bounded-floor.js';
import { pythonMissing, runPython } from '../../harness/python.js';

const ITEMS = 1_000_000;
const MAXSIZE = 100;

function outOfOrder(expected: number, item: unknown): Error {
  return new Error(`item ${String(item)} arrived where ${expected} was expected`);
}

/** Runs bench/python/queue-pipe.py in `mode`; it exits non-zero on an item out of order. */
async function python(mode: 'asyncio' | 'threads', n: number): Promise<number> {
  const { ns, got } = await runPython('queue-pipe.py', [mode, n, MAXSIZE]);
  if (ns === undefined || got !== n) {
    throw new Error(`python3 queue-pipe.py ${mode}: ${got} items arrived, expected ${n}`);
  }
  return ns;
}

async function skeinAwaitEach(n: number): Promise<undefined> {
  const q = new Queue<number>({ maxsize: MAXSIZE });
  const produce = async (): Promise<void> => {
    for (let i = 0; i < n; i++) await q.put(i);
  };
  const consume = async (): Promise<void> => {
    for (let i = 0; i < n; i++) {
      const item = await q.get();
      if (item !== i) throw outOfOrder(i, item);
    }
  };
  await Promise.all([produce(), consume()]);
  return undefined;
}

async function skeinNowaitFirst(n: number): Promise<undefined> {
  const q = new Queue<number>({ maxsize: MAXSIZE });
  const produce = async (): Promise<void> => {
    for (let i = 0; i < n; i++) {
      if (q.full()) await q.put(i);
      else q.putNowait(i);
    }
  };
  const consume = async (): Promise<void> => {
    for (let i = 0; i < n; i++) {
      const item = q.empty() ? await q.get() : q.getNowait();
      if (item !== i) throw outOfOrder(i, item);
    }
  };
  await Promise.all([produce(), consume()]);
  return undefined;
}

async function asyncChannel(n: number): Promise<undefined> {
  const ch = new Channel<number>(MAXSIZE);
  const produce = async (): Promise<void> => {
    for (let i = 0; i < n; i++) await ch.push(i);
  };
  const consume = async (): Promise<void> => {
    for (let i = 0; i < n; i++) {
      const item = await ch.get();
      if (item !== i) throw outOfOrder(i, item);
    }
  };
  await Promise.all([produce(), consume()]);
  return undefined;
}

async function floorAwaitEach(n: number): Promise<undefined> {
  const q = new BoundedFloor<number>(MAXSIZE);
  const produce = async (): Promise<void> => {
    for (let i = 0; i < n; i++) await q.put(i);
  };
  const consume = async (): Promise<void> => {
    for (let i = 0; i < n; i++) {
      const item = await q.get();
      if (item !== i) throw outOfOrder(i, item);
    }
  };
  await Promise.all([produce(), consume()]);
  return undefined;
}

async function floorAwaitWhenBlocked(n: number): Promise<undefined> {
  const q = new BoundedFloor<number>(MAXSIZE);
  const produce = async (): Promise<void> => {
    for (let i = 0; i < n; i++) {
      if (q.full()) await q.put(i);
      else q.putNowait(i);
    }
  };
  const consume = async (): Promise<void> => {
    for (let i = 0; i < n; i++) {
      const item = q.empty() ? await q.get() : q.getNowait();
      if (item !== i) throw outOfOrder(i, item);
    }
  };
  await Promise.all([produce(), consume()]);
  return undefined;
}

const SKEIN = 'Skein Queue';
const ASYNCIO = 'Python asyncio.Queue';
const CHANNEL = 'async-channel Channel(100)';

export const queuePipe: Question = {
  name: 'queue-pipe',
  title: '1M items producer→consumer, Queue({ maxsize: 100 }), await each call (items/s)',
  op: 'one item put by an async producer and taken by an async consumer in the same thread, through a queue bounded at 100 (1M items per run)',
  reference: ASYNCIO,
  fixedOps: ITEMS,
  targets: [
    { contender: SKEIN, level: 'must', factor: 5, ref: ASYNCIO },
    { contender: SKEIN, level: 'aim', factor: 1, ref: CHANNEL },
  ],
  notes:
    'Every row checks that each item arrives exactly once and in order. The Python rows run `bench/python/queue-pipe.py` as a `python3` subprocess that times itself from the moment both sides are ready: `asyncio.Queue(100)` with a producer and a consumer coroutine under `asyncio.gather`, and `queue.Queue(100)` with a producer thread and the main thread consuming. The `putNowait/getNowait first` rows have no target: they call the sync method when `full()`/`empty()` says it will not wait, and await only when blocked.',
  async setup(): Promise<Contender[]> {
    const missing = pythonMissing();
    const peer = (name: string, mode: 'asyncio' | 'threads'): Contender => ({
      name,
      kind: 'peer',
      ...(missing === undefined ? {} : { unavailable: missing }),
      run: (n) => python(mode, n),
    });
    return [
      { name: SKEIN, kind: 'skein', run: skeinAwaitEach },
      { name: `${SKEIN}, putNowait/getNowait first`, kind: 'skein', run: skeinNowaitFirst },
      { name: CHANNEL, kind: 'peer', run: asyncChannel },
      peer(ASYNCIO, 'asyncio'),
      peer('Python queue.Queue, 2 threads', 'threads'),
      { name: 'bounded queue, await each call', kind: 'floor', run: floorAwaitEach },
      { name: 'bounded queue, await only when blocked', kind: 'floor', run: floorAwaitWhenBlocked },
    ];
  },
};
