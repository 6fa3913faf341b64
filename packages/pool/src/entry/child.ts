// Bootstrap of a ProcessPoolExecutor child process (forked with `serialization: 'advanced'`).
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
