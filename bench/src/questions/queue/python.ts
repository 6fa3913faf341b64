// Runs a Python peer script from bench/python as a subprocess that times itself.
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const TIMEOUT_MS = 30_000;

/** What every peer script prints: the nanoseconds it measured and how many items arrived in order. */
export interface PythonResult {
  readonly ns: number;
  readonly got: number;
}

/** Why the Python rows cannot run here, or undefined when `python3` is on the PATH. */
export function pythonMissing(): string | undefined {
  const probe = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? undefined : 'python3 not found';
}

/**
 * Runs `bench/python/<script>` with `args`; resolves with the nanoseconds it measured once it
 * reports all `expected` items received in order, rejects otherwise.
 */
export function runPython(
  script: string,
  args: readonly string[],
  expected: number,
): Promise<number> {
  const path = fileURLToPath(new URL(`../../../python/${script}`, import.meta.url));
  return new Promise((resolve, reject) => {
    execFile('python3', [path, ...args], { timeout: TIMEOUT_MS }, (error, stdout, stderr) => {
      if (error) {
        reject(
          new Error(`python3 ${script} failed: ${stderr.trim() || error.message}`, {
            cause: error,
          }),
        );
        return;
      }
      const { ns, got } = JSON.parse(stdout) as PythonResult;
      if (got !== expected)
        reject(new Error(`python3 ${script}: ${got} items arrived, expected ${expected}`));
      else resolve(ns);
    });
  });
}
