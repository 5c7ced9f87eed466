/**
 * Many agents' substreams as one typed array: the state (s0, s1, s2, c) of seedrandom's alea
 * generator for each agent, 32 bytes, where a RandomSource substream is an object and a closure
 * of a few hundred. Seeded exactly as RandomSource.stream(name) seeds alea ("<root seed>/<name>",
 * Baagoe's Mash), so agent k draws the very numbers its reactive twin draws; a test checks it
 * against seedrandom. A generator is seeded on its first draw, as the lazy substreams are.
 */
export class AleaStates {
  /**
   * Agent k's state is st[k * stride + offset + (0..3)]: its own array by default, or slots of a
   * caller's per-agent records (the event engine keeps a synapse's generator next to its rule
   * state, so one event touches one or two cache lines). c = -1 marks a generator not yet
   * seeded (alea's c is never negative).
   */
  constructor(
    count: number,
    private readonly seedOf: (k: number) => string,
    private readonly st: Float64Array = new Float64Array(4 * count),
    private readonly stride = 4,
    private readonly offset = 0,
  ) {
    for (let k = 0; k < count; k++) st[k * stride + offset + 3] = -1;
  }

  /** The states array (the caller's records, or its own: a snapshot saves it). */
  get states(): Float64Array {
    return this.st;
  }

  /** Uniform in [0, 1): the next number of agent k's substream. */
  uniform(k: number): number {
    const st = this.st;
    const o = k * this.stride + this.offset;
    if (st[o + 3] < 0) this.seed(o, k);
    const t = 2091639 * st[o] + st[o + 3] * 2.3283064365386963e-10; // 2^-32
    st[o] = st[o + 1];
    st[o + 1] = st[o + 2];
    const c = t | 0;
    st[o + 3] = c;
    return (st[o + 2] = t - c);
  }

  private seed(o: number, k: number): void {
    const seed = this.seedOf(k);
    // Mash, as in seedrandom's alea.js: one running hash over ' ', ' ', ' ', seed, seed, seed.
    let n = 0xefc8249d;
    const mash = (data: string): number => {
      for (let i = 0; i < data.length; i++) {
        n += data.charCodeAt(i);
        let h = 0.02519603282416938 * n;
        n = h >>> 0;
        h -= n;
        h *= n;
        n = h >>> 0;
        h -= n;
        n += h * 0x100000000;
      }
      return (n >>> 0) * 2.3283064365386963e-10;
    };
    let s0 = mash(' ');
    let s1 = mash(' ');
    let s2 = mash(' ');
    s0 -= mash(seed);
    if (s0 < 0) s0 += 1;
    s1 -= mash(seed);
    if (s1 < 0) s1 += 1;
    s2 -= mash(seed);
    if (s2 < 0) s2 += 1;
    this.st[o] = s0;
    this.st[o + 1] = s1;
    this.st[o + 2] = s2;
    this.st[o + 3] = 1;
  }
}
