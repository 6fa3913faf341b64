import { Lock } from '@skein/sync';
import { describe, expect, it } from 'vitest';
import { api, tasks, type Tasks } from './helpers.js';

describe('ProcessPoolExecutor specifics', () => {
  it('runs tasks in other processes and clones rich values both ways', async () => {
    await using pool = new api.ProcessPoolExecutor<Tasks>({ module: tasks, maxWorkers: 2 });
    expect(await pool.submit('pid')).not.toBe(process.pid);
    const value = {
      map: new Map([[1, new Set(['a'])]]),
      date: new Date(0),
      big: 10n,
      bytes: new Uint8Array([1, 2]),
    };
    expect(await pool.submit('identity', value)).toEqual(value);
  });

  it('refuses @skein/sync objects at submit: they share memory between threads only', async () => {
    await using pool = new api.ProcessPoolExecutor({ maxWorkers: 1 });
    expect(() => pool.submit((l: unknown) => l, new Lock())).toThrow(
      /shares memory between threads, not processes/,
    );
  });
});

describe('waiting for workers to exit', () => {
  it.each(['process', 'thread'])(
    'Pool.join and shutdown keep a script alive until the %s workers are gone',
    async (kind) => {
      const { execFile } = await import('node:child_process');
      const script = new URL('./fixtures/close-join.mjs', import.meta.url);
      const stdout = await new Promise<string>((resolve, reject) =>
        execFile(process.execPath, [script.pathname, kind], (error, out) =>
          error ? reject(error) : resolve(out),
        ),
      );
      expect(stdout).toBe('[ 2, 4, 6 ]\njoined true\nshut down\n');
    },
  );
});
