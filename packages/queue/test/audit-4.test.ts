import { describe, expect, it } from 'vitest';
import { PriorityQueue } from '../src/index.js';

function drain<T>(q: PriorityQueue<T>): T[] {
  const out: T[] = [];
  while (!q.empty()) out.push(q.getNowait());
  return out;
}

describe('PriorityQueue: strings ordered by code point, as Python (fourth audit)', () => {
  it('puts U+E000..U+FFFF before characters above U+FFFF', () => {
    // Python: sorted(['😀', '～', '\ue000', 'a', '𝐀']) == ['a', '\ue000', '～', '𝐀', '😀']
    const q = new PriorityQueue<string>();
    for (const s of ['😀', '～', '\ue000', 'a', '𝐀']) q.putNowait(s);
    expect(drain(q)).toEqual(['a', '\ue000', '～', '𝐀', '😀']);
  });

  it('inside tuple-like arrays, and after a common prefix', () => {
    const q = new PriorityQueue<[string, number]>();
    q.putNowait(['x😀', 1]);
    q.putNowait(['x～', 2]);
    q.putNowait(['x😀', 0]);
    q.putNowait(['x', 3]);
    expect(drain(q)).toEqual([
      ['x', 3],
      ['x～', 2],
      ['x😀', 0],
      ['x😀', 1],
    ]);
  });

  it('keeps the code-unit order where it agrees (BMP below U+D800, pairs among themselves)', () => {
    const q = new PriorityQueue<string>();
    for (const s of ['b', 'ab', 'a', '', 'é', 'Z', '😁', '😀']) q.putNowait(s);
    expect(drain(q)).toEqual(['', 'Z', 'a', 'ab', 'b', 'é', '😀', '😁']);
  });
});
