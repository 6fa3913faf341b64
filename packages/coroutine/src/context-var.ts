import { InvalidStateError, LookupError } from './errors.js';
import { currentContext, type Ctx } from './internal/context.js';
import { describe } from './internal/validate.js';

const MISSING: unique symbol = Symbol('ContextVar.MISSING');

/**
 * Options of {@link ContextVar}.
 *
 * @example
 * ```ts
 * import { ContextVar, type ContextVarOptions } from '@skein/coroutine';
 * const options: ContextVarOptions<number> = { default: 0 };
 * const depth = new ContextVar('depth', options);
 * ```
 */
export interface ContextVarOptions<T> {
  /** What `get()` returns when the variable was never set in this context. */
  default?: T;
}

/**
 * What {@link ContextVar.set} returns; pass it to {@link ContextVar.reset} to restore the
 * previous value. Usable once, in the context that made it.
 *
 * @example
 * ```ts
 * import { ContextVar, Token } from '@skein/coroutine';
 * const user = new ContextVar<string>('user');
 * const token = user.set('ada');
 * console.log(token.oldValue === Token.MISSING); // true
 * user.reset(token);
 * ```
 */
export class Token<T> {
  /** Marks {@link Token.oldValue} when the variable had no value before `set`. */
  static readonly MISSING = MISSING;
  /** @internal */
  used = false;
  /** @internal */
  readonly ctx: Ctx;

  /** @internal */
  constructor(
    /** The variable that was set. */
    readonly contextVar: ContextVar<T>,
    /** The value before `set`, or `Token.MISSING`. */
    readonly oldValue: T | typeof MISSING,
    ctx: Ctx,
  ) {
    this.ctx = ctx;
  }
}

/**
 * A context-local value, as Python's `contextvars.ContextVar`, on `AsyncLocalStorage`: every
 * task runs in a copy of its creator's context, so a task's `set` is invisible to its creator
 * and to tasks created before it. Code outside every task shares one top-level context.
 *
 * @example
 * ```ts
 * import { ContextVar, createTask } from '@skein/coroutine';
 * const requestId = new ContextVar('requestId', { default: 'none' });
 * requestId.set('r1');
 * const child = createTask(async () => { requestId.set('r2'); return requestId.get(); });
 * console.log(await child, requestId.get()); // 'r2' 'r1'
 * ```
 */
export class ContextVar<T> {
  readonly #default: T | typeof MISSING;

  constructor(
    /** The variable's name, for debugging. */
    readonly name: string,
    options?: ContextVarOptions<T>,
  ) {
    if (typeof name !== 'string')
      throw new TypeError(`ContextVar: name must be a string, got ${typeof name}`);
    if (options !== undefined && (typeof options !== 'object' || options === null))
      throw new TypeError(`ContextVar: options must be an object, got ${describe(options)}`);
    this.#default = options !== undefined && 'default' in options ? options.default : MISSING;
  }

  /**
   * The value in the current context, else `fallback` when given, else the default; throws
   * `LookupError` when there is none of these.
   */
  get(fallback?: T): T {
    const vars = currentContext().vars;
    if (vars.has(this)) return vars.get(this) as T;
    if (arguments.length > 0) return fallback as T;
    if (this.#default !== MISSING) return this.#default;
    throw new LookupError(`ContextVar ${this.name} has no value in this context and no default`);
  }

  /** Sets the value in the current context; returns a {@link Token} for {@link ContextVar.reset}. */
  set(value: T): Token<T> {
    const ctx = currentContext();
    const old = ctx.vars.has(this) ? (ctx.vars.get(this) as T) : MISSING;
    const vars = new Map(ctx.vars);
    vars.set(this, value);
    ctx.vars = vars;
    return new Token(this, old, ctx);
  }

  /**
   * Restores the value from before the `set` that made `token`. Throws `TypeError` for
   * anything but a {@link Token}, `RangeError` for a token of another variable or context and
   * `InvalidStateError` for a token used before.
   */
  reset(token: Token<T>): void {
    if (!(token instanceof Token)) {
      throw new TypeError(`ContextVar ${this.name}: reset expects a Token, got ${describe(token)}`);
    }
    if (token.contextVar !== this) {
      throw new RangeError(`ContextVar ${this.name}: the token was made by another ContextVar`);
    }
    if (token.used)
      throw new InvalidStateError(`ContextVar ${this.name}: the token has already been used once`);
    const ctx = currentContext();
    if (token.ctx !== ctx)
      throw new RangeError(`ContextVar ${this.name}: the token was made in a different context`);
    token.used = true;
    const vars = new Map(ctx.vars);
    if (token.oldValue === MISSING) vars.delete(this);
    else vars.set(this, token.oldValue);
    ctx.vars = vars;
  }
}
