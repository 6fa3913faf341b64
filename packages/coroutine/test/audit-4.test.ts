import { describe, expect, it } from 'vitest';
import { Greenlet, spawn } from '../src/index.js';
import { deferred } from './helpers.js';

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
