import { describe, expect, it } from 'vitest';
import {
  ContextVar,
  createTask,
  InvalidStateError,
  LookupError,
  Token,
  TaskGroup,
} from '../src/index.js';
import { deferred, drain } from './helpers.js';

describe('ContextVar', () => {
  it('each task runs in a copy of its creator context', async () => {
    const v = new ContextVar<string>('v', { default: 'default' });
    const steps: string[] = [];
    const gate = deferred();
    const token = v.set('parent');
    const child = createTask(async () => {
      steps.push(`child sees ${v.get()}`);
      v.set('child');
      await gate.promise;
      steps.push(`child still ${v.get()}`);
      const grandchild = createTask(() => v.get());
      steps.push(`grandchild sees ${await grandchild}`);
    });
    await drain();
    v.set('parent changed');
    gate.resolve();
    await child;
    steps.push(`parent sees ${v.get()}`);
    v.reset(token);
    steps.push(`after reset ${v.get()}`);
    expect(steps).toEqual([
      'child sees parent',
      'child still child',
      'grandchild sees child',
      'parent sees parent changed',
      'after reset default',
    ]);
  });

  it('keeps values across awaits inside one task and isolates sibling tasks', async () => {
    const v = new ContextVar<number>('n');
    const seen: number[] = [];
    await TaskGroup.run((tg) => {
      for (let i = 0; i < 3; i++) {
        tg.createTask(async () => {
          v.set(i);
          await Promise.resolve();
          await drain();
          seen.push(v.get());
        });
      }
    });
    expect(seen.sort()).toEqual([0, 1, 2]);
  });

  it('get() falls back to the argument, then the default, else throws LookupError', () => {
    const v = new ContextVar<number>('missing');
    expect(() => v.get()).toThrow(LookupError);
    expect(v.get(5)).toBe(5);
    expect(new ContextVar('d', { default: undefined }).get()).toBeUndefined();
  });

  it('reset() checks its token', async () => {
    const a = new ContextVar<number>('a');
    const b = new ContextVar<number>('b');
    const token = a.set(1);
    expect(token).toBeInstanceOf(Token);
    expect(token.oldValue).toBe(Token.MISSING);
    expect(() => b.reset(token as never)).toThrow(RangeError);
    expect(() => a.reset({} as never)).toThrow(TypeError);
    const other = await createTask(() => a.set(2));
    expect(() => a.reset(other)).toThrow(RangeError);
    a.reset(token);
    expect(() => a.reset(token)).toThrow(InvalidStateError);
    expect(() => a.get()).toThrow(LookupError);
    expect(() => new ContextVar(3 as never)).toThrow(TypeError);
    expect(() => new ContextVar('x', null as never)).toThrow(
      /^ContextVar: options must be an object, got null$/,
    );
    expect(() => new ContextVar('x', 5 as never)).toThrow(
      /^ContextVar: options must be an object, got number 5$/,
    );
  });
});
