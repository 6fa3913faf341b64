import { QueueShutDown } from '../errors.js';
import type { WaitOptions } from '../types.js';
import { decode, type Encoded } from './codec.js';
import { holdThreadAlive } from '@skein/sync';
import {
  CLOSED,
  DATA_SEQ,
  GOT,
  NOTHING,
  OPEN,
  PUBLISHED,
  PUT,
  type Ring,
  SPACE_SEQ,
  SPINS,
  watch,
} from './shared-ring.js';
import { type Waiter, WaiterList } from './waiters.js';

function shutDown(): QueueShutDown {
  return new QueueShutDown();
}

/**
 * The calls of one SharedQueue object in this thread that wait on the ring (puts for room, or
 * gets for an item), in FIFO order, and the pump that serves them (see "Waiting" in
 * shared-ring.ts). The pump serves the head while it can; when it cannot, it first watches the
 * other side's counter briefly (a thread busy putting or getting moves it within a
 * fraction of a microsecond), then parks on the ring's event-count word `seqIndex`, with at most one
 * Atomics.waitAsync pending, and holds the thread alive only while some call waits. Timeouts
 * and aborts come from {@link WaiterList}: a call that leaves the list was never served, so a
 * put that leaves inserted nothing and a get took nothing.
 */
abstract class Pump<R, I> extends WaiterList<R, I> {
  private parked = false;
  /** Set while this thread is held alive for a parked wait: lets it go. */
  private releaseAlive: (() => void) | undefined = undefined;
  private driving = false;

  constructor(
    protected readonly ring: Ring,
    private readonly seqIndex: number,
    /** The other side's counter: PUT for gets, GOT for puts. */
    private readonly progressIndex: number,
    expire: (waiter: Waiter<R, I>) => void,
  ) {
    super(expire);
  }

  /** Parks a call that could not be served at once; `timeout` is not 0. */
  park(item: I, options: WaitOptions | undefined): Promise<R> {
    const promise = this.wait(options, item, undefined);
    this.drive();
    return promise;
  }

  /** Serves the head waiter if it can now (settling or failing it); false when it must wait. */
  protected abstract serve(waiter: Waiter<R, I>): boolean;

  /** Serves waiting calls in order while it can; parks when the head has to wait. */
  drive(): void {
    if (this.driving) return;
    this.driving = true;
    try {
      const ctl = this.ring.ctl;
      // Watch the other side's counter for SPINS loads in all before parking (see watch).
      let budget = SPINS;
      for (let w = this.head; w !== null; w = this.head) {
        const seen = Atomics.load(ctl, this.progressIndex);
        if (this.tryServe(w)) continue;
        if (budget >= 0 && (budget = watch(ctl, this.progressIndex, seen, budget)) >= 0) continue;
        // Announce, then look again before parking; see the protocol.
        const seq = this.ring.announce(this.seqIndex);
        if (seq === -1 || this.tryServe(w)) continue;
        // A wait still parked from before is on an older value only if the word moved on
        // since, which always comes with a notify: its wake-up is on the way.
        if (!this.parked) {
          const r = Atomics.waitAsync(ctl, this.seqIndex, seq);
          if (!r.async) continue;
          this.parked = true;
          void r.value.then(this.onWake);
        }
        this.releaseAlive ??= holdThreadAlive();
        return;
      }
    } finally {
      this.driving = false;
    }
  }

  /** `serve`, failing the waiter with what it threw (a broken queue's lock error, say). */
  private tryServe(waiter: Waiter<R, I>): boolean {
    try {
      return this.serve(waiter);
    } catch (error) {
      waiter.fail(error);
      return true;
    }
  }

  override unlink(waiter: Waiter<R, I>): void {
    const wasHead = waiter === this.head;
    super.unlink(waiter);
    if (this.head === null) this.idle();
    // The head timed out or was aborted: the next call may be servable now.
    else if (wasHead && !this.driving) queueMicrotask(this.kick);
  }

  private readonly kick = (): void => {
    if (this.head !== null) this.drive();
  };

  private readonly onWake = (): void => {
    this.parked = false;
    if (this.head !== null) this.drive();
  };

  /** Nobody here waits any more: let the thread exit. */
  private idle(): void {
    this.releaseAlive?.();
    this.releaseAlive = undefined;
  }

  /** Fails every waiting call with QueueShutDown. */
  protected closeAll(): true {
    this.failAll(shutDown);
    return true;
  }
}

/** Puts waiting for room: each carries its encoded item. */
export class PutPump extends Pump<void, Encoded> {
  constructor(ring: Ring, expire: (waiter: Waiter<void, Encoded>) => void) {
    super(ring, SPACE_SEQ, GOT, expire);
  }

  protected serve(waiter: Waiter<void, Encoded>): boolean {
    const outcome = this.ring.publish(waiter.item);
    if (outcome === PUBLISHED) {
      waiter.settle(undefined);
      return true;
    }
    return outcome === CLOSED ? this.closeAll() : false;
  }
}

/** Gets waiting for an item. */
export class GetPump<T> extends Pump<T, undefined> {
  constructor(ring: Ring, expire: (waiter: Waiter<T, undefined>) => void) {
    super(ring, DATA_SEQ, PUT, expire);
  }

  protected serve(waiter: Waiter<T, undefined>): boolean {
    const raw = this.ring.take();
    if (raw !== NOTHING) {
      let value: T;
      try {
        value = decode(raw) as T;
      } catch (error) {
        waiter.fail(error);
        return true;
      }
      waiter.settle(value);
      return true;
    }
    // Empty. Once shut down no record can come (STATE is set under PUT_LOCK), so look once more.
    if (this.ring.state() === OPEN) return false;
    const last = this.ring.take();
    if (last === NOTHING) return this.closeAll();
    waiter.settle(decode(last) as T);
    return true;
  }
}
