// The 1,000-waiter shape shared by the contended questions.

export const WAITERS = 1000;

/** Starts `WAITERS` copies of `loop`, each doing its share of `ops`. */
export function contend(ops: number, loop: (iterations: number) => Promise<void>): Promise<void> {
  const each = ops / WAITERS;
  const loops: Promise<void>[] = [];
  for (let i = 0; i < WAITERS; i++) loops.push(loop(each));
  return Promise.all(loops).then(noop);
}

function noop(): void {}
