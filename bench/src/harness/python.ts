// Python peers: scripts in bench/python/ that time themselves (interpreter start-up is never
// part of a question) and print one JSON object as their last line of output.
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const DEFAULT_TIMEOUT_MS = 60_000;

let missing: string | undefined | null = null;

/** Why Python rows cannot run here ('python3 not found'), or undefined when they can. */
export function pythonMissing(): string | undefined {
  if (missing === null) {
    const probe = spawnSync('python3', ['--version'], { encoding: 'utf8' });
    missing = probe.status === 0 ? undefined : 'python3 not found';
  }
  return missing;
}

/**
 * Runs `python3 bench/python/<script> ...args` and resolves with the JSON object on the last
 * line of its stdout; rejects with its stderr when it fails, times out or prints no JSON.
 *
 * @example
 * ```ts
 * const { ns, got } = await runPython('queue-pipe.py', ['asyncio', '1000000']);
 * ```
 */
export function runPython(
  script: string,
  args: readonly (string | number)[],
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<Record<string, number>> {
  const path = fileURLToPath(new URL(`../../python/${script}`, import.meta.url));
  const argv = [path, ...args.map(String)];
  return new Promise((resolve, reject) => {
    execFile('python3', argv, { timeout: timeoutMs }, (error, stdout, stderr) => {
      const what = `python3 ${script} ${args.join(' ')}`;
      if (error) {
        reject(new Error(`${what} failed: ${stderr.trim() || error.message}`, { cause: error }));
        return;
      }
      const last = stdout.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(last) as Record<string, number>);
      } catch {
        reject(new Error(`${what} printed no JSON result: ${JSON.stringify(last)}`));
      }
    });
  });
}
