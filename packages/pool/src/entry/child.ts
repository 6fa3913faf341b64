// Bootstrap of a ProcessPoolExecutor child process (forked with `serialization: 'advanced'`).
import { serializeError } from '@skein/sync/serialize-error';
import type { FromWorker, ToWorker } from '../internal/protocol.js';
import { startRuntime } from './runtime.js';

let receive: ((message: ToWorker) => void) | undefined;
process.on('message', (message: ToWorker) => {
  if (message.close === true) setImmediate(() => process.exit(0));
  else if (receive !== undefined) receive(message);
  else if (message.init !== undefined)
    receive = startRuntime(message.init, (m: FromWorker) => process.send!(m));
});
// The pool going away (even by kill -9) closes the channel: leave with it.
process.on('disconnect', () => process.exit(0));
// The error this child dies of becomes the cause of the task's WorkerCrashedError, as a thread's does.
process.on('uncaughtExceptionMonitor', (error) => {
  if (process.connected) process.send!({ uncaught: serializeError(error) } satisfies FromWorker);
});
