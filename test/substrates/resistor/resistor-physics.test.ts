import fc from 'fast-check';
import { NodeInput } from '../../../src/nodes/node-dynamics';
import { resistorCoupling, resistorNode, resistorOutputNode, voltageSource } from '../../../src/substrates/resistor/resistor-physics';
import { contribution } from '../../../src/synapses/synapse-rule';
import { runs } from '../../support/property-runs';

const num = (min: number, max: number) => fc.double({ min, max, noNaN: true });
const inputArb = fc.record({ g: num(0.01, 50), i: num(-50, 50), beta: num(0, 10), drive: num(-5, 5) });
const close = (a: number, b: number, tol = 1e-12) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));

describe('resistor node dynamics: exact exponential relaxation', () => {
  it('internal node: V(dt) = V* + (V0 - V*) exp(-g dt / tau), V* = i / g', () => {
    fc.assert(
      fc.property(num(-5, 5), inputArb, num(0, 10), num(0.01, 5), (v0, input, dt, tau) => {
        const vStar = input.i / input.g;
        const expected = vStar + (v0 - vStar) * Math.exp((-input.g * dt) / tau);
        close(resistorNode.step(v0, input, dt, { tau }), expected);
      }),
      { numRuns: runs(300) },
    );
  });

  it('internal node ignores beta and drive (it does not declare them)', () => {
    fc.assert(
      fc.property(num(-5, 5), inputArb, num(0, 10), (v0, input, dt) => {
        const bare: NodeInput = { g: input.g, i: input.i, beta: 0, drive: 0 };
        expect(resistorNode.step(v0, input, dt, { tau: 1 })).toBe(resistorNode.step(v0, bare, dt, { tau: 1 }));
      }),
    );
    expect(resistorNode.reads).toEqual(['contributions']);
  });

  it('output node includes beta: V* = (i + beta y) / (g + beta), rate (g + beta) / tau', () => {
    fc.assert(
      fc.property(num(-5, 5), inputArb, num(0, 10), num(0.01, 5), (v0, input, dt, tau) => {
        const G = input.g + input.beta;
        const vStar = (input.i + input.beta * input.drive) / G;
        const expected = vStar + (v0 - vStar) * Math.exp((-G * dt) / tau);
        close(resistorOutputNode.step(v0, input, dt, { tau }), expected);
      }),
      { numRuns: runs(300) },
    );
    expect([...resistorOutputNode.reads].sort()).toEqual(['clamp', 'contributions', 'drive']);
  });

  it('solves tau dV/dt = i - g V (checked against a fine explicit Euler integration)', () => {
    const input: NodeInput = { g: 2, i: 1.5, beta: 0.5, drive: 3 };
    const tau = 0.7;
    let v = -1;
    const h = 1e-6;
    for (let t = 0; t < 1; t += h) v += (h * (input.i + input.beta * input.drive - (input.g + input.beta) * v)) / tau;
    expect(resistorOutputNode.step(-1, input, 1, { tau })).toBeCloseTo(v, 5);
  });

  it('composes: two steps of dt1, dt2 equal one step of dt1 + dt2 (exact, not an integrator)', () => {
    fc.assert(
      fc.property(num(-5, 5), inputArb, num(0, 3), num(0, 3), (v0, input, dt1, dt2) => {
        for (const dyn of [resistorNode, resistorOutputNode]) {
          const two = dyn.step(dyn.step(v0, input, dt1, { tau: 1 }), input, dt2, { tau: 1 });
          close(two, dyn.step(v0, input, dt1 + dt2, { tau: 1 }), 1e-10);
        }
      }),
    );
  });

  it('is unconditionally stable: huge dt lands on the equilibrium, dt = 0 changes nothing (to rounding)', () => {
    fc.assert(
      fc.property(num(-5, 5), inputArb, (v0, input) => {
        close(resistorNode.step(v0, input, 1e9, { tau: 1 }), input.i / input.g);
        close(resistorOutputNode.step(v0, input, 1e9, { tau: 1 }), (input.i + input.beta * input.drive) / (input.g + input.beta));
        // V* + (V0 - V*) rounds at the scale of V*.
        const scale = Math.abs(v0) + Math.abs(input.i / input.g);
        expect(Math.abs(resistorNode.step(v0, input, 0, { tau: 1 }) - v0)).toBeLessThanOrEqual(4 * Number.EPSILON * scale);
      }),
    );
  });

  it('a node with no conductance (and no nudge) keeps its value', () => {
    expect(resistorNode.step(0.42, { g: 0, i: 0, beta: 3, drive: 1 }, 5, { tau: 1 })).toBe(0.42);
    expect(resistorOutputNode.step(0.42, { g: 0, i: 0, beta: 0, drive: 1 }, 5, { tau: 1 })).toBe(0.42);
    // With a nudge and no edges, the output relaxes to its target.
    expect(resistorOutputNode.step(0, { g: 0, i: 0, beta: 2, drive: 1 }, 1, { tau: 1 })).toBeCloseTo(1 - Math.exp(-2), 14);
  });
});

describe('voltageSource', () => {
  it('holds its drive whatever the state, inputs and dt', () => {
    fc.assert(
      fc.property(num(-5, 5), inputArb, num(0, 10), (v0, input, dt) => {
        expect(voltageSource.step(v0, input, dt, { tau: 1 })).toBe(input.drive);
      }),
    );
    expect(voltageSource.reads).toEqual(['drive']);
  });
});

describe('resistorCoupling', () => {
  it('signal is (Va - Vb)^2 and Norton contributions are (k, k V_other)', () => {
    fc.assert(
      fc.property(num(0.01, 10), num(-5, 5), num(-5, 5), (w, va, vb) => {
        close(resistorCoupling.signal(w, va, vb), (va - vb) ** 2);
        expect(contribution(resistorCoupling, w, va, vb)).toEqual({ g: w, i: w * vb });
        expect(contribution(resistorCoupling, w, vb, va)).toEqual({ g: w, i: w * va });
      }),
    );
  });

  it('the Norton pair gives the edge current: i - g V = k (V_other - V), equal and opposite at the two ends', () => {
    fc.assert(
      fc.property(num(0.01, 10), num(-5, 5), num(-5, 5), (w, va, vb) => {
        const a = contribution(resistorCoupling, w, va, vb);
        const b = contribution(resistorCoupling, w, vb, va);
        const intoA = a.i - a.g * va;
        const intoB = b.i - b.g * vb;
        close(intoA, w * (vb - va), 1e-12);
        close(intoA + intoB, 0, 1e-12);
      }),
    );
  });

  it('signal is dE/dw of the edge energy 1/2 w (Va - Vb)^2, times 2 (finite-difference check)', () => {
    const E = (w: number, va: number, vb: number) => 0.5 * w * (va - vb) ** 2;
    const [w, va, vb, h] = [1.3, 0.8, -0.25, 1e-6];
    const dEdw = (E(w + h, va, vb) - E(w - h, va, vb)) / (2 * h);
    expect(resistorCoupling.signal(w, va, vb)).toBeCloseTo(2 * dEdw, 6);
  });
});
