import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { Event, Lock } from '../src/index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

// A pending Atomics.waitAsync cannot be cancelled and pins what it reaches: objects that were
// waited on must still be collectable once nobody waits (their parked wait expires).
async function collected(make: () => Promise<object>): Promise<boolean> {
  const ref = new WeakRef(await make());
  for (let i = 0; i < 40 && ref.deref() !== undefined; i++) {
    await new Promise((r) => setTimeout(r, 25));
    gc();
  }
  return ref.deref() === undefined;
}

describe('memory', () => {
  it('the memory of a Lock that had a queued waiter is collected once nobody waits', async () => {
    expect(
      await collected(async () => {
        const lock = new Lock();
        await lock.acquire();
        const queued = lock.acquire();
        lock.release();
        await queued;
        lock.release();
        // Its shared memory is what a pending wait would pin (through the waiting machinery).
        return lock.toShared().buffer;
      }),
    ).toBe(true);
  });

  it('the memory of an Event whose waiter timed out is collected', async () => {
    expect(
      await collected(async () => {
        const event = new Event();
        await event.wait({ timeout: 1 });
        return event.toShared().buffer;
      }),
    ).toBe(true);
  });
});
