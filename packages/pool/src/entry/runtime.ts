// Runs tasks inside a worker (thread or process): one at a time, in arrival order, reporting results in batches.
import { isThenable } from '@skein/sync/options';
import { serializeError } from '@skein/sync/serialize-error';
import { CLOSURE_HINT, type FunctionDef } from '../internal/functions.js';
import {
  CALL,
  countTasks,
  FAILED,
  FLAG_DONE,
  FLAG_PENDING,
  FLAG_RUNNING,
  GRANT_AHEAD_MS,
  MAP,
  OK,
  SKIPPED,
  type FromWorker,
  type Mode,
  type ToWorker,
  type WorkerInit,
} from '../internal/protocol.js';
import { packNumbers } from '../internal/numbers.js';
import { Ring } from '../internal/ring.js';
import { loadRevivers, needsRevivers, revive } from './revive.js';

type Fn = (...args: unknown[]) => unknown;

// Half of the ~48 ms of work the pool keeps handed to a worker (Lane.target): results go out in
// time for a top-up before the worker runs dry, and 1 ms tasks share a message two dozen at a
// time, which leaves the main thread (competing with the workers for the cores) less to do:
// 2,000 tasks of 1 ms on 2 workers ran at a mean 96.8-97.2% of ideal against 95.6-96.6% with
// 16 ms (two A/B batches of 18 runs each, interleaved; 32 ms did no better than 24). The price: a
// busy worker's results reach the pool up to this late (they go out before a task that would keep
// them longer, see `reportBefore`); a worker that runs dry answers at once.
const FLUSH_MS = 24;
const FAST_MS = 0.05;
// A thread worker that runs out of tasks parks on its Doorbell (see @skein/sync/doorbell) this
// long before it goes back to its event loop: the next task wakes it through a futex and is read
// at once, skipping the event loop's wakeup and dispatch, as piscina's workers do. On a VM where
// every wake-up cost 50-100 us, interleaved pool-latency runs gave p50 48/200/54 us parking
// against 234/96/90 not (a first version, 5 ms), then came out even (10 ms): there the wake-up
// is most of a round trip either way. The price: timers and I/O a task left behind run up to
// this late, once per idle spell.
const PARK_MS = 10;
// For the first part of the park the worker spins instead of sleeping. Waking a sleeping thread
// costs 20-60 us on the 2-vCPU machines we measure on (more than a small task), so a caller that
// submits its next task right after the answer finds the worker awake: one round trip went from
// ~70 to ~25 us. The price is at most this much CPU per idle spell.
const SPIN_MS = 0.05;

/**
 * Starts the task loop: `post` sends to the pool; the caller feeds it every message. `poll`,
 * when the transport can, returns the next message without waiting (or undefined): the loop
 * then takes top-ups between tasks instead of going back to the event loop for each. `park`,
 * when it can, waits up to `ms` for the next message with the thread blocked (spinning for the
 * first `spinMs`).
 */
