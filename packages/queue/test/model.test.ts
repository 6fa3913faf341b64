// Model-based property tests: random sequences of operations run against a queue and against
// a plain-array model of what CPython's queue would do; every outcome and size must agree.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  LifoQueue,
  PriorityQueue,
  Queue,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  SimpleQueue,
} from '../src/index.js';

type Kind = 'fifo' | 'lifo' | 'priority' | 'simple';
/** How a call waits: not at all (`timeout: 0`), until a fake-clock tick, until aborted, or forever. */
type Mode = 'now' | 'timed' | 'abortable' | 'forever';
type Op =
  | { t: 'put'; mode: Mode; priority: number }
  | { t: 'get'; mode: Mode }
  | { t: 'putNowait'; priority: number }
  | { t: 'getNowait' }
  | { t: 'abort'; pick: number }
  | { t: 'tick' }
  | { t: 'taskDone' }
  | { t: 'join' }
  | { t: 'shutdown'; immediate: boolean };

type Outcome = { value: unknown } | { error: string };

interface Pending {
  id: number;
  mode: Mode;
  item?: { value: number; priority: number };
}

/** What CPython's queue does, on plain arrays. */
class Model {
  items: { value: number; priority: number; seq: number }[] = [];
  getters: Pending[] = [];
  putters: Pending[] = [];
  unfinished = 0;
  closed = false;
  seq = 0;
  readonly expected = new Map<number, Outcome>();
  constructor(
    readonly kind: Kind,
    readonly maxsize: number,
  ) {}

  full(): boolean {
    return this.maxsize > 0 && this.items.length >= this.maxsize;
  }

  private store(value: number, priority: number): void {
    this.items.push({ value, priority, seq: this.seq++ });
    this.unfinished++;
  }

  private take(): number {
    let index = 0;
    if (this.kind === 'lifo') index = this.items.length - 1;
    if (this.kind === 'priority') {
      for (let i = 1; i < this.items.length; i++) {
        const a = this.items[i]!;
        const b = this.items[index]!;
        if (a.priority < b.priority || (a.priority === b.priority && a.seq < b.seq)) index = i;
      }
    }
    const [taken] = this.items.splice(index, 1);
    const putter = this.putters.shift();
    if (putter !== undefined) {
      this.store(putter.item!.value, putter.item!.priority);
      this.expected.set(putter.id, { value: undefined });
    }
    return taken!.value;
  }

  /** A put: the outcome when it needs no wait, or `undefined` when it waits. */
  put(id: number, value: number, priority: number, mode: Mode): Outcome | undefined {
    if (this.closed) return { error: 'QueueShutDown' };
    const getter = this.getters.shift();
    if (getter !== undefined) {
      this.unfinished++;
      this.expected.set(getter.id, { value });
      return { value: undefined };
    }
    if (!this.full()) {
      this.store(value, priority);
      return { value: undefined };
    }
    if (mode === 'now') return { error: 'QueueFull' };
    this.putters.push({ id, mode, item: { value, priority } });
    return undefined;
  }

  get(id: number, mode: Mode): Outcome | undefined {
    if (this.items.length > 0) return { value: this.take() };
    if (this.closed) return { error: 'QueueShutDown' };
    if (mode === 'now') return { error: 'QueueEmpty' };
    this.getters.push({ id, mode });
    return undefined;
  }

  abortable(): Pending[] {
    return [...this.getters, ...this.putters].filter((p) => p.mode === 'abortable');
  }

  abort(p: Pending): void {
    this.getters = this.getters.filter((g) => g !== p);
    this.putters = this.putters.filter((g) => g !== p);
    this.expected.set(p.id, { error: 'aborted' });
  }

  tick(): void {
    for (const g of this.getters.filter((p) => p.mode === 'timed'))
      this.expected.set(g.id, { error: 'QueueEmpty' });
    for (const p of this.putters.filter((p) => p.mode === 'timed'))
      this.expected.set(p.id, { error: 'QueueFull' });
    this.getters = this.getters.filter((p) => p.mode !== 'timed');
    this.putters = this.putters.filter((p) => p.mode !== 'timed');
  }

  shutdown(immediate: boolean): void {
    this.closed = true;
    if (immediate) {
      this.unfinished = Math.max(0, this.unfinished - this.items.length);
      this.items = [];
    }
    for (const p of [...this.putters, ...this.getters])
      this.expected.set(p.id, { error: 'QueueShutDown' });
    this.putters = [];
    this.getters = [];
  }
}

function nameOf(error: unknown): string {
  if (error instanceof QueueFull || error instanceof QueueEmpty || error instanceof QueueShutDown)
    return error.name;
  if (error === ABORTED) return 'aborted';
  if (error instanceof RangeError) return 'RangeError';
  throw error;
}

const ABORTED = new Error('aborted');

