import {
  deserializeError,
  serializeError,
  type SerializedError,
} from '@skein/sync/serialize-error';

/*
 * Errors nested in an item (in its plain objects, arrays or class instances, or as a Map's
 * values) cross as a top-level Error item does: `v8.serialize` alone would keep only the
 * message and a built-in class's name, dropping a custom `name` and the `code`. Before
 * serialising, such an item is copied with each of those errors replaced by `null` and serialised
 * apart by `@skein/sync/serialize-error`, along with the path that leads to it; after
 * deserialising, each is rebuilt and put back at its place. An error met twice is rebuilt once.
 * Errors elsewhere (a Set's members, a Map's keys) keep structured clone's behaviour.
 */

/** A step of a path: a property of an object or array, or the index of a Map entry (its value). */
type Step = string | number;

/** What crosses in place of an item holding errors: the copy, the errors, and where each goes. */
export type LiftedErrors = [
  value: unknown,
  errors: SerializedError[],
  places: Array<[Step[], number]>,
];

/** The item as {@link LiftedErrors} when an error is nested in it; undefined when none is. */
export function liftErrors(value: unknown): LiftedErrors | undefined {
  if (!holdsError(value, new Set())) return undefined;
  const errors: SerializedError[] = [];
  const places: Array<[Step[], number]> = [];
  const numbered = new Map<object, number>();
  const copies = new Map<object, unknown>();
  const path: Step[] = [];

  const copy = (node: unknown): unknown => {
    if (typeof node !== 'object' || node === null) return node;
    if (node instanceof Error) {
      let index = numbered.get(node);
      if (index === undefined) {
        index = errors.push(serializeError(node)) - 1;
        numbered.set(node, index);
      }
      places.push([[...path], index]);
      return null;
    }
    const done = copies.get(node);
    if (done !== undefined) return done; // shared or a cycle: structured clone keeps both
    if (node instanceof Map) {
      const out = new Map<unknown, unknown>();
      copies.set(node, out);
      let i = 0;
      for (const [key, item] of node) {
        path.push(i++);
        out.set(key, copy(item));
        path.pop();
      }
      return out;
    }
    if (!isContainer(node)) return node;
    const out: Record<string, unknown> = Array.isArray(node)
      ? (new Array(node.length) as unknown as Record<string, unknown>)
      : (Object.create(null) as Record<string, unknown>); // an own `__proto__` stays a property
    copies.set(node, out);
    for (const key of Object.keys(node)) {
      path.push(key);
      out[key] = copy((node as Record<string, unknown>)[key]);
      path.pop();
    }
    return out;
  };
  return [copy(value), errors, places];
}

/** The item {@link liftErrors} made `data` from, its errors rebuilt. */
export function restoreErrors(data: LiftedErrors): unknown {
  const [value, errors, places] = data;
  const rebuilt = errors.map((error) => deserializeError(error));
  for (const [path, index] of places) {
    let target = value;
    for (let i = 0; i < path.length - 1; i++) target = stepInto(target, path[i]!);
    put(target, path[path.length - 1]!, rebuilt[index]);
  }
  return value;
}

/** Whether an error is nested in `node`'s containers (the ones {@link liftErrors} copies). */
function holdsError(node: unknown, seen: Set<object>): boolean {
  if (typeof node !== 'object' || node === null || seen.has(node)) return false;
  seen.add(node);
  if (node instanceof Map) {
    for (const item of node.values())
      if (item instanceof Error || holdsError(item, seen)) return true;
    return false;
  }
  if (!isContainer(node)) return false;
  for (const key of Object.keys(node)) {
    const item = (node as Record<string, unknown>)[key];
    if (item instanceof Error || holdsError(item, seen)) return true;
  }
  return false;
}

/** Arrays and objects structured clone copies property by property (plain ones, class instances). */
function isContainer(node: object): boolean {
  return Array.isArray(node) || Object.prototype.toString.call(node) === '[object Object]';
}

function stepInto(target: unknown, step: Step): unknown {
  if (typeof step === 'string') return (target as Record<string, unknown>)[step];
  return [...(target as Map<unknown, unknown>).values()][step];
}

function put(target: unknown, step: Step, value: unknown): void {
  if (typeof step === 'string') (target as Record<string, unknown>)[step] = value;
  else {
    const map = target as Map<unknown, unknown>;
    map.set([...map.keys()][step], value);
  }
}
