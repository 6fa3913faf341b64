import { describe, expect, it, vi } from 'vitest';
import { Timer } from '../src/index.js';

describe('Timer', () => {
  it('calls fn with its args after the delay and sets finished', async () => {
    vi.useFakeTimers();
    try {
      const fn = vi.fn();
      const t = new Timer(100, fn, 'a', 1);
      t.start();
      await vi.advanceTimersByTimeAsync(99);
      expect(fn).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1);
      expect(fn).toHaveBeenCalledWith('a', 1);
      expect(t.finished.isSet()).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('cancel before it fires stops it and sets finished; cancel before start too', async () => {
    vi.useFakeTimers();
    try {
      const fn = vi.fn();
      const t = new Timer(10, fn);
      t.start();
      t.cancel();
      await vi.advanceTimersByTimeAsync(20);
      expect(fn).not.toHaveBeenCalled();
      expect(await t.finished.wait({ timeout: 0 })).toBe(true);
      const never = new Timer(0, fn);
      never.cancel();
      never.start();
      await vi.advanceTimersByTimeAsync(5);
      expect(fn).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });

  it('starts only once and validates its input', () => {
    const t = new Timer(0, () => undefined);
    t.start();
    expect(() => t.start()).toThrow(RangeError);
    t.cancel();
    expect(() => new Timer(-1, () => undefined)).toThrow(RangeError);
    expect(() => new Timer(1, 'x' as never)).toThrow(TypeError);
  });
});

describe('Timer errors', () => {
  it('reports a throwing function as a TimerError warning and leaves finished clear', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error): number => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const t = new Timer(0, () => {
        throw new Error('boom');
      });
      t.start();
      const causes = (): unknown[] =>
        warnings.filter((w) => w.name === 'TimerError').map((w) => (w.cause as Error).message);
      await vi.waitFor(() => expect(causes()).toContain('boom'));
      expect(t.finished.isSet()).toBe(false);
      const rejecting = new Timer(0, () => Promise.reject(new Error('async boom')));
      rejecting.start();
      await vi.waitFor(() => expect(causes()).toContain('async boom'));
      expect(rejecting.finished.isSet()).toBe(false);
      const fine = new Timer(0, async () => undefined);
      fine.start();
      expect(await fine.finished.wait({ timeout: 1000 })).toBe(true);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
