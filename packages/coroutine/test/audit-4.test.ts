import { Event } from '@skein/sync';
import { describe, expect, it } from 'vitest';
import { createTask, currentTask, Greenlet, sleep, spawn } from '../src/index.js';
import { deferred, drain } from './helpers.js';

describe('Greenlet: a switch into a parked greenlet (fourth audit)', () => {
  it('settles the outside switch that was waiting on the parked chain, from outside', async () => {
    const gate = deferred<string>();
    const g = new Greenlet(function* () {
      const v: string = yield gate.promise;
      return v;
    });
    const first = g.switch(); // g parks on the gate
    const second = g.switch('early'); // resumes g at its yield; it returns 'early' to the outside
    expect(await second).toBe('early');
    // Before: `first` never settled, since the gate's wake was dropped and nothing else returns.
    expect(await first).toBe('early');
    gate.resolve('late'); // the dropped wake stays dropped
    expect(g.value).toBe('early');
  });

  it('does so when another greenlet makes the switch', async () => {
    const gate = deferred<string>();
    const g = new Greenlet(function* () {
      const v: string = yield gate.promise;
      return `g:${v}`;
    });
    const first = g.switch();
    const h = new Greenlet(function* () {
      yield g.switch('from-h');
    });
    const second = h.switch();
    expect(await second).toBe('g:from-h');
    expect(await first).toBe('g:from-h');
    expect(h.dead).toBe(false); // left at its switch, as greenlet leaves it
  });

  it('and when a spawned greenlet makes it', async () => {
    const gate = deferred<string>();
    const g = new Greenlet(function* () {
      const v: string = yield gate.promise;
      return `g:${v}`;
    });
    const first = g.switch();
    const s = spawn(function* () {
      yield g.switch('from-spawn');
    });
    expect(await first).toBe('g:from-spawn');
    expect(s.dead).toBe(false);
  });
});

describe('Task.cancel asked again before the work resumed (fourth audit)', () => {
  // asyncio: the second cancel() finds the awaited future already cancelled and sets
  // _must_cancel, which the step delivering the first CancelledError consumes; a task that
  // swallows it and returns is done with its value, not cancelled.
  for (const [name, wait] of [
    ['a sleep', () => sleep(60_000)],
    ['a @skein/sync wait', () => new Event().wait()],
  ] as const) {
    it(`adds nothing to a cancellation on its way (${name})`, async () => {
      for (let i = 0; i < 20; i++) {
        const waiting = deferred();
        const task = createTask(async () => {
          try {
            const p = wait();
            waiting.resolve();
            await p;
          } catch {
            return 'swallowed';
          }
          return 'woke';
        });
        await waiting.promise;
        expect(task.cancel()).toBe(true);
        expect(task.cancel()).toBe(true); // still not done, as asyncio's
        expect(await task).toBe('swallowed');
        expect(task.state).toBe('done');
      }
    });
  }

  it('reaches a child through its parent twice without cancelling either, as asyncio', async () => {
    const waiting = deferred();
    const child = createTask(async () => {
      try {
        const p = sleep(60_000);
        waiting.resolve();
        await p;
      } catch {
        return 'partial';
      }
      return 'full';
    });
    const parent = createTask(async () => await child);
    await waiting.promise;
    await drain(); // the parent has started and awaits the child
    expect(parent.state).toBe('running');
    parent.cancel();
    parent.cancel();
    expect(await parent).toBe('partial');
    expect([parent.state, child.state]).toEqual(['done', 'done']);
  });

  it('still lands when asked after the work resumed, or by the work itself', async () => {
    const waiting = deferred();
    const gate = deferred();
    const late = createTask(async () => {
      try {
        const p = sleep(60_000);
        waiting.resolve();
        await p;
      } catch {
        /* swallowed */
      }
      await gate.promise; // not cancellable: the next cancel waits for the next sleep
      try {
        await sleep(60_000);
        return 'missed';
      } catch {
        return 'landed';
      }
    });
    await waiting.promise;
    late.cancel();
    await drain();
    late.cancel();
    gate.resolve();
    expect(await late).toBe('landed');

    const waiting2 = deferred();
    const self = createTask(async () => {
      try {
        const p = sleep(60_000);
        waiting2.resolve();
        await p;
      } catch {
        currentTask()!.cancel();
      }
      try {
        await sleep(60_000);
        return 'missed';
      } catch {
        return 'landed';
      }
    });
    await waiting2.promise;
    self.cancel();
    expect(await self).toBe('landed');
  });
});
