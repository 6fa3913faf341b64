import { describe, expect, it } from 'vitest';
import { api } from './helpers.js';

/** How far ahead of the consumer `imap` may read, in chunks: 64 per worker. */
const WINDOW = 2 * 64;

/** 0, 1, 2, … up to `limit` (far more than any test consumes), counting the items read. */
function* counted(source: { reads: number }, limit = 100_000): Generator<number> {
  for (let i = 0; i < limit; i++) {
    source.reads++;
    yield i;
  }
}

describe.each(['thread', 'process'] as const)("Pool({ kind: '%s' }).imap streams", (kind) => {
  it('reads a synchronous iterable only as far as the results consumed need', async () => {
    const pool = new api.Pool({ processes: 2, kind });
    const source = { reads: 0 };
    const results = pool.imap((x: number) => x * 2, counted(source));
    expect(source.reads).toBe(WINDOW);
    const got: number[] = [];
    for await (const value of results) {
      got.push(value);
      expect(source.reads).toBeLessThanOrEqual(got.length + WINDOW);
      if (got.length === 500) break;
    }
    expect(got).toEqual(Array.from({ length: 500 }, (_, i) => i * 2));
    const readAtBreak = source.reads;
    pool.terminate();
    await pool.join();
    expect(source.reads).toBe(readAtBreak);
  });

  it('counts the window in chunks', async () => {
    const pool = new api.Pool({ processes: 2, kind });
    const source = { reads: 0 };
    const results = pool.imapUnordered((x: number) => x, counted(source), 10);
    expect(source.reads).toBe(WINDOW * 10);
    let consumed = 0;
    for await (const value of results) {
      expect(value).toBeTypeOf('number');
      if (++consumed === 3_000) break;
    }
    expect(source.reads).toBeLessThanOrEqual(consumed + WINDOW * 10);
    pool.terminate();
    await pool.join();
  });
});

describe('Pool.imapUnordered over an endless generator', () => {
  it('yields results as they finish, past a task that waits for the consumer', async () => {
    await using pool = new api.Pool({ processes: 2, kind: 'thread' });
    const gate = new Int32Array(new SharedArrayBuffer(4));
    let reads = 0;
    // Endless as far as imap can tell; the limit only turns a regression into a failure, not a hang.
    const jobs = function* (): Generator<{ i: number; gate: Int32Array }> {
      for (let i = 0; i < 100_000; i++) {
        reads++;
        yield { i, gate };
      }
      throw new Error('read too far');
    };
    // Job 0 blocks its worker until the consumer has seen 20 other results and opens the gate.
    const run = (job: { i: number; gate: Int32Array }): number => {
      if (job.i === 0) Atomics.wait(job.gate, 0, 0, 20_000);
      return job.i;
    };
    const seen: number[] = [];
    for await (const i of pool.imapUnordered(run, jobs())) {
      seen.push(i);
      if (seen.length === 20) {
        Atomics.store(gate, 0, 1);
        Atomics.notify(gate, 0);
      }
      if (i === 0) break;
    }
    expect(seen.slice(0, 20)).not.toContain(0);
    expect(seen.at(-1)).toBe(0);
    expect(reads).toBeLessThanOrEqual(seen.length + WINDOW);
  });
});
