// The README's worker-thread examples (```js blocks, saved as .mjs) run as written against the
// built package and print what their comments say.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = new URL('../dist/index.js', import.meta.url).href;
const dir = mkdtempSync(join(tmpdir(), 'skein-queue-readme-'));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('README worker examples', () => {
  it('has one', () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  it.each(blocks.map((code, i) => [i, code] as const))(
    'example %i prints its comments',
    async (i, code) => {
      const file = join(dir, `example-${i}.mjs`);
      writeFileSync(file, code.replaceAll("'@skein/queue'", JSON.stringify(dist)));
      const { stdout } = await promisify(execFile)(process.execPath, [file], { timeout: 60_000 });
      const expected = [...code.matchAll(/console\.log\([^)]*\);? \/\/ (.*)$/gm)].map((m) =>
        m[1]!.trim(),
      );
      expect(stdout.trim().split('\n')).toEqual(expected);
    },
  );
});
