// workerpool's worker script (threads and processes): the pool-tasks functions, registered by name.
import workerpool from 'workerpool';
import { noop, spin } from './pool-tasks.js';

workerpool.worker({ noop, spin });
