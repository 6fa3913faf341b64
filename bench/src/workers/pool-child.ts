// One fresh process per sample of pool-rss and pool-startup, so no pool's heap or JIT state
// reaches another: `node pool-child.js rss|startup <peer>` prints one JSON line.
import { burst, peers, type PeerKey } from '../questions/pool/peers.js';

const BURST = 100_000;
const [mode, key] = process.argv.slice(2) as ['rss' | 'startup', PeerKey];
const peer = peers[key];
if (peer === undefined || (mode !== 'rss' && mode !== 'startup'))
  throw new Error(`usage: pool-child.js rss|startup <${Object.keys(peers).join('|')}>`);

const start = performance.now();
const pool = peer.create();
await pool.ready;
const first = await pool.run('noop', 1);
const ms = performance.now() - start;
if (first !== 1) throw new Error(`the first task answered ${first}`);
if (mode === 'startup') {
  process.stdout.write(`${JSON.stringify({ ms })}\n`);
} else {
  await burst(pool, BURST);
  process.stdout.write(`${JSON.stringify({ rss: process.memoryUsage().rss / 2 ** 20 })}\n`);
}
await pool.close();
