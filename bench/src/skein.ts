// Loads @skein/sync at run time so that the peer rows still run while the package is being
// written (or fails to build); its rows are then reported as skipped with the reason.
// The shape below is the part of the API (shared/API.md) these benchmarks program against.

export interface WaitOptions {
  timeout?: number;
  signal?: AbortSignal;
}

export interface SkeinLock {
  acquire(opts?: WaitOptions): Promise<boolean>;
  tryAcquire(): boolean;
  release(): void;
  acquireSync(opts?: { timeout?: number }): boolean;
  toShared(): unknown;
}

export interface SkeinSemaphore {
  acquire(opts?: WaitOptions): Promise<boolean>;
  tryAcquire(): boolean;
  release(n?: number): void;
}

export interface SkeinSync {
  Lock: { new (): SkeinLock; fromShared(shared: unknown): SkeinLock };
  Semaphore: new (value?: number) => SkeinSemaphore;
}

export type Loaded = { ok: true; sync: SkeinSync } | { ok: false; reason: string };

let cached: Promise<Loaded> | undefined;

/** Imports @skein/sync once; never throws. */
export function loadSkein(): Promise<Loaded> {
  cached ??= (async (): Promise<Loaded> => {
    const specifier = '@skein/sync';
    try {
      const sync = (await import(specifier)) as Partial<SkeinSync>;
      if (typeof sync.Lock !== 'function' || typeof sync.Semaphore !== 'function') {
        return { ok: false, reason: '@skein/sync does not export Lock and Semaphore yet' };
      }
      return { ok: true, sync: sync as SkeinSync };
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND') {
        return { ok: false, reason: '@skein/sync not built yet (no packages/sync/dist/index.js)' };
      }
      const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      return { ok: false, reason: `@skein/sync not loadable (${message}); build packages/sync` };
    }
  })();
  return cached;
}
