import { Adam } from '../../src/ff/adam';

describe('Adam', () => {
  it('matches two steps written out by hand (bias-corrected moments, PyTorch form)', () => {
    const o = { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
    const p = Float64Array.from([1, -2]);
    const adam = new Adam(2, o);
    adam.step(p, Float64Array.from([0.5, -0.1]));
    // Step 1: m = 0.1 g, v = 0.001 g^2, m_hat = g, v_hat = g^2: the step is lr g / (|g| + eps).
    expect(p[0]).toBeCloseTo(1 - (0.1 * 0.5) / (0.5 + 1e-8), 14);
    expect(p[1]).toBeCloseTo(-2 + (0.1 * 0.1) / (0.1 + 1e-8), 14);
    adam.step(p, Float64Array.from([0.2, 0.3]));
    // Step 2, component 0: m = 0.9 * 0.05 + 0.1 * 0.2 = 0.065, v = 0.999 * 0.00025 + 0.001 * 0.04 = 0.00028975.
    const mHat = 0.065 / (1 - 0.81);
    const vHat = 0.00028975 / (1 - 0.999 * 0.999);
    expect(p[0]).toBeCloseTo(1 - (0.1 * 0.5) / (0.5 + 1e-8) - (0.1 * mHat) / (Math.sqrt(vHat) + 1e-8), 12);
    // Component 1: m = 0.9 * (-0.01) + 0.1 * 0.3 = 0.021, v = 0.999 * 0.00001 + 0.001 * 0.09 = 0.00009999.
    const m1 = 0.021 / 0.19;
    const v1 = 0.00009999 / (1 - 0.998001);
    expect(p[1]).toBeCloseTo(-2 + (0.1 * 0.1) / (0.1 + 1e-8) - (0.1 * m1) / (Math.sqrt(v1) + 1e-8), 12);
    expect(adam.t).toBe(2);
  });

  it('is invariant to a constant scale of the gradient (up to eps): why IS-D at b = 0.5 equals the authors\' weights 1', () => {
    const a = Float64Array.from([0.3, -0.7, 1.1]);
    const b = Float64Array.from(a);
    const A = new Adam(3);
    const B = new Adam(3);
    const grads = [
      [0.2, -0.5, 0.01],
      [-0.3, 0.4, 0.02],
      [0.1, 0.1, -0.05],
    ];
    for (const g of grads) {
      A.step(a, Float64Array.from(g));
      B.step(b, Float64Array.from(g.map((x) => 2 * x)));
    }
    for (let i = 0; i < 3; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-8);
  });
});
