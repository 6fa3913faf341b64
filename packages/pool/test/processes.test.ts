import { Lock } from '@skein/sync';
import { describe, expect, it } from 'vitest';
import { api, tasks, type Tasks } from './helpers.js';

describe('ProcessPoolExecutor specifics', () => {
  it('runs tasks in other processes and clones rich values both ways', async () => {
    await using pool = new api.ProcessPoolExecutor<Tasks>({ module: tasks, maxWorkers: 2 });
    expect(await pool.submit('pid')).not.toBe(process.pid);
    const value = { map: new Map([[1, new Set(['a'])]]), date: new Date(0), big: 10n, bytes: new Uint8Array([1, 2]) };
    expect(await pool.submit('identity', value)).toEqual(value);
  });

  it('refuses @skein/sync objects at submit: they share memory between threads only', async () => {
    await using pool = new api.ProcessPoolExecutor({ maxWorkers: 1 });
    expect(() => pool.submit((l: unknown) => l, new Lock())).toThrow(/shares memory between threads, not processes/);
  });
});
