// Worker for the shared-queue questions: one end (producer or consumer) of one way of moving
// items between two threads. Waits for GO, moves `count` items; the consumer checks each
// arrives exactly once and in order. Each variant's loop is written out on its own.
import { workerData, type MessagePort } from 'node:worker_threads';
import { SharedQueue } from '@skein/queue';
import { ACK_EVERY, BATCH, WINDOW, payloadOf, type EndpointJob } from './queue-protocol.js';
import { RingConsumer, RingProducer } from './queue-ring.js';
import { runTimedLoop } from './timed-loop.js';

type Item = number | string;

const job = workerData as EndpointJob;
const payload = payloadOf(job.payload);
const n = job.count;

function outOfOrder(expected: number, item: unknown): Error {
  return new Error(`item ${String(item)} arrived where item ${expected} was expected`);
}

/** The postMessage producer's view of the consumer's acknowledgements (its flow control). */
class Credit {
  acked = 0;
  #closed = false;
  #wake: (() => void) | undefined = undefined;

  constructor(port: MessagePort) {
    port.on('message', (count: number) => {
      this.acked = count;
      this.#wakeUp();
    });
    port.on('close', () => {
      this.#closed = true;
      this.#wakeUp();
    });
  }

  /** Waits until the consumer has acknowledged `count` items; throws if it hung up first. */
  async until(count: number): Promise<void> {
    while (this.acked < count) {
      if (this.#closed) throw new Error(`the consumer hung up after ${this.acked} items`);
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}

/**
 * Calls `take(message)` for every message on `port` (it returns the items received so far) until
 * all `n` arrived, acknowledging every ACK_EVERY items; closes the port when done or failed.
 */
async function receive(port: MessagePort, take: (message: unknown) => number): Promise<void> {
  try {
    await receiveAll(port, take);
  } finally {
    port.close();
  }
}

function receiveAll(port: MessagePort, take: (message: unknown) => number): Promise<void> {
  return new Promise((resolve, reject) => {
    let acked = 0;
    port.on('message', (message: unknown) => {
      let got: number;
      try {
        got = take(message);
      } catch (error) {
        reject(error);
        return;
      }
      if (got - acked >= ACK_EVERY || got === n) port.postMessage((acked = got));
      if (got === n) resolve();
    });
  });
}

function producer(): () => Promise<void> | void {
  switch (job.variant) {
    case 'skein-await': {
      const q = SharedQueue.fromShared<Item>(job.queue!);
      return async () => {
        for (let i = 0; i < n; i++) await q.put(payload(i));
      };
    }
    case 'skein-nowait': {
      const q = SharedQueue.fromShared<Item>(job.queue!);
      return async () => {
        for (let i = 0; i < n; i++) {
          try {
            q.putNowait(payload(i));
          } catch {
            await q.put(payload(i));
          }
        }
      };
    }
    case 'post': {
      const port = job.port!;
      const credit = new Credit(port);
      return async () => {
        for (let i = 0; i < n; i++) {
          if (i - credit.acked >= WINDOW) await credit.until(i - WINDOW + 1);
          port.postMessage(payload(i));
        }
        await credit.until(n);
        port.close();
      };
    }
    case 'post-batched': {
      const port = job.port!;
      const credit = new Credit(port);
      return async () => {
        for (let i = 0; i < n;) {
          const end = Math.min(n, i + BATCH);
          if (end - credit.acked > WINDOW) await credit.until(end - WINDOW);
          const batch: Item[] = [];
          for (; i < end; i++) batch.push(payload(i));
          port.postMessage(batch);
        }
        await credit.until(n);
        port.close();
      };
    }
    case 'ring': {
      const ring = new RingProducer(job.ring!);
      if (job.payload === 'int') {
        return () => {
          for (let i = 0; i < n; i++) ring.putInt(i);
        };
      }
      return () => {
        for (let i = 0; i < n; i++) ring.putString64(payload(i) as string);
      };
    }
  }
}

function consumer(): () => Promise<void> | void {
  switch (job.variant) {
    case 'skein-await': {
      const q = SharedQueue.fromShared<Item>(job.queue!);
      return async () => {
        for (let i = 0; i < n; i++) {
          const item = await q.get();
          if (item !== payload(i)) throw outOfOrder(i, item);
        }
      };
    }
    case 'skein-nowait': {
      const q = SharedQueue.fromShared<Item>(job.queue!);
      return async () => {
        for (let i = 0; i < n; i++) {
          let item: Item;
          try {
            item = q.getNowait();
          } catch {
            item = await q.get();
          }
          if (item !== payload(i)) throw outOfOrder(i, item);
        }
      };
    }
    case 'post': {
      const port = job.port!;
      return async () => {
        let got = 0;
        await receive(port, (item) => {
          if (item !== payload(got)) throw outOfOrder(got, item);
          return ++got;
        });
      };
    }
    case 'post-batched': {
      const port = job.port!;
      return async () => {
        let got = 0;
        await receive(port, (batch) => {
          for (const item of batch as Item[]) {
            if (item !== payload(got)) throw outOfOrder(got, item);
            got++;
          }
          return got;
        });
      };
    }
    case 'ring': {
      const ring = new RingConsumer(job.ring!);
      if (job.payload === 'int') {
        return () => {
          for (let i = 0; i < n; i++) {
            const item = ring.takeInt();
            if (item !== i) throw outOfOrder(i, item);
          }
        };
      }
      return () => {
        for (let i = 0; i < n; i++) {
          const item = ring.takeString64();
          if (item !== payload(i)) throw outOfOrder(i, item);
        }
      };
    }
  }
}

await runTimedLoop(job.control, job.role === 'producer' ? producer() : consumer());
