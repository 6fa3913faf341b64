import { checkHandle, makeHandle, type SharedHandle } from './internal/handle.js';
import { checkInteger, describe, type WaitOptions } from './internal/options.js';
import { RLock, type SharedRLock } from './rlock.js';

const ctors = {
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  float32: Float32Array,
  float64: Float64Array,
  bigint64: BigInt64Array,
  biguint64: BigUint64Array,
} as const;

/** The element types of {@link SharedValue} and {@link SharedArray}. */
export type SharedType = keyof typeof ctors;
/** The JavaScript type of one element: `bigint` for the 64-bit integer types, else `number`. */
export type ValueOf<K extends SharedType> = K extends 'bigint64' | 'biguint64' ? bigint : number;

type Elements = InstanceType<(typeof ctors)[SharedType]>;

/** The shared form of a {@link SharedValue} or {@link SharedArray}. */
export interface SharedData<Kind extends string, K extends SharedType> extends SharedHandle<Kind> {
  readonly type: K;
  readonly lock: SharedRLock;
}

/**
 * Typed storage on shared memory with an RLock for compound updates: what SharedValue and
 * SharedArray share. Single reads and writes are atomic for the integer types.
 */
abstract class SharedStore<Kind extends string, K extends SharedType> {
  /** The element type. */
  readonly type: K;
  protected readonly data: Elements;
  readonly #lock: RLock;
  readonly #atomic: boolean;

  protected constructor(
    kind: Kind,
    type: K,
    length: number,
    from: SharedData<Kind, K> | undefined,
  ) {
    if (from !== undefined) {
      checkHandle(from, kind, 0);
      type = from.type;
    }
    if (typeof type !== 'string' || !Object.hasOwn(ctors, type)) {
      throw new TypeError(
        `${kind}: type must be one of ${Object.keys(ctors).join(', ')}, got ${describe(type)}`,
      );
    }
    const Ctor = ctors[type] as unknown as {
      new (b: SharedArrayBuffer): Elements;
      BYTES_PER_ELEMENT: number;
    };
    this.type = type;
    this.#atomic = !type.startsWith('float');
    if (from === undefined) {
      this.data = new Ctor(new SharedArrayBuffer(length * Ctor.BYTES_PER_ELEMENT));
      this.#lock = new RLock();
    } else {
      this.data = new Ctor(from.buffer);
      this.#lock = RLock.fromShared(from.lock);
    }
  }

  /**
   * The RLock that guards compound updates (read-modify-write) of this storage.
   *
   * @example
   * ```ts
   * import { SharedValue } from '@skein/sync';
   * const v = new SharedValue('int32', 0);
   * console.log(v.getLock().locked()); // false
   * ```
   */
  getLock(): RLock {
    return this.#lock;
  }

  /**
   * Runs `fn` holding {@link getLock}'s lock: the way to read-modify-write safely. Takes
   * `{ timeout, signal }` like `RLock.withLock` (TimeoutError / `signal.reason`, `fn` not run).
   *
   * @example
   * ```ts
   * import { SharedValue } from '@skein/sync';
   * const hits = new SharedValue('int32', 0);
   * await hits.withLock(() => { hits.value += 1; });
   * ```
   */
  withLock<R>(fn: () => R | PromiseLike<R>, options?: WaitOptions): Promise<Awaited<R>> {
    return this.#lock.withLock(fn, options);
  }

