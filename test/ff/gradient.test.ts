import { FfLayer, ffLoss } from '../../src/ff/ff-layer';
import { FfNetwork } from '../../src/ff/ff-network';
import { RandomSource } from '../../src/scheduler/random';

/** The loss of one sample as a plain function of the parameters (a fresh forward pass). */
function lossAt(L: FfLayer, x: number[], positive: boolean, threshold: number): number {
  const G = L.forward(x, new Float64Array(L.nIn), new Float64Array(L.nOut));
  return ffLoss(G, positive, threshold);
}

describe('the FF layer gradient', () => {
  // Scaled so that goodness is near the threshold and both losses have a sizeable slope.
  const setup = (seed: number) => {
    const rng = new RandomSource(seed).stream('g');
    const L = new FfLayer(7, 5);
    for (let i = 0; i < L.params.length; i++) L.params[i] = 2 * rng.normal();
    // Positive biases, so that most units are active (a unit at 0 has a zero gradient).
    for (let j = 0; j < 5; j++) L.params[35 + j] = Math.abs(L.params[35 + j]) + 1;
    const x = Array.from({ length: 7 }, () => rng.uniform());
    return { L, x };
  };

  it.each([
    [1, true],
    [1, false],
    [2, true],
    [3, false],
  ])('seed %d, positive %s: equals central finite differences of the loss', (seed, positive) => {
    const { L, x } = setup(seed);
    const threshold = 2;
    const u = new Float64Array(7);
    const h = new Float64Array(5);
    const G = L.forward(x, u, h);
    const grad = new Float64Array(L.params.length);
    L.addGradient(grad, u, h, G, positive, threshold, 1);
    const eps = 1e-6;
    let nonzero = 0;
    for (let i = 0; i < L.params.length; i++) {
      const keep = L.params[i];
      L.params[i] = keep + eps;
      const up = lossAt(L, x, positive, threshold);
      L.params[i] = keep - eps;
      const down = lossAt(L, x, positive, threshold);
      L.params[i] = keep;
      const fd = (up - down) / (2 * eps);
      expect(Math.abs(grad[i] - fd)).toBeLessThan(1e-7 * Math.max(1, Math.abs(fd)));
      if (grad[i] !== 0) nonzero++;
    }
    expect(nonzero).toBeGreaterThanOrEqual(16); // two units or more active, so the check is not vacuous
  });

  it('the squared gradient norm without forming the gradient equals |gradient|^2', () => {
    const { L, x } = setup(4);
    const u = new Float64Array(7);
    const h = new Float64Array(5);
    for (const positive of [true, false]) {
      const G = L.forward(x, u, h);
      const grad = new Float64Array(L.params.length);
      L.addGradient(grad, u, h, G, positive, 2, 1);
      const n2 = grad.reduce((s, g) => s + g * g, 0);
      expect(L.gradientNorm2(u, h, G, positive, 2)).toBeCloseTo(n2, 12);
    }
  });

  it('in a network each layer learns from its own loss on the previous layer\'s output, taken as fixed', () => {
    const rng = new RandomSource(5).stream('net');
    const net = new FfNetwork([6, 4, 3], 1);
    for (const L of net.layers) for (let i = 0; i < L.params.length; i++) L.params[i] = rng.normal();
    const x = Array.from({ length: 6 }, () => rng.uniform());
    const [g1, g2] = net.gradients([{ x, positive: true, weight: 1 }]).map((g) => Float64Array.from(g));
    // Layer 2's gradient: a finite difference of its loss with layer 1's output as its input.
    const h1 = new Float64Array(4);
    net.layers[0].forward(x, new Float64Array(6), h1);
    const L2 = net.layers[1];
    const eps = 1e-6;
    for (let i = 0; i < L2.params.length; i++) {
      const keep = L2.params[i];
      L2.params[i] = keep + eps;
      const up = lossAt(L2, [...h1], true, 1);
      L2.params[i] = keep - eps;
      const down = lossAt(L2, [...h1], true, 1);
      L2.params[i] = keep;
      expect(g2[i]).toBeCloseTo((up - down) / (2 * eps), 6);
    }
    // Layer 1's gradient is its own loss's alone.
    const L1 = net.layers[0];
    const u = new Float64Array(6);
    const h = new Float64Array(4);
    const G = L1.forward(x, u, h);
    const own = new Float64Array(L1.params.length);
    L1.addGradient(own, u, h, G, true, 1, 1);
    expect([...g1]).toEqual([...own]);
  });
});