export function startRuntime(
  init: WorkerInit,
  post: (message: FromWorker) => void,
  poll?: () => ToWorker | undefined,
  park?: (ms: number, spinMs: number) => ToWorker | undefined,
): (message: ToWorker) => void {
  const flags = init.flags === undefined ? undefined : new Int32Array(init.flags);
  const fns: Array<Fn | Error> = [];
  const inbox = new Ring<unknown>();
  const cancelled = new Set<number>();
  let exports: Record<string, unknown> = {};
  let seq = 0;
  // Process workers only (no flag words): tasks taken in, the last one the pool let run, and the
  // last one this worker asked for (the Grants protocol in protocol.ts).
  let received = 0;
  let granted = -1;
  let asked = -1;
  let revokes = 0;
  let busy = true; // until the module is loaded and initialised
  let reviving = false; // a task brought a shared handle: no task runs until the revivers are loaded
  let out: unknown[] = [];

  let flushedAt = performance.now();
  let startedAt = 0;
  let busyMs = 0;
  const flush = (): void => {
    flushedAt = performance.now();
    if (out.length === 0) return;
    const results = out;
    const ms = busyMs;
    out = [];
    busyMs = 0;
    try {
      post({ results, ms });
    } catch {
      post({ results: cloneableResults(results), ms });
    }
  };

  /** Mean ms each function ran here: a process worker reports its results before running one not known to be fast. */
  const fnMs: number[] = [];
  const finish = (s: number, index: number, status: number, value: unknown): void => {
    if (flags !== undefined) Atomics.store(flags, s % flags.length, FLAG_DONE);
    const ms = performance.now() - startedAt;
    busyMs += ms;
    fnMs[index] = fnMs[index] === undefined ? ms : fnMs[index] * 0.8 + ms * 0.2;
    out.push(status, status === FAILED ? serializeError(value) : value);
    // Tiny tasks share a message; a result older than FLUSH_MS goes out at once, so callers see
    // it and the pool can top up this worker's queue before it runs dry.
    if (performance.now() - flushedAt > FLUSH_MS) flush();
  };

  /**
   * Whether what finished goes out before running a task of function `index`. A process pool
   * tells which task a dead child was running by what it answered, so there everything goes out
   * before a task not known to be tiny. Elsewhere, before a task that would hold the results
   * past FLUSH_MS (a long one, or one never timed here): a result is not kept waiting behind a
   * long task, and is not lost when that task kills the worker.
   */
  const reportBefore = (index: number): boolean => {
    const expected = fnMs[index] ?? Infinity;
    return init.reportBeforeSlowTasks
      ? !(expected < FAST_MS)
      : performance.now() - flushedAt + expected > FLUSH_MS;
  };

  const claim = (s: number): boolean =>
    flags === undefined
      ? !cancelled.delete(s)
      : Atomics.compareExchange(flags, s % flags.length, FLAG_PENDING, FLAG_RUNNING) ===
        FLAG_PENDING;

  const pump = (): void => {
    const began = performance.now();
    if (out.length === 0) flushedAt = began;
    for (;;) {
      if (!runInbox()) return;
      if (poll === undefined || reviving) break;
      let next = poll();
      // After FLUSH_MS of tasks the rest waits one event-loop turn, so promises and timers that
      // tasks left behind get theirs. The results stay batched (`finish` and `reportBefore` send
      // them on their own clock): a flush here too sent a second, nearly empty message per batch.
      if (next !== undefined && performance.now() - began > FLUSH_MS) {
        accept(next);
        busy = true; // messages that come meanwhile queue behind this one
        setImmediate(() => {
          busy = false;
          pump();
        });
        return;
      }
      if (next === undefined) {
        flush(); // what finished goes out before the wait
        next = park?.(PARK_MS, SPIN_MS);
        if (next === undefined) break;
      }
      accept(next);
    }
    flush();
  };

  /** Runs the queued tasks; false when one returned a promise (its settling pumps again). */
  const runInbox = (): boolean => {
    while (inbox.length > 0 && !reviving) {
      if (flags === undefined && seq > granted && !cancelled.has(seq)) {
        if (asked < seq) {
          asked = seq;
          flush();
          post({ waiting: seq });
        }
        return true;
      }
      const index = inbox.shift() as number;
      const mode = inbox.shift() as Mode;
      const args = new Array<unknown>(inbox.shift() as number);
      for (let i = 0; i < args.length; i++) args[i] = inbox.shift();
      const s = seq++;
      if (!claim(s)) {
        out.push(SKIPPED, undefined);
        continue;
      }
      if (out.length > 0 && reportBefore(index)) flush();
      if (flags === undefined && granted > s && !((fnMs[index] ?? Infinity) < GRANT_AHEAD_MS)) {
        // Tasks granted after one that may take long stay cancellable while it runs.
        granted = s;
        revokes++;
        post({ revoked: s });
      }
      let value: unknown;
      startedAt = performance.now();
      try {
        value = run(fns[index], mode, args);
      } catch (error) {
        finish(s, index, FAILED, withHint(fns[index], error));
        continue;
      }
      if (isThenable(value)) {
        busy = true;
        const resume = (status: number, v: unknown): void => {
          finish(s, index, status, v);
          busy = false;
          // A process child hears of a cancellation only through its channel, which the event
          // loop reads after timers: the next task waits one turn, so a `cancel` the pool sent
          // before this task's end could be seen (a timer, say) is read before that task starts.
          if (flags === undefined) setImmediate(pump);
          else pump();
        };
        value.then(
          (v) => resume(OK, v),
          (e: unknown) => resume(FAILED, withHint(fns[index], e)),
        );
        flush();
        return false;
      }
      finish(s, index, OK, value);
    }
    return true;
  };

  const define = (index: number, [kind, payload]: FunctionDef): void => {
    if (kind === 'source') {
      try {
        // The source of a self-contained function submitted to the pool (checked to be one function expression).
        // eslint-disable-next-line @typescript-eslint/no-implied-eval
        const fn = new Function(`return (${payload});`)() as Fn;
        selfContained.add(fn);
        fns[index] = fn;
      } catch (error) {
        fns[index] = error as Error;
      }
      return;
    }
    const fn = exports[payload];
    fns[index] =
      typeof fn === 'function'
        ? (fn as Fn)
        : Object.assign(
            new TypeError(
              init.module === undefined
                ? `no task module was given, so there is no export '${payload}' (pass options.module)`
                : `'${payload}' is not an exported function of ${init.module}`,
            ),
            { code: 'ERR_UNKNOWN_EXPORT' },
          );
  };

  let ready = false;
  const pendingDefs: Array<readonly [number, FunctionDef]> = [];
  /** Takes in a message's definitions, cancellations and tasks (without running them). */
  const accept = (message: ToWorker): void => {
    if (message.defs !== undefined) {
      if (ready) for (const [index, def] of message.defs) define(index, def);
      else pendingDefs.push(...message.defs);
    }
    if (message.cancel !== undefined) cancelled.add(message.cancel);
    // A grant sent before the pool heard of this worker's last revocation is stale.
    if (message.grant !== undefined && (message.revokes ?? 0) >= revokes)
      granted = Math.max(granted, message.grant);
    if (message.tasks !== undefined) {
      for (const item of message.tasks) inbox.push(item);
      if (flags === undefined) {
        received += countTasks(message.tasks);
        post({ received: received - 1 });
      }
      if (!reviving && needsRevivers(message.tasks)) {
        reviving = true;
        // The pool itself depends on both packages, so loading them does not fail in practice.
        const resume = (): void => {
          reviving = false;
          if (!busy) pump();
        };
        loadRevivers().then(resume, resume);
      }
    }
  };

  const receive = (message: ToWorker): void => {
    accept(message);
    if ((message.tasks !== undefined || message.grant !== undefined) && !busy) pump();
  };

  void (async () => {
    if (init.module !== undefined) {
      try {
        exports = (await import(init.module)) as Record<string, unknown>;
      } catch (error) {
        post({ failed: { phase: 'load', error: serializeError(error) } });
        return;
      }
    }
    if (init.initializer !== undefined) {
      try {
        const fn = exports[init.initializer];
        if (typeof fn !== 'function') {
          throw new TypeError(
            `initializer '${init.initializer}' is not an exported function of ${init.module}`,
          );
        }
        if (needsRevivers(init.initargs)) await loadRevivers();
        await (fn as Fn)(...init.initargs.map(revive));
      } catch (error) {
        post({ failed: { phase: 'init', error: serializeError(error) } });
        return;
      }
    }
    ready = true;
    post({ ready: true });
    for (const [index, def] of pendingDefs) define(index, def);
    pendingDefs.length = 0;
    busy = false;
    pump();
  })();

  // process.exit() or an uncaught error: what finished still reaches the pool.
  process.on('exit', flush);
  return receive;
}

