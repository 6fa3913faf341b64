// Every example in the README and in the TSDoc comments runs as written.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it, vi } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = join(root, 'src', 'index.ts');
const dir = mkdtempSync(join(tmpdir(), 'skein-queue-docs-'));

interface Example {
  where: string;
  code: string;
}

function fencedBlocks(text: string, where: (line: number) => string): Example[] {
  const out: Example[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ts\s*$/.test(lines[i]!)) continue;
    const start = i + 1;
    while (i + 1 < lines.length && !/^```\s*$/.test(lines[++i]!));
    out.push({ where: where(start), code: lines.slice(start, i).join('\n') });
  }
  return out;
}

function sourceFiles(path: string): string[] {
  return readdirSync(path, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(path, e.name))
      : e.name.endsWith('.ts')
        ? [join(path, e.name)]
        : [],
  );
}

const examples: Example[] = [
  ...fencedBlocks(readFileSync(join(root, 'README.md'), 'utf8'), (line) => `README.md:${line}`),
  ...sourceFiles(join(root, 'src')).flatMap((file) => {
    // Inside TSDoc comments: drop the leading " * " of every line.
    const text = readFileSync(file, 'utf8').replace(/^\s*\* ?/gm, '');
    return fencedBlocks(text, (line) => `${file.slice(root.length)}:${line}`);
  }),
];

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('documentation examples', () => {
  it('finds the examples', () => {
    expect(examples.length).toBeGreaterThan(25);
  });

  it('type-check as written', () => {
    const files = examples.map(({ where, code }) => {
      const file = join(dir, `check_${where.replace(/[^\w]/g, '_')}.ts`);
      writeFileSync(file, code);
      return file;
    });
    const program = ts.createProgram(files, {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2023.d.ts', 'lib.es2024.sharedmemory.d.ts', 'lib.esnext.disposable.d.ts'],
      types: ['node'],
      typeRoots: [join(root, '..', '..', 'node_modules', '@types')],
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      noEmit: true,
      skipLibCheck: true,
      paths: { '@skein/queue': [entry] },
    });
    const errors = ts
      .getPreEmitDiagnostics(program)
      .map(
        (d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
      );
    expect(errors).toEqual([]);
  });

  it.each(examples)('$where runs', async ({ where, code }) => {
    expect(code).toContain("from '@skein/queue'");
    const file = join(dir, `${where.replace(/[^\w]/g, '_')}.ts`);
    writeFileSync(file, code.replaceAll("'@skein/queue'", JSON.stringify(entry)));
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await import(pathToFileURL(file).href);
    } finally {
      log.mockRestore();
    }
  });
});
