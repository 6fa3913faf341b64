import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { api, both, rejection, tasks, until, type Tasks } from './helpers.js';

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe.each(both)('cancel() on %s', (name, make) => {
  it('true means the task never runs, however the cancel races the worker', async () => {
    await using pool = make({ module: tasks, maxWorkers: 1 });
    expect(await pool.submit('count')).toBe(1); // the worker is ready; `count` is fast
    let submitted = 1;
    let cancelled = 0;
    for (let round = 0; round < 200; round++) {
      const first = pool.submit('count');
      await Promise.resolve(); // handed over: the worker is busy with it
      const rest = Array.from({ length: 4 }, () => pool.submit('count'));
      await Promise.resolve(); // handed over behind it
      for (let i = 0; i < round % 4; i++) await turn();
      const answers = rest.map((f) => f.cancel());
      // Cancelled in the tick they were handed over to a busy child, they cannot have been granted yet.
      if (round % 4 === 0 && name === 'ProcessPoolExecutor')
        expect(answers).toEqual([true, true, true, true]);
      submitted += 5;
      cancelled += answers.filter(Boolean).length;
      await first;
      for (const [i, f] of rest.entries()) {
        if (answers[i]) expect(await rejection(f)).toBeInstanceOf(api.CancelledError);
        else expect(typeof (await f)).toBe('number');
      }
    }
    // Every task that ran bumped the worker's counter: exactly the ones not cancelled.
    expect(await pool.submit('count')).toBe(submitted - cancelled + 1);
  });

  it('true means never run also for tasks cancelled by shutdown({ cancelFutures })', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skein-pool-test-'));
    try {
      const log = join(dir, 'ran');
      const pool = make({ module: tasks, maxWorkers: 1 });
      expect(await pool.submit('count')).toBe(1);
      const record = (path: string, i: number) => {
        (process as unknown as { getBuiltinModule(id: 'node:fs'): typeof import('node:fs') })
          .getBuiltinModule('node:fs')
          .appendFileSync(path, `${i}\n`);
        return i;
      };
      const futures = Array.from({ length: 20 }, (_, i) => pool.submit(record, log, i));
      await Promise.resolve();
      await pool.shutdown({ cancelFutures: true });
      const kept = futures.flatMap((f, i) => (f.cancelled() ? [] : [i]));
      const ran = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').map(Number) : [];
      expect(ran).toEqual(kept);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ProcessPoolExecutor with a task granted to a busy child', () => {
  it('a submitWith signal fails it at once and leaves the child running its current task', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skein-pool-test-'));
    try {
      await using pool = new api.ProcessPoolExecutor<Tasks>({ module: tasks, maxWorkers: 1 });
      expect(await pool.submit('count')).toBe(1); // fast tasks: the child is granted ahead
      // Fast the first time (its file is there), so the task behind it is granted with it and
      // stays granted: a task known to be fast makes the child revoke nothing.
      const waitForFile = (path: string): number | Promise<number> => {
        const fs = (
          process as unknown as { getBuiltinModule(id: 'node:fs'): typeof import('node:fs') }
        ).getBuiltinModule('node:fs');
        if (fs.existsSync(path)) return process.pid;
        return new Promise<number>((resolve) => {
          const poll = setInterval(() => {
            if (!fs.existsSync(path)) return;
            clearInterval(poll);
            resolve(process.pid);
          }, 1);
        });
      };
      const ready = join(dir, 'ready');
      writeFileSync(ready, '');
      const pid = await pool.submit(waitForFile, ready);
      const go = join(dir, 'go');
      const current = pool.submit(waitForFile, go);
      const controller = new AbortController();
      const granted = pool.submitWith({ signal: controller.signal }, 'count');
      await until(() => current.running(), 'the first task to run');
      expect(granted.cancel()).toBe(false); // granted: it may have started, as far as the pool knows
      controller.abort(new Error('not needed'));
      expect((await rejection(granted)).message).toBe('not needed');
      writeFileSync(go, '');
      expect(await current).toBe(pid);
      expect(await pool.submit('pid')).toBe(pid);
      expect(await pool.submit('count')).toBe(2); // the aborted task was skipped
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ProcessPoolExecutor after kill -9', () => {
  it('an idle child killed just before a submit fails none of the next tasks', async () => {
    await using pool = new api.ProcessPoolExecutor<Tasks>({ module: tasks, maxWorkers: 1 });
    for (let round = 0; round < 4; round++) {
      const pid = await pool.submit('pid');
      process.kill(pid, 'SIGKILL');
      for (let i = 0; i < round; i++) await turn();
      const next = [1, 2, 3].map((x) => pool.submit('add', x, x));
      expect(await Promise.all(next)).toEqual([2, 4, 6]);
    }
  });

  // Each child's initializer records its pid in `dir` and hangs (never ready) while fewer than
  // `hangs` children did so; later children start normally.
  const module = `data:text/javascript,${encodeURIComponent(`
    import { readdirSync, writeFileSync } from 'node:fs';
    export function hold(dir, hangs) {
      if (readdirSync(dir).length >= hangs) return;
      writeFileSync(dir + '/' + process.pid, '');
      return new Promise(() => {});
    }
    export function add(a, b) { return a + b; }
  `)}`;
  type HoldModule = { hold(dir: string, hangs: number): void; add(a: number, b: number): number };
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** Kills, one by one, the first `n` children that start, each before it is ready. */
  async function killStarting(dir: string, n: number): Promise<void> {
    for (let killed = 0; killed < n; killed++) {
      await until(() => readdirSync(dir).length > killed, 'a child to start');
      process.kill(Number(readdirSync(dir).sort()[killed]), 'SIGKILL');
    }
  }

  it('a child killed before it is ready is replaced, and its task runs on the replacement', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skein-pool-test-'));
    dirs.push(dir);
    await using pool = new api.ProcessPoolExecutor<HoldModule>({
      module,
      initializer: 'hold',
      initargs: [dir, 1],
      maxWorkers: 1,
    });
    const f = pool.submit('add', 1, 2);
    await killStarting(dir, 1);
    expect(await f).toBe(3);
    expect(await pool.submit('add', 2, 2)).toBe(4);
  });

  it('children killed before they are ready three times in a row break the executor', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skein-pool-test-'));
    dirs.push(dir);
    await using pool = new api.ProcessPoolExecutor<HoldModule>({
      module,
      initializer: 'hold',
      initargs: [dir, Infinity],
      maxWorkers: 1,
    });
    const f = pool.submit('add', 1, 2);
    await killStarting(dir, 3);
    const error = await rejection(f);
    expect(error).toBeInstanceOf(api.BrokenExecutorError);
    expect(error.message).toMatch(/killed by SIGKILL before it was ready/);
  });
});

describe('ProcessPoolExecutor crash from an uncaught error', () => {
  it('gives the error as the cause of WorkerCrashedError, as a thread pool does', async () => {
    await using pool = new api.ProcessPoolExecutor<Tasks>({ module: tasks, maxWorkers: 1 });
    const error = await rejection(pool.submit('throwLater', 'lost in a timer'));
    expect(error).toBeInstanceOf(api.WorkerCrashedError);
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.cause.message).toBe('lost in a timer');
    expect(error.message).toMatch(/lost in a timer/);
  });
});

describe('ProcessPoolExecutor granting a fast child ahead', () => {
  it('keeps a task behind one of a function not known to be fast cancellable while that one runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skein-pool-test-'));
    try {
      await using pool = new api.ProcessPoolExecutor<Tasks>({ module: tasks, maxWorkers: 1 });
      expect(await pool.submit('count')).toBe(1);
      expect(await pool.submit('count')).toBe(2); // fast: the child is granted all it receives
      const started = join(dir, 'started');
      const go = join(dir, 'go');
      const long = pool.submit(
        (startedPath: string, goPath: string) => {
          const fs = (
            process as unknown as { getBuiltinModule(id: 'node:fs'): typeof import('node:fs') }
          ).getBuiltinModule('node:fs');
          fs.writeFileSync(startedPath, '');
          return new Promise<string>((resolve) => {
            const poll = setInterval(() => {
              if (!fs.existsSync(goPath)) return;
              clearInterval(poll);
              resolve('long');
            }, 1);
          });
        },
        started,
        go,
      );
      const behind = pool.submit('count'); // handed over and granted with it
      try {
        await until(() => existsSync(started), 'the long task to start');
        await turn(); // the child's revocation, sent before the task started, has been read
        await turn();
        expect(behind.running()).toBe(false);
        expect(behind.cancel()).toBe(true);
      } finally {
        writeFileSync(go, ''); // also when an assertion failed, so the pool can shut down
      }
      expect(await long).toBe('long');
      expect(await rejection(behind)).toBeInstanceOf(api.CancelledError);
      expect(await pool.submit('count')).toBe(3); // the cancelled task never ran
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
