import { describe, expect, it } from 'vitest';
import {
  CancelledError,
  ExceptionGroup,
  InvalidStateError,
  LookupError,
  TimeoutError,
} from '../src/index.js';
import { deserializeError, serializeError } from '../src/internal/serialize-error.js';

describe('errors', () => {
  it('have stable names and codes, carry the Skein brand, and are recognised by code', () => {
    const cases: Array<[Error, string, string]> = [
      [new CancelledError('c'), 'CancelledError', 'ERR_CANCELLED'],
      [new TimeoutError('t'), 'TimeoutError', 'ERR_TIMEOUT'],
      [new InvalidStateError('i'), 'InvalidStateError', 'ERR_INVALID_STATE'],
      [new LookupError('l'), 'LookupError', 'ERR_LOOKUP'],
      [new ExceptionGroup('g', [new Error('x')]), 'ExceptionGroup', 'ERR_EXCEPTION_GROUP'],
    ];
    for (const [error, name, code] of cases) {
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(name);
      expect((error as Error & { code: string }).code).toBe(code);
      expect((error as unknown as Record<symbol, unknown>)[Symbol.for('skein.error')]).toBe(true);
    }
    // A copy from another package instance (or thread) is recognised by its code.
    const foreign = Object.assign(new Error('elsewhere'), {
      name: 'CancelledError',
      code: 'ERR_CANCELLED',
    });
    expect(foreign).toBeInstanceOf(CancelledError);
    expect(new Error('plain')).not.toBeInstanceOf(CancelledError);
    expect(new TimeoutError()).not.toBeInstanceOf(CancelledError);
  });

  it('ExceptionGroup is an AggregateError with Python names', () => {
    const inner = [new Error('a'), new Error('b')];
    const group = new ExceptionGroup('unhandled errors in a TaskGroup', inner);
    expect(group).toBeInstanceOf(AggregateError);
    expect(group.errors).toEqual(inner);
    expect(group.exceptions).toEqual(inner);
    expect(group.message).toBe('unhandled errors in a TaskGroup (2 sub-exceptions)');
  });

  it('ExceptionGroup refuses what Python refuses: no errors (RangeError), a bad message or list (TypeError)', () => {
    expect(() => new ExceptionGroup('none', [])).toThrow(RangeError);
    expect(() => new ExceptionGroup(1 as never, [new Error('a')])).toThrow(TypeError);
    expect(() => new ExceptionGroup('m', null as never)).toThrow(TypeError);
    expect(new ExceptionGroup('set', new Set(['x'])).exceptions).toEqual(['x']);
  });

  it('CancelledError keeps message and cause', () => {
    const cause = new Error('why');
    const error = new CancelledError('stop', { cause });
    expect(error.message).toBe('stop');
    expect(error.cause).toBe(cause);
    expect(String(error)).toBe('CancelledError: stop');
  });

  it('cross a thread boundary as their own class, even with a cause cycle', () => {
    const a = new URIError('a');
    const b = new SyntaxError('b', { cause: a });
    (a as Error & { cause?: unknown }).cause = b;
    const back = deserializeError(structuredClone(serializeError(b)));
    expect(back).toBeInstanceOf(SyntaxError);
    expect(back.cause).toBeInstanceOf(URIError);
    expect((back.cause as Error).cause).toBeUndefined();
    const odd = Object.assign(new Error('odd'), { name: 'WeirdError', code: 'E_ODD' });
    const oddBack = deserializeError(structuredClone(serializeError(odd))) as Error & {
      code: string;
    };
    expect([oddBack.name, oddBack.code, oddBack.message, oddBack instanceof Error]).toEqual([
      'WeirdError',
      'E_ODD',
      'odd',
      true,
    ]);
  });

  it('a job error that borrows a code of this package keeps its class and name across', () => {
    const borrowed = Object.assign(new RangeError('slow down'), { code: 'ERR_CANCELLED' });
    const back = deserializeError(structuredClone(serializeError(borrowed)));
    expect(back.constructor).toBe(RangeError); // (`instanceof CancelledError` still holds: by code)
    expect([back.name, (back as Error & { code: string }).code]).toEqual([
      'RangeError',
      'ERR_CANCELLED',
    ]);
    const own = deserializeError(structuredClone(serializeError(new CancelledError('stop'))));
    expect(own).toBeInstanceOf(CancelledError);
    expect(own.message).toBe('stop');
  });

  it('instanceof answers by brand and name across Skein packages, both ways', () => {
    // A faithful copy of @skein/sync's SkeinError base (that package is not a dependency here).
    const skeinBrand = Symbol.for('skein.error');
    const isSkeinError = (x: unknown): boolean =>
      typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[skeinBrand] === true;
    class SkeinError extends Error {
      constructor(
        message: string,
        readonly code: string,
      ) {
        super(message);
        Object.defineProperty(this, skeinBrand, { value: true });
      }
      static override [Symbol.hasInstance](x: unknown): boolean {
        return (
          (Function.prototype[Symbol.hasInstance] as (v: unknown) => boolean).call(this, x) ||
          (isSkeinError(x) && (this === SkeinError || (x as Error).name === this.name))
        );
      }
    }
    // Named TimeoutError like the real one: its static `name` is what the rule compares.
    const SyncTimeoutError = class TimeoutError extends SkeinError {
      override readonly name = 'TimeoutError';
      constructor(message = 'timed out') {
        super(message, 'ERR_SYNC_TIMEOUT');
      }
    };
    expect(new SyncTimeoutError() instanceof TimeoutError).toBe(true);
    expect(new TimeoutError() instanceof SyncTimeoutError).toBe(true);
    expect(new TimeoutError() instanceof SkeinError).toBe(true);
    expect(new SyncTimeoutError() instanceof CancelledError).toBe(false);
    // Brand and name both count: an unbranded error named TimeoutError (DOMException style) is not one.
    const unbranded = Object.assign(new Error('x'), { name: 'TimeoutError' });
    expect(unbranded instanceof TimeoutError).toBe(false);
    // A subclass is matched by its own name, not by the code it inherits.
    class ShutdownError extends CancelledError {
      override readonly name = 'ShutdownError' as 'CancelledError';
    }
    expect(new ShutdownError() instanceof CancelledError).toBe(true);
    expect(new ShutdownError() instanceof ShutdownError).toBe(true);
    expect(new CancelledError() instanceof ShutdownError).toBe(false);
  });
});
