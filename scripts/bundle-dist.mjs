// Rewrites the given files of a package's dist as self-contained bundles (run from the package
// directory after tsc). A fresh Node process or worker pays about a millisecond per ES module it
// loads: importing a package went from 45-75 ms (20-27 files each) to 10-20 ms, and a pool
// worker's runtime from 9 to 2 ms.
//
// Other packages stay imports (one copy of each per thread, so their objects and brands agree),
// except their subpath modules (`@skein/sync/serialize-error`), which are small and go into the
// bundle. Modules that two entries share go into one chunk under dist/chunks that both import,
// so an entry and the package index loaded in the same thread (a loop thread's job module
// imports '@skein/coroutine') share one copy of every class and context. Entries after
// `--separate` are bundled each on its own instead: for entries that never share a thread with
// another (a pool worker loads one file rather than three).
//
// Afterwards the JavaScript tsc wrote that is now inside a bundle is deleted (the .d.ts files
// stay for the types): only the bundles, their chunks and the files package.json exports remain.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';

// Entries before `--separate` are bundled together (sharing chunks), those after it one by one.
const args = process.argv.slice(2);
const cut = args.includes('--separate') ? args.indexOf('--separate') : args.length;
const together = args.slice(0, cut);
const separate = args.slice(cut + 1);
if (together.length + separate.length === 0) {
  throw new Error(
    'usage: node bundle-dist.mjs dist/index.js [...] [--separate dist/entry/x.js ...]',
  );
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

rmSync('dist/chunks', { recursive: true, force: true });
if (together.length > 0) {
  await build({
    ...options,
    entryPoints: together,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
  });
}
for (const entry of separate) await build({ ...options, entryPoints: [entry] });
const chunks = existsSync('dist/chunks') ? readdirSync('dist/chunks') : [];
for (const file of [...together, ...separate, ...chunks.map((c) => join('dist/chunks', c))])
  restoreClassNames(file);
pruneUnbundled(new Set([...together, ...separate]));

/**
 * esbuild turns each top-level class into `var Task = class _Task {` when the class names itself
 * inside its body, so `Task.name` is '_Task' in stack traces, console.log and error messages.
 * Gives every such class its own name back (esbuild's keepNames would instead wrap every
 * function, also the closures made per call on hot paths).
 */
function restoreClassNames(file) {
  const text = readFileSync(file, 'utf8');
  const names = [...text.matchAll(/^var (\w+) = class _\1\b/gm)].map((m) => m[1]);
  if (names.length === 0) return;
  const fixes = names.map((n) => `Object.defineProperty(${n}, "name", { value: "${n}" });`);
  writeFileSync(file, `${text.trimEnd()}\n${fixes.join('\n')}\n`);
}

/** Deletes each .js under dist that is no bundle, chunk or export target of package.json, and the source maps of bundles. */
function pruneUnbundled(kept) {
  const exported = new Set();
  const collect = (value) => {
    if (typeof value === 'string') exported.add(value.replace(/^\.\//, ''));
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect(JSON.parse(readFileSync('package.json', 'utf8')).exports);
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (path !== join('dist', 'chunks')) walk(path);
      } else if (/\.js(\.map)?$/.test(entry.name)) {
        const js = relative('.', path.replace(/\.map$/, ''));
        const bundled = kept.has(js);
        // A bundle's old source map describes tsc's file, not the bundle: it goes too.
        const keep = entry.name.endsWith('.map')
          ? !bundled && exported.has(js)
          : bundled || exported.has(js);
        if (!keep) rmSync(path);
      }
    }
  };
  walk('dist');
}
