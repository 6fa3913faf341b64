// What the shared-queue questions and their workers (queue-endpoint.ts) share: the job each
// worker gets, the payloads, and the flow-control window of the postMessage rows.
import type { MessagePort } from 'node:worker_threads';
import type { SharedQueueHandle } from '@skein/queue';

/** How the two threads move items: see the notes of the shared-queue questions. */
export type QueueVariant = 'skein-await' | 'skein-nowait' | 'post' | 'post-batched' | 'ring';

/** A 4-byte payload is the item's number; a 64-byte one a 64-character ASCII string (see payloadOf). */
export type PayloadKind = 'int' | 'str64';

export interface EndpointJob {
  readonly role: 'producer' | 'consumer';
  readonly variant: QueueVariant;
  readonly payload: PayloadKind;
  /** Items the producer sends and the consumer expects, in order. */
  readonly count: number;
  /** Int32Array[CONTROL_WORDS] with the READY, GO, DONE and FAILED words of protocol.ts. */
  readonly control: SharedArrayBuffer;
  /** The SharedQueue (Skein rows). */
  readonly queue?: SharedQueueHandle;
  /** This side's end of the MessageChannel (postMessage rows); also carries the acks back. */
  readonly port?: MessagePort;
  /** The floor's ring (ring rows). */
  readonly ring?: SharedArrayBuffer;
}

/** Items in flight at most: SharedQueue's maxsize, the ring's slots, the postMessage window. */
export const WINDOW = 1024;
/** The postMessage consumer acknowledges every ACK_EVERY items, so the producer's window reopens before it drains. */
export const ACK_EVERY = WINDOW / 4;
/** Items per message in the batched postMessage rows. */
export const BATCH = 100;

/**
 * The 64-byte payloads: distinct strings, made once so that the rows time moving them, not
 * building them. Their count is a prime larger than WINDOW, so an item lost, repeated or
 * swapped shows as a mismatch (losing exactly STRINGS items in a row would leave the consumer
 * short and the run would time out).
 */
const STRINGS = Array.from({ length: 1031 }, (_, k) => `${k}:`.padEnd(64, '.'));

/** The payload of item `i`: the number itself, or a 64-character string for its position. */
export function payloadOf(kind: PayloadKind): (i: number) => number | string {
  return kind === 'int' ? (i) => i : (i) => STRINGS[i % STRINGS.length]!;
}
