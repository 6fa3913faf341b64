import type { AnyQuestion } from '../../harness/types.js';
import { poolBurstProcesses } from './pool-burst-processes.js';
import { poolBurstThreads } from './pool-burst-threads.js';
import { poolCpu } from './pool-cpu.js';
import { poolLatency } from './pool-latency.js';
import { poolMapQuestion } from './pool-map.js';
import { poolRss } from './pool-rss.js';
import { poolStartup } from './pool-startup.js';
import { poolWindowed } from './pool-windowed.js';

/** The @skein/pool questions of BENCHMARKS.md. */
export const poolQuestions: readonly AnyQuestion[] = [
  poolBurstThreads,
  poolBurstProcesses,
  poolWindowed,
  poolMapQuestion,
  poolLatency,
  poolCpu,
  poolRss,
  poolStartup,
];
