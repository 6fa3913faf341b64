// Runs bench/python/pool-peer.py through the harness's Python runner and checks it saw every task answered.
import { runPython } from '../../harness/python.js';

export { pythonMissing } from '../../harness/python.js';

/** Runs one mode of pool-peer.py over `n` tasks; resolves what it printed once it reports all `n` answered right. */
export async function runPythonPeer(
  mode: 'burst' | 'map' | 'latency',
  n: number,
): Promise<Record<string, number>> {
  const result = await runPython('pool-peer.py', [mode, n]);
  if (result.got !== n)
    throw new Error(`pool-peer.py ${mode}: ${result.got} of ${n} tasks answered right`);
  return result;
}
