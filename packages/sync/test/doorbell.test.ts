import { MessageChannel, Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { Doorbell } from '../src/doorbell.js';

// SKEIN_STRESS=1 runs ten times more.
const scale = process.env.SKEIN_STRESS === '1' ? 10 : 1;
const built = new URL('../dist/doorbell.js', import.meta.url).href;

// The parked side: takes messages 1..n in order, parking up to a minute for each (spinning for
// the first `spinMs`), and counts them in `seen`. A ring that failed to wake it would leave it
// parked far past the main side's deadline.
const parkedSide = `
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { Doorbell } from '${built}';
const { port, bell, seen, n, spinMs } = workerData;
const doorbell = new Doorbell(bell);
const count = new Int32Array(seen);
const poll = () => receiveMessageOnPort(port)?.message;
for (let i = 1; i <= n; i++) {
  const m = doorbell.park(poll, 60_000, spinMs);
  if (m !== i) throw new Error('expected message ' + i + ', got ' + m);
  Atomics.store(count, 0, i);
}
`;

describe('Doorbell', () => {
  it.each([
    ['sleeping', 0],
    ['spinning, then sleeping', 0.02],
  ])(
    'wakes a parked thread (%s) for every message, whatever the phase of its park a post lands in',
    async (_, spinMs) => {
      const n = 40_000 * scale;
      const bell = new Doorbell();
      const seen = new Int32Array(new SharedArrayBuffer(4));
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(parkedSide)}`), {
        workerData: { port: port2, bell: bell.buffer, seen: seen.buffer, n, spinMs },
        transferList: [port2],
      });
      const failed = new Promise<never>((_, reject) => worker.once('error', reject));
      failed.catch(() => {});
      try {
        for (let i = 1; i <= n; i++) {
          // A post right after the answer lands while the other thread stores PARKED, polls or
          // enters its wait; a few with a delay first land while it is parked.
          if (i % 8 === 0) for (const end = performance.now() + 0.05; performance.now() < end;);
          port1.postMessage(i);
          bell.ring();
          const deadline = performance.now() + 10_000;
          for (let spins = 0; Atomics.load(seen, 0) !== i; spins++) {
            if ((spins & 0xfff) === 0 && performance.now() > deadline) {
              await new Promise((resolve) => setTimeout(resolve, 100)); // lets an error event in
              await Promise.race([failed, Promise.resolve()]);
              throw new Error(`message ${i} of ${n} was not taken within 10 s (a missed ring)`);
            }
          }
        }
        expect(Atomics.load(seen, 0)).toBe(n);
      } finally {
        port1.close();
        await worker.terminate();
      }
    },
    120_000 * scale,
  );

  it('returns what the poll finds without waiting, and undefined once the wait runs out', () => {
    const bell = new Doorbell();
    const queued = ['a'];
    expect(bell.park(() => queued.shift(), 60_000)).toBe('a');
    for (const spinMs of [0, 5, 50]) {
      const started = performance.now();
      expect(bell.park(() => undefined, 20, spinMs)).toBeUndefined();
      expect(performance.now() - started).toBeGreaterThanOrEqual(15);
    }
  });

  it('shares one word between the Doorbells built on one buffer, and refuses anything else', () => {
    const bell = new Doorbell();
    expect(new Doorbell(bell.buffer).buffer).toBe(bell.buffer);
    expect(() => new Doorbell(new ArrayBuffer(4) as unknown as SharedArrayBuffer)).toThrow(
      /SharedArrayBuffer/,
    );
  });
});
