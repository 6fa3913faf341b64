/**
 * A pending `Atomics.waitAsync` does not keep Node 20's event loop alive, so a worker whose only
 * work is waiting on shared memory would exit (code 13) with its call unsettled. Every parked
 * wait that someone still awaits holds one reference here; while any is held, one ref'd
 * interval keeps this thread alive. (The same pattern as `@skein/sync`'s internal keep-alive,
 * which that package does not export.)
 */
let holders = 0;
let handle: ReturnType<typeof setInterval> | undefined;

export function holdAlive(): void {
  if (holders++ === 0) handle = setInterval(noop, 2 ** 31 - 1);
}

export function releaseAlive(): void {
  if (--holders === 0) {
    clearInterval(handle);
    handle = undefined;
  }
}

function noop(): void {}
