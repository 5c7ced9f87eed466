import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { buildCli } from '../support/built-cli';

/**
 * The sweeps compile a small loop per node dynamics from source (compiled-steps.ts). Where the
 * host forbids that (node --disallow-code-generation-from-strings, a strict CSP), they fall back
 * to plain closures: the same numbers, only slower. Checked in processes of their own, on the
 * CSR sweep (array engine, resistor network) and the batched path (EP's Hopfield batch).
 */
const script = `
const d = process.argv[1];
const r = (m) => require(d + '/' + m);
let codegen = true;
try { new Function('return 1'); } catch (e) { codegen = false; }
const { RandomSource } = r('scheduler/random');
const { VirtualScheduler } = r('scheduler/virtual-scheduler');
const { randomNetwork } = r('substrates/resistor/generators');
const { readResistorSpec } = r('substrates/resistor/resistor-spec');
const { resistorLockstep } = r('engines/networks/resistor-lockstep');
const { sawtooth } = r('streams/protocols');
const { chemotaxisKernel } = r('synapses/kernels/chemotaxis');
const { temporalContrastive } = r('synapses/rules/temporal-contrastive');
const { HopfieldBatch } = r('experiments/ep/hopfield-batch');
const { initNetwork } = r('substrates/hopfield/layered-network');
const random = new RandomSource(4);
const net = readResistorSpec(randomNetwork({ n: 30, meanDegree: 4, kMin: 0.5, kMax: 2, inputs: 3, outputs: 2 }, random.stream('network')));
const scheduler = new VirtualScheduler();
const e = resistorLockstep(net, { scheduler, random, timing: { tau: 0.005, nodePeriod: 0.01, synapsePeriod: 0.01, rateSpread: 1, jitter: 0 },
  protocol: sawtooth({ period: 0.5, rise: 0.1, amplitude: 2 }), rule: temporalContrastive(chemotaxisKernel()), ruleParams: { lr: 1, theta: 1e-4, linear: false, wMin: 1e-3, wMax: 1e3 } });
scheduler.runFor(2);
const sizes = [6, 5, 3];
const b = new HopfieldBatch(sizes, 2);
const rng = new RandomSource(5).stream('data');
b.load(Float64Array.from({ length: 12 }, () => rng.uniform()), [0, 2], [0, 1], sizes.map((n, l) => new Float64Array(l === 0 ? 0 : 2 * n).fill(0.5)));
b.prepare(initNetwork(sizes, rng));
b.relax(0.5, 0.5, 7);
console.log(JSON.stringify({ codegen, k0: Array.from(net.k), w: Array.from(e.conductances()), s: b.states.slice(1).map((x) => Array.from(x)) }));
`;

describe('compiled steps', () => {
  it('fall back to plain closures where code generation from strings is disallowed, with the same numbers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'phaseless-codegen-'));
    try {
      const dist = dirname(dirname(buildCli(dir)));
      const run = (flags: string[]) => JSON.parse(execFileSync(process.execPath, [...flags, '-e', script, dist], { encoding: 'utf8' }));
      const compiled = run([]);
      const plain = run(['--disallow-code-generation-from-strings']);
      expect(compiled.codegen).toBe(true);
      expect(plain.codegen).toBe(false);
      expect(plain.w).toEqual(compiled.w);
      expect(plain.s).toEqual(compiled.s);
      // The runs did something: weights moved, states left their start.
      expect(compiled.w.some((w: number, k: number) => w !== compiled.k0[k])).toBe(true);
      expect(compiled.s.flat().some((x: number) => x !== 0.5)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