  protected read(i: number): ValueOf<K> {
    return (this.#atomic ? Atomics.load(this.data as Int32Array, i) : this.data[i]) as ValueOf<K>;
  }

  protected write(i: number, v: ValueOf<K>, what: string): void {
    const big = this.type.startsWith('big');
    if (big ? typeof v !== 'bigint' : typeof v !== 'number') {
      throw new TypeError(
        `${what} must be a ${big ? 'bigint' : 'number'} for type ${this.type}, got ${describe(v)}`,
      );
    }
    if (this.#atomic && !big && !Number.isInteger(v)) {
      throw new TypeError(`${what} must be an integer for type ${this.type}, got ${String(v)}`);
    }
    if (this.#atomic) Atomics.store(this.data as Int32Array, i, v as number);
    else (this.data as Float64Array)[i] = v as number;
  }

  protected handle(kind: Kind): SharedData<Kind, K> {
    return makeHandle(kind, this.data.buffer as unknown as SharedArrayBuffer, {
      type: this.type,
      lock: this.#lock.toShared(),
    });
  }
}

/**
 * One typed number on shared memory (Python's `multiprocessing.Value`), readable and writable
 * from every thread, with an RLock for read-modify-write.
 *
 * @example
 * ```ts
 * import { SharedValue } from '@skein/sync';
 * const counter = new SharedValue('int32', 0);
 * await Promise.all([1, 2, 3].map(() => counter.withLock(() => { counter.value += 1; })));
 * console.log(counter.value); // 3
 * ```
 */
export class SharedValue<K extends SharedType = SharedType> extends SharedStore<'SharedValue', K> {
  constructor(type: K, initial?: ValueOf<K>);
  /** @internal */
  constructor(type: K, initial: ValueOf<K> | undefined, from: SharedData<'SharedValue', K>);
  constructor(type: K, initial?: ValueOf<K>, from?: SharedData<'SharedValue', K>) {
    super('SharedValue', type, 1, from);
    if (from === undefined && initial !== undefined)
      this.write(0, initial, 'new SharedValue(type, initial)');
  }

  /**
   * Revives a SharedValue sent from another thread with `toShared()`.
   *
   * @example
   * ```ts
   * import { SharedValue } from '@skein/sync';
   * console.log(SharedValue.fromShared(new SharedValue('float64', 1.5).toShared()).value); // 1.5
   * ```
   */
  static fromShared<K extends SharedType>(handle: SharedData<'SharedValue', K>): SharedValue<K> {
    return new SharedValue<K>(handle?.type, undefined, handle);
  }

  /** The current value. */
  get value(): ValueOf<K> {
    return this.read(0);
  }

  set value(v: ValueOf<K>) {
    this.write(0, v, 'SharedValue.value');
  }

  /** The plain object that carries this value to another thread. */
  toShared(): SharedData<'SharedValue', K> {
    return this.handle('SharedValue');
  }
}

/**
 * A fixed-length typed array on shared memory (Python's `multiprocessing.Array`), with an RLock
 * for compound updates.
 *
 * @example
 * ```ts
 * import { SharedArray } from '@skein/sync';
 * const a = new SharedArray('float64', [1, 2, 3]);
 * a.set(0, 10);
 * console.log(a.toArray(), a.length); // [10, 2, 3] 3
 * ```
 */
export class SharedArray<K extends SharedType = SharedType> extends SharedStore<'SharedArray', K> {
  constructor(type: K, lengthOrValues: number | Iterable<ValueOf<K>>);
  /** @internal */
  constructor(type: K, lengthOrValues: number, from: SharedData<'SharedArray', K>);
  constructor(
    type: K,
    lengthOrValues: number | Iterable<ValueOf<K>>,
    from?: SharedData<'SharedArray', K>,
  ) {
    let values: ValueOf<K>[] | undefined;
    if (typeof lengthOrValues === 'number') {
      if (from === undefined) checkInteger(lengthOrValues, 'new SharedArray(type, length)', 0);
    } else if (
      lengthOrValues !== null &&
      typeof lengthOrValues === 'object' &&
      Symbol.iterator in lengthOrValues
    ) {
      values = [...lengthOrValues];
    } else {
      throw new TypeError(
        `new SharedArray(type, lengthOrValues): expected a length or an iterable, got ${describe(lengthOrValues)}`,
      );
    }
    super('SharedArray', type, values?.length ?? (lengthOrValues as number), from);
    values?.forEach((v, i) => this.write(i, v, `new SharedArray(): values[${i}]`));
  }

  /**
   * Revives a SharedArray sent from another thread with `toShared()`.
   *
   * @example
   * ```ts
   * import { SharedArray } from '@skein/sync';
   * console.log(SharedArray.fromShared(new SharedArray('int8', 4).toShared()).length); // 4
   * ```
   */
  static fromShared<K extends SharedType>(handle: SharedData<'SharedArray', K>): SharedArray<K> {
    return new SharedArray<K>(handle?.type, 0, handle);
  }

  /** The number of elements. */
  get length(): number {
    return this.data.length;
  }

  /** Element `i`; throws `RangeError` outside 0 … length-1. */
  get(i: number): ValueOf<K> {
    this.#check(i, 'get');
    return this.read(i);
  }

  /** Sets element `i`; throws `RangeError` outside 0 … length-1. */
  set(i: number, v: ValueOf<K>): void {
    this.#check(i, 'set');
    this.write(i, v, `SharedArray.set(${i}, value): value`);
  }

  /** A plain array copy of the elements. */
  toArray(): ValueOf<K>[] {
    return Array.from({ length: this.length }, (_, i) => this.read(i));
  }

  /** The plain object that carries this array to another thread. */
  toShared(): SharedData<'SharedArray', K> {
    return this.handle('SharedArray');
  }

  #check(i: number, what: string): void {
    if (Number.isInteger(i) && i >= 0 && i < this.length) return;
    checkInteger(i, `SharedArray.${what}(index)`, 0, this.length - 1);
  }
}
