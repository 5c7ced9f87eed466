import { markovKernel } from '../../../src/analysis/markov-adaptation';
import { SpecError } from '../../../src/errors';
import { freeSignalReference } from '../../../src/learning/threshold-calibration';
import { readRuleSpec } from '../../../src/learning/rule-spec';
import { readResistorSpec } from '../../../src/substrates/resistor/resistor-spec';
import { chemotaxisKernel } from '../../../src/synapses/kernels/chemotaxis';
import { TclParams, temporalContrastive } from '../../../src/synapses/rules';

// The TCL rule's `reference` r: the kernel filters s - r, so u = K * (s - r).

describe('TCL rule with a reference (operating point)', () => {
  // The chemotaxis kernel K(t) = A e^{-Bt} (t - C t^2) with area I and first moment -1, its
  // coefficients solved here from those two conditions: int K = A (1/B^2 - 2C/B^3) = I and
  // int t K = A (2/B^3 - 6C/B^4) = -1 give A = B^3 + 3 I B^2, C = (B^2 + 2 B I) / (6 I + 2 B).
  const B = 20;
  const I = 0.3;
  const A = B ** 3 + 3 * I * B ** 2;
  const C = (B ** 2 + 2 * B * I) / (6 * I + 2 * B);
  // Its step response H(t) = int_0^t K, in closed form:
  // int_0^t tau e^{-B tau} = (1 - e^{-Bt}(1 + Bt)) / B^2, int_0^t tau^2 e^{-B tau} = (2 - e^{-Bt}(2 + 2Bt + B^2 t^2)) / B^3.
  const H = (t: number): number => {
    const e = Math.exp(-B * t);
    return A * ((1 - e * (1 + B * t)) / B ** 2 - (C * (2 - e * (2 + 2 * B * t + (B * t) ** 2))) / B ** 3);
  };
  const params = (reference: number): TclParams => ({ lr: 0.7, wMin: -Infinity, wMax: Infinity, theta: 0, linear: true, reference });

  it('u(t) = I (s0 - r) + (s1 - s0) H(t) after a step s0 -> s1 from rest, and w = w0 - lr sum u dt', () => {
    for (const [s0, s1, r] of [
      [5, 7, 0],
      [5, 7, 5],
      [40, 39.5, 38],
      [3, -2, 10],
    ]) {
      const rule = temporalContrastive(chemotaxisKernel({ B, area: I }));
      const p = params(r);
      const x = new Float64Array(rule.stateSize);
      rule.init(x, 0, 1, p);
      const dt = 0.013;
      rule.step(x, 0, s0, 0, dt, p); // at rest on s0 - r: u = I (s0 - r)
      expect(x[1]).toBeCloseTo(I * (s0 - r), 10);
      let w = 1 - p.lr * I * (s0 - r) * dt;
      expect(x[0]).toBeCloseTo(w, 12);
      for (let k = 1; k <= 40; k++) {
        rule.step(x, 0, s1, 0, dt, p);
        const u = I * (s0 - r) + (s1 - s0) * H(k * dt);
        expect(x[1]).toBeCloseTo(u, 9);
        w -= p.lr * u * dt;
      }
      expect(x[0]).toBeCloseTo(w, 9);
    }
  });

  it('a signal held at the reference moves no weight, even through a Markov kernel of area 0.9', () => {
    const kernel = markovKernel({ gamma: 1e-3, RF: 25, step: 200, timeScale: 30 });
    expect(kernel.info.area).toBeGreaterThan(0.8);
    const rule = temporalContrastive(kernel);
    const r = 37.25;
    const x = new Float64Array(rule.stateSize);
    rule.init(x, 0, 1, params(r));
    for (let k = 0; k < 200; k++) rule.step(x, 0, r, 0, 0.02, params(r));
    expect(x[0]).toBe(1);
    expect(x[1]).toBe(0);
    // Without the reference the same signal drifts the weight by lr I r per unit time.
    const y = new Float64Array(rule.stateSize);
    rule.init(y, 0, 1, params(0));
    for (let k = 0; k < 200; k++) rule.step(y, 0, r, 0, 0.02, params(0));
    expect(1 - y[0]).toBeGreaterThan(0.7 * 0.8 * r * 4 * 0.99);
  });

  it('a reference makes the update affine, not linear, in s (the quasi-static engine must step it)', () => {
    const rule = temporalContrastive(chemotaxisKernel({ B, area: I }));
    expect(rule.linear!(params(0))).toBe(true);
    expect(rule.linear!(params(2))).toBe(false);
  });
});

describe("reference: 'free'", () => {
  it('is the mean free-state signal per edge over the examples: a divider in closed form', () => {
    // in (source x) -k1- mid (output) -k2- gnd, and in -k3- gnd. Free state (no nudge):
    // V_mid = x k1 / (k1 + k2), so s1 = (x k2 / (k1 + k2))^2, s2 = (x k1 / (k1 + k2))^2, s3 = x^2.
    const [k1, k2, k3] = [0.7, 1.9, 0.4];
    const net = readResistorSpec({
      nodes: ['in', 'mid', 'gnd'],
      edges: [
        { a: 'in', b: 'mid', k: k1 },
        { a: 'mid', b: 'gnd', k: k2 },
        { a: 'in', b: 'gnd', k: k3 },
      ],
      ground: 'gnd',
      inputs: [{ node: 'in', v: 1 }],
      outputs: [{ node: 'mid', target: 0.3 }],
    });
    const xs = [0.4, -1.3, 2.2];
    const examples = xs.map((x) => ({ x: Float64Array.of(x), y: Float64Array.of(0.123) }));
    const meanX2 = xs.reduce((s, x) => s + x * x, 0) / xs.length;
    const ref = freeSignalReference(net, net.k, examples);
    expect(ref[0]).toBeCloseTo(meanX2 * (k2 / (k1 + k2)) ** 2, 12);
    expect(ref[1]).toBeCloseTo(meanX2 * (k1 / (k1 + k2)) ** 2, 12);
    expect(ref[2]).toBeCloseTo(meanX2, 12);
  });

  it('is read from a rule spec: a number, none or free; a bad value names rule.reference', () => {
    expect(readRuleSpec({ kind: 'tcl' }).params.reference).toBe(0);
    expect(readRuleSpec({ kind: 'tcl' }).autoReference).toBe(false);
    expect(readRuleSpec({ kind: 'tcl', reference: 2.5 }).params.reference).toBe(2.5);
    const free = readRuleSpec({ kind: 'tcl', reference: 'free', kernel: { kind: 'markov', timeScale: 30 } });
    expect(free.autoReference).toBe(true);
    expect(free.params.reference).toBe(0);
    let err: unknown;
    try {
      readRuleSpec({ kind: 'tcl', reference: 'initial' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SpecError);
    expect((err as SpecError).field).toBe('rule.reference');
  });
});
