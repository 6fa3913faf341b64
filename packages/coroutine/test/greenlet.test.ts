import { describe, expect, it } from 'vitest';
import {
  getCurrent,
  Greenlet,
  InvalidStateError,
  joinAll,
  sleep,
  spawn,
  TimeoutError,
} from '../src/index.js';
import { deferred, drain, rejection } from './helpers.js';

describe('Greenlet (seed examples)', () => {
  it('greenlet: explicit switches print 12 34 56 78', async () => {
    const out: string[] = [];
    const gr1: Greenlet = new Greenlet(function* () {
      out.push('12');
      yield gr2.switch();
      out.push('56');
      yield gr2.switch();
    });
    const gr2: Greenlet = new Greenlet(function* () {
      out.push('34');
      yield gr1.switch();
      out.push('78');
    });
    await gr1.switch();
    expect(out.join(' ')).toBe('12 34 56 78');
    expect(gr2.dead).toBe(true);
    expect(gr1.dead).toBe(false);
  });

  it('gevent: spawn + joinAll interleave at sleep(0)', async () => {
    const out: string[] = [];
    function* fun1() {
      out.push('www.baidu.com');
      yield sleep(0);
      out.push('end the baidu.com');
    }
    function* fun2() {
      out.push('www.zhihu.com');
      yield sleep(0);
      out.push('end th zhihu.com');
    }
    const done = await joinAll([spawn(fun1), spawn(fun2)]);
    expect(done).toHaveLength(2);
    expect(out).toEqual([
      'www.baidu.com',
      'www.zhihu.com',
      'end the baidu.com',
      'end th zhihu.com',
    ]);
  });

  it('gevent: without a cooperative yield greenlets run one after the other; with one they interleave', async () => {
    const plain: string[] = [];
    // eslint-disable-next-line require-yield -- a greenlet that never yields control
    function* f(n: number) {
      for (let i = 0; i < n; i++) plain.push(`${getCurrent()?.name}:${i}`);
    }
    const gs = [spawn(f, 2), spawn(f, 2), spawn(f, 2)];
    await joinAll(gs);
    const names = gs.map((g) => g.name);
    expect(plain).toEqual(names.flatMap((n) => [`${n}:0`, `${n}:1`]));

    const coop: string[] = [];
    function* g(n: number) {
      for (let i = 0; i < n; i++) {
        coop.push(`${getCurrent()?.name}:${i}`);
        yield sleep(0);
      }
    }
    const hs = [spawn(g, 2), spawn(g, 2), spawn(g, 2)];
    await joinAll(hs);
    const hn = hs.map((h) => h.name);
    expect(coop).toEqual([0, 1].flatMap((i) => hn.map((n) => `${n}:${i}`)));
  });
});

