/** A parked call that gives up when its signal aborts. */
export interface Abortable {
  fail(reason: unknown): void;
}

/**
 * The calls parked on each signal. One listener per signal serves them all, so a signal shared
 * by many waiting calls (one per consumer, say) neither grows a listener per call nor trips
 * Node's MaxListenersExceededWarning; the listener goes away with the last call.
 */
const parked = new WeakMap<AbortSignal, Set<Abortable>>();

function onAbort(event: Event): void {
  const signal = event.target as AbortSignal;
  const calls = parked.get(signal);
  parked.delete(signal);
  if (calls !== undefined) for (const call of calls) call.fail(signal.reason);
}

/** Fails `call` with `signal.reason` when `signal` aborts (it is not aborted yet). */
export function watch(signal: AbortSignal, call: Abortable): void {
  let calls = parked.get(signal);
  if (calls === undefined) {
    calls = new Set();
    parked.set(signal, calls);
    signal.addEventListener('abort', onAbort, { once: true });
  }
  calls.add(call);
}

/** Stops watching `signal` for `call`, which settled some other way. */
export function unwatch(signal: AbortSignal, call: Abortable): void {
  const calls = parked.get(signal);
  if (calls === undefined || !calls.delete(call) || calls.size > 0) return;
  parked.delete(signal);
  signal.removeEventListener('abort', onAbort);
}
