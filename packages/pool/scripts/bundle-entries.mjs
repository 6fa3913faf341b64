// Rewrites each worker entry in dist/entry as one file. A new worker thread or child process
// pays about a millisecond per ES module it loads (8 files: ~8 ms of a ~45 ms start-up); one
// file costs about 1.5 ms. `@skein/sync` and `@skein/queue` stay imports: a worker loads them
// only when a task brings a shared object (see src/entry/revive.ts).
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/entry/worker.js', 'dist/entry/child.js'],
  outdir: 'dist/entry',
  allowOverwrite: true,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  plugins: [
    {
      // Only the package roots: `@skein/sync/serialize-error` is small and goes into the bundle.
      name: 'skein-roots-external',
      setup(pluginBuild) {
        pluginBuild.onResolve({ filter: /^@skein\/(sync|queue)$/ }, (args) => ({
          path: args.path,
          external: true,
        }));
      },
    },
  ],
  logLevel: 'warning',
});
