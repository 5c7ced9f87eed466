import { RandomSource, VirtualScheduler, arrayEngine, reactiveEngine } from '../../src';
import { rateNetwork } from '../../examples/custom-substrate/rate-network';
import { learnTarget } from '../../examples/custom-substrate/run';

/**
 * examples/custom-substrate: a substrate written as data plus pure functions runs on both
 * engines; its free state is the fixed point of its own equations, computed here independently;
 * and the classic rule teaches its output the target.
 */
describe('examples/custom-substrate (a rate network with tanh units)', () => {
  const x = [0.8, -0.3, 0.5];
  const H = 4;
  const w = (e: number) => 0.9 * Math.sin(1.7 * e + 0.3);

  it('relaxes on both engines to the fixed point v_j = sum_i w_ij tanh(v_i) of its own equations', () => {
    // Independent solve of the symmetric network's fixed point (each synapse feeds both ends):
    // h_j = sum_k w_kj tanh(x_k) + w_j tanh(y), y = sum_j w_j tanh(h_j), by damped iteration.
    const wy = (j: number) => w(x.length * H + j);
    let h = new Array(H).fill(0);
    let y = 0;
    for (let it = 0; it < 20000; it++) {
      const nh = h.map((_, j) => x.reduce((s, xk, k) => s + w(k * H + j) * Math.tanh(xk), 0) + wy(j) * Math.tanh(y));
      const ny = h.reduce((s, hj, j) => s + wy(j) * Math.tanh(hj), 0);
      h = h.map((hj, j) => 0.5 * hj + 0.5 * nh[j]);
      y = 0.5 * y + 0.5 * ny;
    }
    const residual = Math.abs(y - h.reduce((s, hj, j) => s + wy(j) * Math.tanh(hj), 0));
    expect(residual).toBeLessThan(1e-12);
    for (const build of [reactiveEngine, arrayEngine]) {
      const sub = rateNetwork({ x, hidden: H, target: 0.6, w0: w, tau: 1 });
      const scheduler = new VirtualScheduler();
      const run = build(sub, { scheduler, random: new RandomSource(1), timing: { tau: 1, nodePeriod: 0.05, synapsePeriod: 0.05, rateSpread: 1, jitter: 0 } });
      scheduler.runUntil(40);
      const v = run.states();
      run.stop();
      h.forEach((hj, j) => expect(Math.abs(v[x.length + j] - hj)).toBeLessThan(1e-6));
      expect(Math.abs(v[x.length + H] - y)).toBeLessThan(1e-6);
    }
  });

  it('learns its target with the classic rule, the same on both engines', () => {
    const re = learnTarget('reactive');
    const ar = learnTarget('array');
    expect(re.trace).toHaveLength(31);
    expect(re.before).toBeGreaterThan(0.1);
    expect(re.after).toBeLessThan(re.before / 10);
    re.trace.forEach((s, k) => {
      expect(ar.trace[k].t).toBe(s.t);
      expect(Math.abs(ar.trace[k].value - s.value)).toBeLessThan(1e-9);
    });
  });
});
