import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { MessageChannel, Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { SkeinError, TimeoutError, isSkeinError } from '../src/index.js';
import {
  deserializeError,
  serializeError,
  type KnownErrors,
  type SerializedError,
} from '../src/serialize-error.js';

/** Through a real MessageChannel, as between threads. */
async function overChannel(data: SerializedError): Promise<SerializedError> {
  const { port1, port2 } = new MessageChannel();
  try {
    const received = new Promise<SerializedError>((resolve) =>
      port2.once('message', (m: SerializedError) => resolve(m)),
    );
    port1.postMessage(data);
    return await received;
  } finally {
    port1.close();
    port2.close();
  }
}

const viaClone = (error: unknown, known?: KnownErrors): Error =>
  deserializeError(structuredClone(serializeError(error)), known);

const own = (target: object, key: string) => Object.getOwnPropertyDescriptor(target, key);

describe('serializeError / deserializeError', () => {
  it('round-trip name, message, stack, code and a cause chain through structuredClone', () => {
    const inner = Object.assign(new Error('inner'), { code: 'E_IN' });
    const original = Object.assign(new TypeError('outer', { cause: inner }), { code: 'E_OUT' });
    const copy = viaClone(original) as TypeError & {
      code: string;
      cause: Error & { code: string };
    };
    expect(copy).toBeInstanceOf(TypeError);
    expect([copy.name, copy.message, copy.code, copy.stack]).toEqual([
      'TypeError',
      'outer',
      'E_OUT',
      original.stack,
    ]);
    expect(copy.cause).toBeInstanceOf(Error);
    expect([copy.cause.message, copy.cause.code, copy.cause.stack]).toEqual([
      'inner',
      'E_IN',
      inner.stack,
    ]);
    // As on a thrown error: stack and cause are hidden, a code set on the error is not.
    expect(own(copy, 'stack')?.enumerable).toBe(false);
    expect(own(copy, 'cause')?.enumerable).toBe(false);
    expect(own(copy, 'code')?.enumerable).toBe(true);
    expect(Object.keys(copy)).toEqual(['code']);
  });

  it('rebuild every built-in class by name', () => {
    for (const Class of [
      Error,
      TypeError,
      RangeError,
      SyntaxError,
      ReferenceError,
      EvalError,
      URIError,
    ]) {
      const copy = viaClone(new Class('m'));
      expect([copy.constructor, copy.name, copy.message]).toEqual([Class, Class.name, 'm']);
      expect(own(copy, 'name')).toBeUndefined(); // the prototype's name, not a patched one
    }
  });

  it('cross a real MessageChannel', async () => {
    const original = new AggregateError([new RangeError('r'), 'plain'], 'many', {
      cause: Object.assign(new Error('why'), { code: 42 }),
    });
    const copy = deserializeError(await overChannel(serializeError(original))) as AggregateError;
    expect(copy).toBeInstanceOf(AggregateError);
    expect(copy.message).toBe('many');
    expect(copy.errors[0]).toBeInstanceOf(RangeError);
    expect(copy.errors[1]).toBe('plain');
    expect((copy.cause as Error & { code: number }).code).toBe(42);
    expect(copy.stack).toBe(original.stack);
  });

  it('carry an error out of a worker thread that imports only @skein/sync/serialize-error', async () => {
    const href = createRequire(import.meta.url).resolve('@skein/sync/serialize-error');
    const worker = new Worker(
      `const { parentPort } = require('node:worker_threads');
       import(${JSON.stringify(href)}).then(({ serializeError }) => {
         const error = Object.assign(new SyntaxError('in worker', { cause: () => 1 }), { code: Symbol('s') });
         parentPort.postMessage(serializeError(error));
       });`,
      { eval: true },
    );
    try {
      const data = await new Promise<SerializedError>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      const copy = deserializeError(data) as SyntaxError & { code: unknown };
      expect([copy.constructor, copy.message, copy.code, copy.cause]).toEqual([
        SyntaxError,
        'in worker',
        'Symbol(s)',
        '() => 1',
      ]);
      expect(copy.stack).toContain('in worker');
    } finally {
      await worker.terminate();
    }
    // The built module has no import of its own, so a worker loads nothing else with it.
    const built = readFileSync(href, 'utf8');
    expect(built).not.toMatch(/^\s*import[\s{('"*]|^\s*export\s[^;]*\sfrom\s|\brequire\(/m);
  });

  it('keep an AggregateError whole, with non-error items and its own message', () => {
    const original = new AggregateError([new TypeError('a'), 7, undefined], 'both');
    const copy = viaClone(original) as AggregateError;
    expect(copy).toBeInstanceOf(AggregateError);
    expect(copy.message).toBe('both');
    expect(copy.errors).toHaveLength(3);
    expect(copy.errors[0]).toBeInstanceOf(TypeError);
    expect(copy.errors.slice(1)).toEqual([7, undefined]);
  });

  it('give `errors` to a non-aggregate error that had them, hidden', () => {
    const original = Object.assign(new Error('with errors'), { errors: [new Error('e')] });
    const copy = viaClone(original) as Error & { errors: Error[] };
    expect(copy.errors[0]!.message).toBe('e');
    expect(own(copy, 'errors')?.enumerable).toBe(false);
  });

  it('cut a cause cycle where it closes', () => {
    const a = new URIError('a');
    const b = new SyntaxError('b', { cause: a });
    (a as Error & { cause?: unknown }).cause = b;
    const copy = viaClone(b);
    expect(copy).toBeInstanceOf(SyntaxError);
    expect(copy.cause).toBeInstanceOf(URIError);
    expect((copy.cause as Error).cause).toBeUndefined();
    const self = new Error('self');
    (self as Error & { cause?: unknown }).cause = self;
    expect(viaClone(self).cause).toBeUndefined();
  });

  it('cut a cycle through errors, and rebuild an error shared without a cycle once', () => {
    const group = new AggregateError([], 'group');
    group.errors = [group];
    expect((viaClone(group) as AggregateError).errors).toEqual([undefined]);

    const shared = new RangeError('shared');
    const both = new AggregateError([shared, shared], 'both', { cause: shared });
    const copy = viaClone(both) as AggregateError;
    expect(copy.errors[0]).toBeInstanceOf(RangeError);
    expect(copy.errors[1]).toBe(copy.errors[0]);
    expect(copy.cause).toBe(copy.errors[0]);
  });

  it('serialise a deep diamond of shared errors in linear size', () => {
    let error: Error = new Error('leaf');
    for (let i = 0; i < 60; i++) error = new AggregateError([error, error], `level ${i}`);
    const copy = viaClone(error) as AggregateError;
    expect(copy.message).toBe('level 59');
    expect(copy.errors[1]).toBe(copy.errors[0]);
  });

  it('make non-cloneable code and cause cloneable (structuredClone, else String)', () => {
    const socketLike = { send() {} };
    const original = Object.assign(new Error('x', { cause: socketLike }), { code: Math.max });
    const data = serializeError(original);
    expect(() => structuredClone(data)).not.toThrow();
    const copy = deserializeError(structuredClone(data)) as Error & { code: unknown };
    expect(copy.code).toBe(String(Math.max)); // 'function max() { [native code] }'
    expect(copy.cause).toBe('[object Object]');
    // A cloneable cause is a copy, not a string.
    const date = new Date(0);
    const withDate = viaClone(new Error('d', { cause: { at: date } }));
    expect(withDate.cause).toEqual({ at: date });
  });

  it("keep an error's other own enumerable properties: a system error's errno, syscall and path", () => {
    let failure: unknown;
    try {
      readFileSync('/no/such/file/for/skein');
    } catch (error) {
      failure = error;
    }
    const copy = viaClone(failure) as NodeJS.ErrnoException;
    expect(copy).toMatchObject({
      code: 'ENOENT',
      syscall: 'open',
      path: '/no/such/file/for/skein',
    });
    expect(copy.errno).toBe((failure as NodeJS.ErrnoException).errno);
    expect(Object.keys(copy).sort()).toEqual(Object.keys(failure as object).sort());
    // Any key, made cloneable like `code`; `__proto__` stays a property, not a prototype.
    const odd = Object.assign(new RangeError('r'), { status: 404, send: Math.max });
    Object.defineProperty(odd, '__proto__', { value: 'p', enumerable: true });
    const oddCopy = viaClone(odd) as RangeError & Record<string, unknown>;
    expect(oddCopy).toBeInstanceOf(RangeError);
    expect(oddCopy.status).toBe(404);
    expect(oddCopy.send).toBe(String(Math.max));
    expect(own(oddCopy, '__proto__')?.value).toBe('p');
    // The values the error had win over what a known factory set, unless it fixed the property.
    const timeout = viaClone(Object.assign(new TimeoutError('t'), { extra: 1, fixed: 1 }), {
      ERR_TIMEOUT: (m) =>
        Object.defineProperty(Object.assign(new TimeoutError(m), { extra: 2 }), 'fixed', {
          value: 2,
        }),
    }) as TimeoutError & { extra: number; fixed: number };
    expect(timeout).toBeInstanceOf(TimeoutError);
    expect([timeout.extra, timeout.fixed]).toEqual([1, 2]);
  });

  it('carry thrown non-errors as an Error whose cause is the value', () => {
    expect(viaClone('plain string').cause).toBe('plain string');
    expect(viaClone('plain string').message).toBe('plain string');
    expect(viaClone({ a: 1 }).cause).toEqual({ a: 1 });
    expect(viaClone(undefined).message).toBe('undefined');
    expect(viaClone(Symbol('s')).cause).toBe('Symbol(s)');
    const bare = Object.create(null) as object;
    const copy = viaClone(bare);
    expect(copy.message).toBe('[object Object]');
    expect(copy.cause).toEqual({});
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
        getPrototypeOf() {
          throw new Error('trap');
        },
      },
    );
    const fromHostile = viaClone(hostile);
    expect([fromHostile.message, fromHostile.cause]).toEqual(['[object]', '[object]']);
  });

  it('survive throwing getters on an error', () => {
    const original = new Error('getters');
    Object.defineProperty(original, 'code', {
      get() {
        throw new Error('no code');
      },
    });
    const copy = viaClone(original) as Error & { code?: unknown };
    expect([copy.message, copy.code]).toEqual(['getters', undefined]);
  });

  it('rebuild an unknown name as an Error with the same name and code', () => {
    const odd = Object.assign(new Error('odd'), { name: 'WeirdError', code: 'E_ODD' });
    const copy = viaClone(odd) as Error & { code: string };
    expect([copy.constructor, copy.name, copy.code, copy.message]).toEqual([
      Error,
      'WeirdError',
      'E_ODD',
      'odd',
    ]);
    expect(String(copy)).toBe('WeirdError: odd');
    // Names and codes are looked up as own keys only.
    for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const copy = viaClone(Object.assign(new Error(key), { name: key, code: key }));
      expect([copy.constructor, copy.name, copy.message]).toEqual([Error, key, key]);
    }
  });

  it('keep a Skein error of a package `known` does not cover a Skein error, by brand and name', () => {
    // What @skein/queue's QueueEmpty is to a pool or a loop thread: branded, not in `known`.
    class QueueEmpty extends SkeinError {
      override readonly name = 'QueueEmpty';
      constructor(message = 'the queue is empty') {
        super(message, 'ERR_QUEUE_EMPTY');
      }
    }
    const copy = viaClone(new QueueEmpty(), { ERR_TIMEOUT: (m) => new TimeoutError(m) });
    expect(copy).toBeInstanceOf(QueueEmpty);
    expect(copy).toBeInstanceOf(SkeinError);
    expect(isSkeinError(copy, 'ERR_QUEUE_EMPTY')).toBe(true);
    expect([copy.name, copy.message]).toEqual(['QueueEmpty', 'the queue is empty']);
    // Also as a cause; and an unbranded error of the same name and code stays unbranded.
    const wrapped = viaClone(new Error('outer', { cause: new QueueEmpty() }));
    expect(wrapped.cause).toBeInstanceOf(QueueEmpty);
    const plain = viaClone(
      Object.assign(new Error('x'), { name: 'QueueEmpty', code: 'ERR_QUEUE_EMPTY' }),
    );
    expect(isSkeinError(plain)).toBe(false);
    expect(plain).not.toBeInstanceOf(QueueEmpty);
  });

  it('rebuild a package’s own errors by code, before built-in names', () => {
    const known: KnownErrors = {
      ERR_TIMEOUT: (message) => new TimeoutError(message),
      ERR_GROUP: (message, errors) => new AggregateError(errors, `${message} (decorated)`),
    };
    const timeout = viaClone(new TimeoutError('too slow'), known);
    expect(timeout).toBeInstanceOf(TimeoutError);
    expect([timeout.name, timeout.message]).toEqual(['TimeoutError', 'too slow']);
    // Another class that borrows the code keeps its class and name, and is no TimeoutError.
    const borrowed = viaClone(Object.assign(new TypeError('t'), { code: 'ERR_TIMEOUT' }), known);
    expect(borrowed).toBeInstanceOf(TypeError);
    expect(borrowed).not.toBeInstanceOf(TimeoutError);
    expect([borrowed.name, (borrowed as Error & { code: string }).code]).toEqual([
      'TypeError',
      'ERR_TIMEOUT',
    ]);
    // A subclass with its own name keeps that name (as a plain Error with the code).
    const sub = Object.assign(new TimeoutError('s'), { name: 'SlowDiskError' });
    expect([viaClone(sub, known).name, viaClone(sub, known).constructor]).toEqual([
      'SlowDiskError',
      Error,
    ]);
    // A factory's own message is replaced by the original one; its errors are the revived ones.
    const group = Object.assign(new AggregateError([new Error('e')], 'g'), { code: 'ERR_GROUP' });
    const copy = viaClone(group, known) as AggregateError;
    expect(copy.message).toBe('g');
    expect((copy.errors[0] as Error).message).toBe('e');
    // Without `known`, the same data is a built-in class with the code kept.
    expect((viaClone(group) as Error & { code: string }).code).toBe('ERR_GROUP');
  });

  it('keep an own `cause: undefined` and leave out a missing one', () => {
    expect('cause' in viaClone(new Error('x', { cause: undefined }))).toBe(true);
    expect('cause' in viaClone(new Error('x'))).toBe(false);
    expect('cause' in serializeError(new Error('x'))).toBe(false);
  });
});
