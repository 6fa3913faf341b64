// Rewrites the given files of a package's dist as self-contained bundles (run from the package
// directory after tsc). A fresh Node process or worker pays about a millisecond per ES module it
// loads: importing a package went from 45-75 ms (20-27 files each) to 10-20 ms, and a pool
// worker's runtime from 9 to 2 ms.
//
// Other packages stay imports (one copy of each per thread, so their objects and brands agree),
// except their subpath modules (`@skein/sync/serialize-error`), which are small and go into the
// bundle. Modules that two entries share go into one chunk under dist/chunks that both import,
// so an entry and the package index loaded in the same thread (a loop thread's job module
// imports '@skein/coroutine') share one copy of every class and context. With `--separate`
// each entry is bundled on its own instead: for entries that never share a thread with another
// (a pool worker loads one file rather than three).
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const separate = process.argv.includes('--separate');
const entries = process.argv.slice(2).filter((arg) => arg !== '--separate');
if (entries.length === 0) {
  throw new Error('usage: node bundle-dist.mjs [--separate] dist/index.js [dist/...]');
}

const externalPackages = {
  name: 'external-packages',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^[^./]/ }, (args) =>
      /^@skein\/[^/]+\/.+/.test(args.path) ? undefined : { path: args.path, external: true },
    );
  },
};

const options = {
  outdir: 'dist',
  outbase: 'dist',
  allowOverwrite: true,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  plugins: [externalPackages],
};

if (separate) {
  for (const entry of entries) await build({ ...options, entryPoints: [entry] });
} else {
  rmSync('dist/chunks', { recursive: true, force: true });
  await build({
    ...options,
    entryPoints: entries,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
  });
}
