import seedrandom from 'seedrandom';

/** A seeded stream of random numbers with the samplers the protocols and agents need. */
export interface Rng {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Uniform in [lo, hi). */
  between(lo: number, hi: number): number;
  /** True with probability p. */
  bernoulli(p: number): boolean;
  /** Integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box-Muller). */
  normal(): number;
  /** Number of trials up to and including the first success, success probability p (>= 1). */
  geometric(p: number): number;
}

/** A seeded permutation of 0..n-1 (Fisher-Yates on the given substream). */
export function seededPermutation(n: number, rng: Rng): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/** An Rng over a function returning uniform numbers in [0, 1) (for tests, or another generator). */
export function rngFromFunction(next: () => number): Rng {
  let spare: number | undefined;
  return {
    uniform: next,
    between: (lo, hi) => lo + (hi - lo) * next(),
    bernoulli: (p) => next() < p,
    int: (n) => Math.floor(next() * n),
    normal: () => {
      if (spare !== undefined) {
        const s = spare;
        spare = undefined;
        return s;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    geometric: (p) => {
      if (!(p > 0 && p <= 1)) throw new RangeError(`geometric: p must be in (0, 1], got ${p}`);
      if (p === 1) return 1;
      let u = 0;
      while (u === 0) u = next();
      return 1 + Math.floor(Math.log(u) / Math.log(1 - p));
    },
  };
}

/**
 * Where a substream stands, as plain numbers (for snapshots): alea's [s0, s1, s2, c] once it
 * has drawn (null before: the generator is seeded on the first draw), and the normal sampler's
 * spare (null if none).
 */
export interface SubstreamState {
  alea: [number, number, number, number] | null;
  spare: number | null;
}

/** A RandomSource substream: an Rng whose position can be saved and set (engine snapshots). */
export interface Substream extends Rng {
  /** Its position now. */
  saveState(): SubstreamState;
  /** Moves it to a saved position: it then draws what the saved stream would have drawn. */
  loadState(s: SubstreamState): void;
}

/**
 * A substream whose alea generator is made on the first draw: most agents of a synchronous run
 * never draw, and a generator (or a closure per sampler) per agent costs memory. The samplers
 * are those of rngFromFunction, as prototype methods.
 */
class LazyRng implements Substream {
  private gen: seedrandom.StatefulPRNG<seedrandom.State.Alea> | undefined = undefined;
  private spare: number | undefined = undefined;

  constructor(
    private readonly source: RandomSource,
    private readonly name: string,
  ) {}

  uniform(): number {
    // state: true only adds a state() method; the numbers are alea's own.
    return (this.gen ??= seedrandom.alea(`${this.source.seed}/${this.name}`, { state: true }))();
  }

  saveState(): SubstreamState {
    const g = this.gen?.state();
    return { alea: g === undefined ? null : [g.s0, g.s1, g.s2, g.c], spare: this.spare ?? null };
  }

  loadState(s: SubstreamState): void {
    const a = s.alea;
    this.gen = a === null ? undefined : seedrandom.alea('', { state: { s0: a[0], s1: a[1], s2: a[2], c: a[3] } });
    this.spare = s.spare ?? undefined;
  }

  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  bernoulli(p: number): boolean {
    return this.uniform() < p;
  }

  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  normal(): number {
    if (this.spare !== undefined) {
      const s = this.spare;
      this.spare = undefined;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  geometric(p: number): number {
    if (!(p > 0 && p <= 1)) throw new RangeError(`geometric: p must be in (0, 1], got ${p}`);
    if (p === 1) return 1;
    let u = 0;
    while (u === 0) u = this.uniform();
    return 1 + Math.floor(Math.log(u) / Math.log(1 - p));
  }
}

/**
 * One root seed, one independent named substream per agent. A substream depends only on
 * (root seed, name), so adding or removing an agent never changes another agent's numbers.
 */
export class RandomSource {
  constructor(readonly seed: number | string) {}

  /** alea: fast, good quality, seeded from the string "seed/name" (made on the first draw). */
  stream(name: string): Substream {
    return new LazyRng(this, name);
  }
}
