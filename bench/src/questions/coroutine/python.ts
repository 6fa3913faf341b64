// The asyncio peers in bench/python/coroutine-asyncio.py, run through the harness's Python
// runner: each mode times itself inside Python and prints one JSON line.
import { runPython } from '../../harness/python.js';

export { pythonMissing } from '../../harness/python.js';

/** The modes of the script: one per question. */
export type AsyncioMode = 'gather' | 'taskgroup' | 'cancel' | 'heap' | 'rtt';

/** Runs `python3 coroutine-asyncio.py <mode> <n>` and returns what it printed. */
export function runAsyncio(mode: AsyncioMode, n: number): Promise<Record<string, number>> {
  return runPython('coroutine-asyncio.py', [mode, n]);
}
