// Finds the Skein objects (a Lock, an Event, a SharedQueue...) nested in a value about to be
// structured-cloned to another thread or process. Cloning copies such an object's own fields
// and drops its class, so it would arrive as a dead plain object: `@skein/queue`, `@skein/pool`
// and `@skein/coroutine` refuse it at the call instead, naming the object and the way across
// (its `toShared()` handle, revived with `fromShared()`). This module imports nothing, so the
// packages that use it inline it at build.

/**
 * The first object in `value` (itself, or nested in its arrays, objects, class instances'
 * fields, Maps and Sets) that crosses threads only through its `toShared()` handle: one with a
 * `toShared` method whose class has a static `fromShared`, as every shareable `@skein/sync`
 * class and `SharedQueue`. Undefined when there is none.
 *
 * @example
 * ```ts
 * import { Event } from '@skein/sync';
 * import { findShareable, shareableHint } from '@skein/sync/crossing';
 * const found = findShareable({ jobs: [1, 2], done: new Event() });
 * if (found !== undefined) console.log(shareableHint(found));
 * // 'an Event crosses threads as its toShared() handle, revived there with Event.fromShared()'
 * ```
 */
export function findShareable(value: unknown): object | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  return search(value, undefined);
}

/** `seen` is made at the first nested object: arguments of primitives cost no allocation. */
function search(node: object, seen: Set<object> | undefined): object | undefined {
  if (isShareable(node)) return node;
  const items: Iterable<unknown> =
    node instanceof Map
      ? [...node.keys(), ...node.values()]
      : node instanceof Set || Array.isArray(node)
        ? node
        : Object.prototype.toString.call(node) === '[object Object]'
          ? Object.values(node)
          : [];
  for (const item of items) {
    if (typeof item !== 'object' || item === null) continue;
    seen ??= new Set([node]);
    if (seen.has(item)) continue;
    seen.add(item);
    const found = search(item, seen);
    if (found !== undefined) return found;
  }
  return undefined;
}

function isShareable(node: object): boolean {
  return (
    typeof (node as { toShared?: unknown }).toShared === 'function' &&
    typeof (node.constructor as { fromShared?: unknown } | undefined)?.fromShared === 'function'
  );
}

/**
 * How `shareable` (from {@link findShareable}) crosses, for an error message: `'a Lock crosses
 * threads as its toShared() handle, revived there with Lock.fromShared()'`.
 *
 * @example
 * ```ts
 * import { Lock } from '@skein/sync';
 * import { shareableHint } from '@skein/sync/crossing';
 * console.log(shareableHint(new Lock()));
 * // 'a Lock crosses threads as its toShared() handle, revived there with Lock.fromShared()'
 * ```
 */
export function shareableHint(shareable: object): string {
  const name = (shareable.constructor as { name?: string }).name || 'object';
  const article = /^[AEIOU]/.test(name) ? 'an' : 'a';
  return `${article} ${name} crosses threads as its toShared() handle, revived there with ${name}.fromShared()`;
}
