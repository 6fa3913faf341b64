/** How a task's function reaches a worker: an export of the task module, or the source of a self-contained function. */
export type FunctionDef = readonly [kind: 'export' | 'source', payload: string];

/**
 * Numbers every distinct task function once per executor, so a worker receives each definition
 * once and tasks name it by index. Self-contained functions are checked at the first submit.
 */
export class FunctionTable {
  readonly defs: FunctionDef[] = [];
  readonly #byName = new Map<string, number>();
  readonly #bySource = new Map<string, number>();
  readonly #byFunction = new WeakMap<object, number>();

  /** The index of `fn`, an export name or a function; throws `TypeError` for anything else. */
  indexOf(fn: unknown): number {
    if (typeof fn === 'string')
      return this.#byName.get(fn) ?? this.#add(this.#byName, fn, ['export', fn]);
    if (typeof fn !== 'function') {
      throw new TypeError(
        `submit: expected an export name or a self-contained function, got ${typeof fn}`,
      );
    }
    const known = this.#byFunction.get(fn);
    if (known !== undefined) return known;
    const source = sourceOf(fn as (...args: unknown[]) => unknown);
    const index =
      this.#bySource.get(source) ?? this.#add(this.#bySource, source, ['source', source]);
    this.#byFunction.set(fn, index);
    return index;
  }

  #add(map: Map<string, number>, key: string, def: FunctionDef): number {
    const index = this.defs.length;
    this.defs.push(def);
    map.set(key, index);
    return index;
  }
}

/** The source of a self-contained function as an expression, or a `TypeError` saying why it cannot be shipped. */
function sourceOf(fn: (...args: unknown[]) => unknown): string {
  const source = Function.prototype.toString.call(fn);
  const label = fn.name || 'anonymous function';
  if (/\{\s*\[native code\]\s*\}$/.test(source)) {
    throw new TypeError(
      `submit: ${label} is a native or bound function; pass a self-contained function whose source can be shipped to a worker`,
    );
  }
  if (/^class\b/.test(source)) throw new TypeError(`submit: ${label} is a class, not a function`);
  try {
    // Compiles only (never runs) to reject method shorthand and other sources that are no expression.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function(`return (${source});`);
  } catch {
    throw new TypeError(
      `submit: the source of ${label} is not a function expression (a method shorthand?); write it as \`function\` or an arrow function`,
    );
  }
  return source;
}

/** Appended to a `ReferenceError` thrown by a self-contained function: the usual cause is a closure. */
export const CLOSURE_HINT =
  ' (a function passed to submit runs in a worker with only its own source: it cannot use variables of the scope that defined it; pass them as arguments or use a task module)';