describe('Greenlet', () => {
  it('passes values through switches, and the return value goes to the parent', async () => {
    const steps: unknown[] = [];
    const main: Greenlet<string> = new Greenlet(function* () {
      const echo = new Greenlet(function* (first: string) {
        steps.push(`echo got ${first}`);
        const second: string = yield main.switch(`${first}!`);
        steps.push(`echo got ${second}`);
        return 'echo done';
      });
      const reply: string = yield echo.switch('hi');
      steps.push(`main got ${reply}`);
      const last: string = yield echo.switch('bye');
      steps.push(`main got ${last}`);
      return 'main done';
    });
    expect(await main.switch()).toBe('main done');
    expect(steps).toEqual(['echo got hi', 'main got hi!', 'echo got bye', 'main got echo done']);
    expect(main.value).toBe('main done');
    expect(main.successful()).toBe(true);
  });

  it('a greenlet made outside returns to the outside when it finishes', async () => {
    const a: Greenlet = new Greenlet(function* () {
      yield b.switch();
      return 'a';
    });
    const b: Greenlet = new Greenlet(function* () {
      yield Promise.resolve();
      return 'b';
    });
    expect(await a.switch()).toBe('b');
    expect(a.dead).toBe(false);
  });

  it('two switches from outside each get the control that comes back from their own chain', async () => {
    const gateA = deferred();
    const gateB = deferred();
    const a = new Greenlet(function* () {
      yield gateA.promise;
      return 'a';
    });
    const b = new Greenlet(function* () {
      yield gateB.promise;
      return 'b';
    });
    const steps: string[] = [];
    const pa = a.switch().then((v) => steps.push(`a switch got ${String(v)}`));
    const pb = b.switch().then((v) => steps.push(`b switch got ${String(v)}`));
    gateB.resolve();
    await pb;
    gateA.resolve();
    await pa;
    expect(steps).toEqual(['b switch got b', 'a switch got a']);
  });

  it('an error thrown in a greenlet is raised in its parent', async () => {
    const steps: string[] = [];
    const parent = new Greenlet(function* () {
      const child = new Greenlet(function* () {
        yield Promise.resolve();
        throw new Error('child failed');
      });
      try {
        yield child.switch();
      } catch (e) {
        steps.push(`parent caught ${(e as Error).message}`);
      }
      return 'ok';
    });
    expect(await parent.switch()).toBe('ok');
    expect(steps).toEqual(['parent caught child failed']);
  });

  it('an error reaching the outside rejects the switch', async () => {
    const g = new Greenlet(function* () {
      yield Promise.resolve();
      throw new Error('out');
    });
    expect((await rejection(g.switch())).message).toBe('out');
    expect(g.dead).toBe(true);
    expect(await g.join()).toBeUndefined();
    expect((await rejection(g.get())).message).toBe('out');
  });

  it('yield promise parks the greenlet until it settles, and a rejection is thrown at the yield', async () => {
    const gate = deferred<number>();
    const steps: string[] = [];
    const started = deferred();
    const g = spawn(function* () {
      started.resolve();
      try {
        const v: number = yield gate.promise;
        steps.push(`got ${v}`);
        yield Promise.reject(new Error('nope'));
      } catch (e) {
        steps.push(`caught ${(e as Error).message}`);
      }
      return 'end';
    });
    expect(g.started).toBe(false);
    await started.promise;
    expect(g.started).toBe(true);
    expect(g.dead).toBe(false);
    gate.resolve(3);
    expect(await g.get()).toBe('end');
    expect(await g.join()).toBeUndefined();
    expect(steps).toEqual(['got 3', 'caught nope']);
  });

  it('join() resolves undefined on timeout and on failure, as gevent; get() throws them', async () => {
    const gate = deferred();
    const g = spawn(function* () {
      yield gate.promise;
      throw new Error('failed');
    });
    expect(await g.join({ timeout: 1 })).toBeUndefined();
    expect(g.dead).toBe(false);
    expect(await rejection(g.get({ timeout: 1 }))).toBeInstanceOf(TimeoutError);
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    const joined = g.join();
    gate.resolve();
    try {
      expect(await joined).toBeUndefined();
      await drain();
    } finally {
      process.off('warning', onWarning);
    }
    expect([g.dead, g.successful(), (g.exception as Error).message]).toEqual([
      true,
      false,
      'failed',
    ]);
    // join() does not hand the error on, so it is still reported, as gevent prints it.
    const warning = warnings.find((w) => w.name === 'GreenletError');
    expect(warning?.cause).toBe(g.exception);
    expect(await g.join({ timeout: 1 })).toBeUndefined();
    expect((await rejection(g.get())).message).toBe('failed');
  });

  it('joinAll resolves the greenlets in the order they finished', async () => {
    const first = deferred();
    const second = deferred();
    const started = deferred();
    const a = spawn(function* () {
      yield second.promise;
      return 'a';
    });
    const b = spawn(function* () {
      started.resolve();
      yield first.promise;
      return 'b';
    });
    const all = joinAll([a, b]);
    await started.promise;
    first.resolve();
    await drain();
    second.resolve();
    expect(await all).toEqual([b, a]);
  });

  it('join() honours timeout and signal', async () => {
    const g = spawn(function* () {
      yield new Promise(() => {});
    });
    expect(await g.join({ timeout: 1 })).toBeUndefined();
    const ac = new AbortController();
    const p = g.join({ signal: ac.signal });
    ac.abort(new Error('stop'));
    expect((await rejection(p)).message).toBe('stop');
  });

  it('joinAll returns the finished greenlets at the timeout, and raiseError rejects', async () => {
    const quick = spawn(function* () {
      yield Promise.resolve();
      return 1;
    });
    const stuck = spawn(function* () {
      yield new Promise(() => {});
    });
    expect(await joinAll([quick, stuck], { timeout: 5 })).toEqual([quick]);
    const failing = spawn(function* () {
      yield Promise.resolve();
      throw new Error('bad');
    });
    expect((await rejection(joinAll([failing], { raiseError: true }))).message).toBe('bad');
    expect(await joinAll([failing])).toEqual([failing]);
  });

  it('rejects bad input at the call', () => {
    expect(() => joinAll([1, 2] as never)).toThrow(TypeError);
    expect(() => joinAll(3 as never)).toThrow(TypeError);
    expect(() => new Greenlet(5 as never)).toThrow(TypeError);
    expect(() => spawn('x' as never)).toThrow(TypeError);
  });

  it('only generator functions make greenlets: anything else throws TypeError at the call', () => {
    for (const bad of [async () => 1, () => 1, function () {}, async function* () {}, class {}]) {
      expect(() => new Greenlet(bad as never)).toThrow(TypeError);
      expect(() => spawn(bad as never)).toThrow(TypeError);
    }
    function* gen(this: { k: number }) {
      yield Promise.resolve();
      return this.k;
    }
    expect(new Greenlet(gen.bind({ k: 1 })).dead).toBe(false);
    expect(() =>
      joinAll(
        [
          spawn(function* () {
            yield Promise.resolve();
            return 1;
          }),
        ],
        { timeout: -1 },
      ),
    ).toThrow(RangeError);
  });

  it('a switch made inside a greenlet must be yielded', async () => {
    let inner: unknown;
    const other = new Greenlet(function* () {
      yield Promise.resolve();
      return 1;
    });
    const g = new Greenlet(function* () {
      inner = other.switch();
      yield Promise.resolve();
    });
    await g.switch();
    expect(await rejection(inner as PromiseLike<unknown>)).toBeInstanceOf(InvalidStateError);
  });
});
