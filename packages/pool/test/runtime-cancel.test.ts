import { afterEach, describe, expect, it } from 'vitest';
import { startRuntime } from '../src/entry/runtime.js';
import { CALL, OK, SKIPPED, type FromWorker } from '../src/internal/protocol.js';

// The task loop as a process child runs it (no flag words: cancellations come as messages), fed
// by hand so the order of events is exact.
const release = Symbol.for('skein.test.release');
const ran = Symbol.for('skein.test.ran');
type Globals = Record<symbol, unknown>;

afterEach(() => {
  delete (globalThis as Globals)[release];
  delete (globalThis as Globals)[ran];
});

describe('a process child', () => {
  it('reads a cancel sent before its async task was seen to finish before it starts the next task', async () => {
    const posted: FromWorker[] = [];
    const receive = startRuntime(
      {
        module: undefined,
        initializer: undefined,
        initargs: [],
        flags: undefined,
        doorbell: undefined,
        reportBeforeSlowTasks: true,
      },
      (message) => posted.push(message),
    );
    const waitForRelease = `() => new Promise((resolve) => { globalThis[Symbol.for('skein.test.release')] = resolve; })`;
    const markRan = `() => { globalThis[Symbol.for('skein.test.ran')] = true; return 'ran'; }`;
    receive({
      defs: [
        [0, ['source', waitForRelease]],
        [1, ['source', markRan]],
      ],
      tasks: [0, CALL, 0, 1, CALL, 0],
      grant: 1, // both tasks may run without asking
    });
    expect(typeof (globalThis as Globals)[release]).toBe('function'); // the first task runs

    // The first task ends (in a child: a timer callback, say), and its promise reactions run...
    ((globalThis as Globals)[release] as (value: string) => void)('done');
    for (let i = 0; i < 5; i++) await Promise.resolve();
    // ...then the cancel the pool sent meanwhile is read, before the event loop's next turn.
    receive({ cancel: 1 });
    await new Promise((resolve) => setImmediate(resolve));

    expect((globalThis as Globals)[ran]).toBeUndefined();
    const results = posted.flatMap((message) => message.results ?? []);
    expect(results).toEqual([OK, 'done', SKIPPED, undefined]);
  });
});