function run(fn: Fn | Error | undefined, mode: Mode, args: unknown[]): unknown {
  if (fn instanceof Error) throw fn;
  if (fn === undefined) throw new Error('internal: task function was never defined');
  if (mode === CALL) {
    for (let i = 0; i < args.length; i++) args[i] = revive(args[i]);
    return fn(...args);
  }
  // A MAP chunk of numbers arrives packed (a Float64Array); indexing reads either form alike.
  const items = args[0] as ArrayLike<unknown>;
  const results = new Array<unknown>(items.length);
  let anyAsync = false;
  for (let i = 0; i < items.length; i++) {
    const r = mode === MAP ? fn(revive(items[i])) : fn(...(items[i] as unknown[]).map(revive));
    anyAsync ||= isThenable(r);
    results[i] = r;
  }
  return anyAsync ? Promise.all(results) : packNumbers(results);
}

const selfContained = new WeakSet<Fn>();

/** A self-contained function that reads an undefined variable most likely relied on a closure: say so. */
function withHint(fn: Fn | Error | undefined, error: unknown): unknown {
  if (
    error instanceof ReferenceError &&
    typeof fn === 'function' &&
    selfContained.has(fn) &&
    !error.message.includes(CLOSURE_HINT)
  ) {
    error.message += CLOSURE_HINT;
  }
  return error;
}

/** A result that cannot be cloned becomes that task's `DataCloneError`; the rest of the batch still arrives. */
function cloneableResults(results: unknown[]): unknown[] {
  for (let i = 0; i < results.length; i += 2) {
    if (results[i] !== OK) continue;
    try {
      structuredClone(results[i + 1]);
    } catch (error) {
      results[i] = FAILED;
      results[i + 1] = serializeError(error);
    }
  }
  return results;
}
