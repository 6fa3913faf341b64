// Runs workers/pool-child.js in a fresh node process and returns what it printed.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { MetricContender } from '../../harness/types.js';
import { type PeerKey, peers, rowOf } from './peers.js';

const CHILD = fileURLToPath(new URL('../../workers/pool-child.js', import.meta.url));
const TIMEOUT_MS = 40_000;

function runChild(mode: 'rss' | 'startup', key: PeerKey): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [CHILD, mode, key],
      { timeout: TIMEOUT_MS },
      (error, stdout, stderr) => {
        if (error)
          reject(new Error(`pool-child ${mode} ${key} failed: ${stderr.trim() || error.message}`));
        else resolve(JSON.parse(stdout) as Record<string, number>);
      },
    );
  });
}

/** A contender whose every sample is one fresh process running `mode` with the pool `key`. */
export function childContender(mode: 'rss' | 'startup', key: PeerKey): MetricContender {
  return { ...rowOf(peers[key]), sample: () => runChild(mode, key) };
}
