// Runs bench/python/pool-peer.py, which times itself, and checks it saw every task answered.
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../../python/pool-peer.py', import.meta.url));
const TIMEOUT_MS = 40_000;

/** Why the Python rows cannot run here, or undefined when `python3` is on the PATH. */
export function pythonMissing(): string | undefined {
  return spawnSync('python3', ['--version']).status === 0 ? undefined : 'python3 not found';
}

/** Runs one mode of pool-peer.py over `n` tasks; resolves what it printed once it reports all `n` answered right. */
export function runPythonPeer(
  mode: 'burst' | 'map' | 'latency',
  n: number,
): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    execFile(
      'python3',
      [SCRIPT, mode, String(n)],
      { timeout: TIMEOUT_MS },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`pool-peer.py ${mode} failed: ${stderr.trim() || error.message}`));
          return;
        }
        const result = JSON.parse(stdout) as Record<string, number>;
        if (result.got !== n)
          reject(new Error(`pool-peer.py ${mode}: ${result.got} of ${n} tasks answered right`));
        else resolve(result);
      },
    );
  });
}
