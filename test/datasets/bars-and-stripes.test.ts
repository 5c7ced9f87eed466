import { SpecError } from '../../src/errors';
import { RandomSource } from '../../src/scheduler/random';
import { barsAndStripes, isBarsOrStripes } from '../../src/datasets/bars-and-stripes';
import { empiricalDistribution, patternIndex, seededPermutation, seededSplit, subset } from '../../src/datasets/binary-dataset';

/** Independent reference: a grid is stripes if every row is constant, bars if every column is. */
function reference(n: number): string[] {
  const out: string[] = [];
  for (let k = 0; k < 2 ** (n * n); k++) {
    const x = Array.from({ length: n * n }, (_, i) => (k >> i) & 1);
    const rowsConst = Array.from({ length: n }, (_, r) => x.slice(r * n, r * n + n).every((p) => p === x[r * n])).every(Boolean);
    const colsConst = Array.from({ length: n }, (_, c) => Array.from({ length: n }, (_, r) => x[r * n + c]).every((p) => p === x[c])).every(Boolean);
    if (rowsConst || colsConst) out.push(x.join(''));
  }
  return out.sort();
}

describe('bars and stripes 4x4', () => {
  const bas = barsAndStripes(4);
  const keys = bas.rows.map((r) => Array.from(r).join(''));

  it('has all 32 patterns of 16 pixels: 30 distinct, the empty and the full grid twice', () => {
    expect(bas.rows).toHaveLength(32);
    expect(bas.width).toBe(16);
    expect(bas.labelUnits).toBe(0);
    expect(new Set(keys).size).toBe(30);
    const twice = [...new Set(keys)].filter((k) => keys.filter((x) => x === k).length === 2).sort();
    expect(twice).toEqual(['0'.repeat(16), '1'.repeat(16)]);
  });

  it('its distinct patterns are exactly the grids whose rows or columns are all constant', () => {
    expect([...new Set(keys)].sort()).toEqual(reference(4));
    expect(bas.rows.every((r) => isBarsOrStripes(r, 4))).toBe(true);
    expect(isBarsOrStripes(Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), 4)).toBe(false);
    // Smaller grids too: 2 * 2^n patterns, 2^(n+1) - 2 distinct.
    for (const n of [1, 2, 3]) {
      const d = barsAndStripes(n);
      expect(d.rows).toHaveLength(2 * 2 ** n);
      expect(new Set(d.rows.map((r) => Array.from(r).join(''))).size).toBe(n === 1 ? 2 : 2 ** (n + 1) - 2);
    }
  });

  it('stripe k switches rows on by the bits of k (pixel r * n + c)', () => {
    expect(Array.from(bas.rows[1])).toEqual([1, 1, 1, 1, ...new Array(12).fill(0)]);
    expect(Array.from(bas.rows[16 + 1])).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0]);
  });

  it('the empirical distribution counts duplicates twice and sums to 1', () => {
    const p = empiricalDistribution(bas);
    expect(p).toHaveLength(2 ** 16);
    expect(p[0]).toBeCloseTo(2 / 32, 15);
    expect(p[2 ** 16 - 1]).toBeCloseTo(2 / 32, 15);
    expect(p[patternIndex(bas.rows[1])]).toBeCloseTo(1 / 32, 15);
    expect(p.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
    expect(p.filter((x) => x > 0)).toHaveLength(30);
  });

  it('rejects a bad size with a SpecError naming the field', () => {
    for (const bad of [0, 2.5, -1]) {
      expect(() => barsAndStripes(bad)).toThrow(SpecError);
      expect(() => barsAndStripes(bad)).toThrow(/^bas.size: expected an integer >= 1/);
    }
  });
});

describe('seeded permutations and splits', () => {
  it('a permutation is a bijection, the same for the same substream and different for another', () => {
    const a = seededPermutation(100, new RandomSource(1).stream('p'));
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(seededPermutation(100, new RandomSource(1).stream('p'))).toEqual(a);
    expect(seededPermutation(100, new RandomSource(2).stream('p'))).not.toEqual(a);
  });

  it('splits into disjoint train and test parts and rejects sizes that do not fit', () => {
    const bas = barsAndStripes(4);
    const { train, test } = seededSplit(bas, 20, 12, new RandomSource(5).stream('split'));
    expect(train.rows).toHaveLength(20);
    expect(test.rows).toHaveLength(12);
    expect(new Set([...train.rows, ...test.rows]).size).toBe(32); // the same row objects, each once
    expect(() => seededSplit(bas, 30, 3, new RandomSource(5).stream('s'))).toThrow(/^split: expected train \+ test <= 32 rows of bas4x4, got 33/);
    expect(() => seededSplit(bas, 0, 3, new RandomSource(5).stream('s'))).toThrow(/^split.train/);
    expect(subset(bas, [3, 1]).rows).toEqual([bas.rows[3], bas.rows[1]]);
  });
});
