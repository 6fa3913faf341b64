// BENCHMARKS.md, @skein/queue: "SharedQueue between 2 threads, small objects (msgs/s)". One
// worker thread produces 1M items, another consumes them and checks each arrives exactly once
// and in order. One question per payload size, so each table's ratios are to postMessage
// carrying the same payload.
import { MessageChannel } from 'node:worker_threads';
import { SharedQueue } from '@skein/queue';
import type { Contender, Question } from '../../harness/types.js';
import {
  BATCH,
  WINDOW,
  type EndpointJob,
  type PayloadKind,
  type QueueVariant,
} from '../../workers/queue-protocol.js';
import { allocateRing } from '../../workers/queue-ring.js';
import { runTimedWorkers, type TimedWorker } from '../../harness/timed-workers.js';

const ENDPOINT = new URL('../../workers/queue-endpoint.js', import.meta.url);

const ITEMS = 1_000_000;

/** The shared object or port each end of one run gets. */
function ends(variant: QueueVariant, payload: PayloadKind, count: number): TimedWorker[] {
  const end = (
    role: 'producer' | 'consumer',
    extra: Partial<Omit<EndpointJob, 'control'>>,
    spec?: Pick<TimedWorker, 'transfer'>,
  ): TimedWorker => ({
    label: role,
    data: { role, variant, payload, count, ...extra },
    ...spec,
  });
  switch (variant) {
    case 'skein-await':
    case 'skein-nowait': {
      const queue = new SharedQueue<number | string>({ maxsize: WINDOW }).toShared();
      return [end('producer', { queue }), end('consumer', { queue })];
    }
    case 'post':
    case 'post-batched': {
      const { port1, port2 } = new MessageChannel();
      return [
        end('producer', { port: port1 }, { transfer: [port1] }),
        end('consumer', { port: port2 }, { transfer: [port2] }),
      ];
    }
    case 'ring': {
      const ring = allocateRing(payload === 'int' ? 4 : 64);
      return [end('producer', { ring }), end('consumer', { ring })];
    }
  }
}

const SKEIN = 'Skein SharedQueue, await each put/get';
const POST = 'postMessage, one item per message';

function sharedQueueQuestion(payload: PayloadKind): Question {
  const size = payload === 'int' ? '4-byte' : '64-byte';
  const row = (name: string, kind: Contender['kind'], variant: QueueVariant): Contender => ({
    name,
    kind,
    run: (n) => runTimedWorkers(ENDPOINT, ends(variant, payload, n)),
  });
  return {
    name: payload === 'int' ? 'shared-queue-4b' : 'shared-queue-64b',
    title: `SharedQueue between 2 threads, ${size} payloads (msgs/s)`,
    op: `one ${payload === 'int' ? 'integer (4 bytes)' : '64-character ASCII string'} from a producer worker to a consumer worker, at most ${WINDOW} in flight (1M per run)`,
    reference: POST,
    fixedOps: ITEMS,
    targets: [
      { contender: SKEIN, level: 'must', factor: 3, ref: POST },
      { contender: SKEIN, level: 'aim', factor: 5e6 },
    ],
    notes: `Timed from GO, when both workers are started and parked, until the consumer has checked the last item; every row checks that each item arrives exactly once and in order. At most ${WINDOW} items are in flight in every row: SharedQueue({ maxsize: ${WINDOW} }), the floor's ${WINDOW} slots, and for postMessage a credit window: the producer posts freely while fewer than ${WINDOW} items are unacknowledged, and the consumer posts its count back every ${WINDOW / 4} items (so the acks cost 1 message in ${WINDOW / 4}, and memory stays bounded as with a queue). The batched row posts arrays of ${BATCH}. The "putNowait/getNowait first" row has no target: it calls the sync method and awaits \`put\`/\`get\` only when that throws QueueFull/QueueEmpty (checking \`full()\`/\`empty()\` first was slower: each reads both counters, a cache line the other thread keeps writing). The floor is a single-producer single-consumer ring of fixed ${payload === 'int' ? '4' : '64'}-byte slots on a SharedArrayBuffer that spins briefly, then sleeps in Atomics.wait (workers/queue-ring.ts).`,
    async setup(): Promise<Contender[]> {
      return [
        row(SKEIN, 'skein', 'skein-await'),
        row('Skein SharedQueue, putNowait/getNowait first', 'skein', 'skein-nowait'),
        row(POST, 'peer', 'post'),
        row(`postMessage, batches of ${BATCH}`, 'peer', 'post-batched'),
        row('SAB ring, Atomics.wait', 'floor', 'ring'),
      ];
    },
  };
}

export const sharedQueue4b = sharedQueueQuestion('int');
export const sharedQueue64b = sharedQueueQuestion('str64');
