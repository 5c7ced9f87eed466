/**
 * Many agents' substreams as one typed array: the state (s0, s1, s2, c) of seedrandom's alea
 * generator for each agent, 32 bytes, where a RandomSource substream is an object and a closure
 * of a few hundred. Seeded exactly as RandomSource.stream(name) seeds alea ("<root seed>/<name>",
 * Baagoe's Mash), so agent k draws the very numbers its reactive twin draws; a test checks it
 * against seedrandom. A generator is seeded on its first draw, as the lazy substreams are.
 */
export class AleaStates {
  private readonly st: Float64Array;
  private readonly seeded: Uint8Array;

  constructor(
    count: number,
    private readonly seedOf: (k: number) => string,
  ) {
    this.st = new Float64Array(4 * count);
    this.seeded = new Uint8Array(count);
  }

  /** Uniform in [0, 1): the next number of agent k's substream. */
  uniform(k: number): number {
    if (this.seeded[k] === 0) this.seed(k);
    const st = this.st;
    const o = 4 * k;
    const t = 2091639 * st[o] + st[o + 3] * 2.3283064365386963e-10; // 2^-32
    st[o] = st[o + 1];
    st[o + 1] = st[o + 2];
    const c = t | 0;
    st[o + 3] = c;
    return (st[o + 2] = t - c);
  }

  private seed(k: number): void {
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
    const o = 4 * k;
    this.st[o] = s0;
    this.st[o + 1] = s1;
    this.st[o + 2] = s2;
    this.st[o + 3] = 1;
    this.seeded[k] = 1;
  }
}
