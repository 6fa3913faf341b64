// Runs the asyncio peers in bench/python/coroutine-asyncio.py: each mode times itself inside
// Python (interpreter start-up is not part of any question) and prints one JSON line.
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../../python/coroutine-asyncio.py', import.meta.url));
const TIMEOUT_MS = 50_000;

/** The modes of the script: one per question. */
export type AsyncioMode = 'gather' | 'taskgroup' | 'cancel' | 'heap' | 'rtt';

/** Runs `python3 coroutine-asyncio.py <mode> <n>` and returns its parsed JSON line. */
export function runAsyncio(mode: AsyncioMode, n: number): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    execFile('python3', [SCRIPT, mode, String(n)], { timeout: TIMEOUT_MS }, (error, stdout) => {
      if (error) reject(new Error(`python3 ${mode} failed: ${error.message}`, { cause: error }));
      else resolve(JSON.parse(stdout) as Record<string, number>);
    });
  });
}

/** Why the Python rows cannot run here, or undefined when python3 is installed. */
export function pythonMissing(): string | undefined {
  const probe = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? undefined : 'python3 not found';
}