function sync(fn: () => unknown): Outcome {
  try {
    return { value: fn() };
  } catch (error) {
    return { error: nameOf(error) };
  }
}

async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

const mode = fc.constantFrom<Mode>('now', 'timed', 'abortable', 'forever');
const priority = fc.integer({ min: 0, max: 3 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant('put' as const), mode, priority }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('get' as const), mode }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('putNowait' as const), priority }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('getNowait' as const) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('abort' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('tick' as const) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('taskDone' as const) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('join' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant('shutdown' as const), immediate: fc.boolean() }),
  },
);

function make(kind: Kind, maxsize: number) {
  switch (kind) {
    case 'fifo':
      return new Queue<number>({ maxsize });
    case 'lifo':
      return new LifoQueue<number>({ maxsize });
    case 'priority':
      return new PriorityQueue<number>({ maxsize });
    case 'simple':
      return new SimpleQueue<number>();
  }
}

async function run(kind: Kind, maxsizeIn: number, ops: Op[]): Promise<void> {
  const maxsize = kind === 'simple' ? 0 : maxsizeIn;
  const q = make(kind, maxsize);
  const model = new Model(kind, maxsize);
  const actual = new Map<number, Outcome>();
  const controllers = new Map<number, AbortController>();
  let nextId = 0;
  let nextValue = 0;

  const optionsFor = (id: number, m: Mode) => {
    if (m === 'now') return { timeout: 0 };
    if (m === 'timed') return { timeout: 10 };
    if (m === 'forever') return undefined;
    const ac = new AbortController();
    controllers.set(id, ac);
    return { signal: ac.signal };
  };
  const record = (id: number, promise: Promise<unknown>) => {
    promise.then(
      (value) => actual.set(id, { value }),
      (error: unknown) => actual.set(id, { error: nameOf(error) }),
    );
  };
  const putWith = (value: number, p: number, options?: object) =>
    q instanceof PriorityQueue ? q.put(value, { ...options, priority: p }) : q.put(value, options);

  for (const o of ops) {
    const id = nextId++;
    switch (o.t) {
      case 'put': {
        const value = nextValue++;
        const now = model.put(id, value, o.priority, o.mode);
        if (now !== undefined) model.expected.set(id, now);
        record(id, putWith(value, o.priority, optionsFor(id, o.mode)));
        break;
      }
      case 'get': {
        const now = model.get(id, o.mode);
        if (now !== undefined) model.expected.set(id, now);
        record(id, q.get(optionsFor(id, o.mode)));
        break;
      }
      case 'putNowait': {
        const value = nextValue++;
        const now = model.put(id, value, o.priority, 'now')!;
        const real = sync(() =>
          q instanceof PriorityQueue
            ? q.putNowait(value, { priority: o.priority })
            : q.putNowait(value),
        );
        expect(real).toEqual(now);
        break;
      }
      case 'getNowait':
        expect(sync(() => q.getNowait())).toEqual(model.get(id, 'now'));
        break;
      case 'abort': {
        const candidates = model.abortable();
        if (candidates.length === 0) break;
        const victim = candidates[o.pick % candidates.length]!;
        model.abort(victim);
        controllers.get(victim.id)!.abort(ABORTED);
        break;
      }
      case 'tick':
        model.tick();
        await vi.advanceTimersByTimeAsync(10);
        break;
      case 'taskDone':
        if (q instanceof SimpleQueue) break;
        if (model.unfinished === 0)
          expect(sync(() => q.taskDone())).toEqual({ error: 'RangeError' });
        else {
          model.unfinished--;
          q.taskDone();
        }
        break;
      case 'join':
        if (q instanceof SimpleQueue) break;
        model.expected.set(id, { value: model.unfinished === 0 });
        record(id, q.join({ timeout: 0 }));
        break;
      case 'shutdown':
        model.shutdown(o.immediate);
        q.shutdown({ immediate: o.immediate });
        break;
    }
    await flush();
    expect(actual).toEqual(model.expected);
    expect(q.qsize()).toBe(model.items.length);
    expect(q.full()).toBe(model.full());
  }
  // Whatever still waits is released by an immediate shutdown; then nothing is left armed.
  model.shutdown(true);
  q.shutdown({ immediate: true });
  await flush();
  expect(actual).toEqual(model.expected);
  expect(vi.getTimerCount()).toBe(0);
}

describe('model-based', () => {
  beforeAll(() => {
    vi.useFakeTimers();
  });
  afterAll(() => {
    vi.useRealTimers();
  });

  it.each<Kind>(['fifo', 'lifo', 'priority', 'simple'])(
    '%s agrees with the model',
    async (kind) => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: 3 }),
          fc.array(op, { maxLength: 60 }),
          (maxsize, ops) => run(kind, maxsize, ops),
        ),
        { numRuns: 300 },
      );
    },
  );
});
