/**
 * How long one `Atomics.waitAsync` may stay pending (ms). A pending wait cannot be cancelled and
 * pins whatever its callback reaches, so a wait left behind by waiters that went away (served
 * locally, timed out, aborted) must expire on its own, or every object that was ever waited on
 * would stay in memory. A waiter that still waits when its slice ends simply parks again.
 */
export const PARK_SLICE_MS = 250;
