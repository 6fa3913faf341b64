import { describe, expect, it } from 'vitest';
import { CancelledError, ExceptionGroup, InvalidStateError, LookupError, TimeoutError } from '../src/index.js';
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
    const foreign = Object.assign(new Error('elsewhere'), { name: 'CancelledError', code: 'ERR_CANCELLED' });
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
    const oddBack = deserializeError(structuredClone(serializeError(odd))) as Error & { code: string };
    expect([oddBack.name, oddBack.code, oddBack.message, oddBack instanceof Error]).toEqual(['WeirdError', 'E_ODD', 'odd', true]);
  });
});
