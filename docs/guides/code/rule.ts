// docs/guides/writing-a-rule.md: Continual EP as a rule of your own, used directly on an engine
// and registered so that JSON specs and the CLI can name it.
import {
  LearningParams,
  RandomSource,
  SynapseRule,
  VirtualScheduler,
  clampWeight,
  learningParams,
  phaseType,
  readResistorSpec,
  registerRule,
  resistorAgents,
  rules,
  twoPhase,
} from 'phaseless';

// State [w, s at the previous step]. During a clamped phase the weight follows the change of its
// signal, dw = -lr (s_t - s_{t-1}); summed over the phase that is -lr (s_clamped - s_free).
export const continualEP: SynapseRule<LearningParams> = {
  name: 'continual-ep',
  reads: ['endpoints', 'modulator'], // the modulator is the phase type z: it must be declared
  stateSize: 2,
  init(x, o, w0) {
    x[o] = w0;
    x[o + 1] = NaN;
  },
  step(x, o, s, z, _dt, p) {
    const prev = x[o + 1];
    if (z === 1 && !Number.isNaN(prev)) x[o] = clampWeight(x[o] - p.lr * (s - prev), p);
    x[o + 1] = s;
  },
};

/** Runs the rule on a 4-node resistor network and returns the output's distance to its target. */
export function trainOnce(epochs = 20, lr = 2): { before: number; after: number } {
  const net = readResistorSpec({
    nodes: ['g', 'in', 'a', 'out'],
    edges: [{ a: 'g', b: 'a', k: 1 }, { a: 'in', b: 'a', k: 2 }, { a: 'a', b: 'out', k: 1 }, { a: 'out', b: 'g', k: 1 }],
    ground: 'g',
    inputs: [{ node: 'in', v: 1 }],
    outputs: [{ node: 'out', target: 0.3 }],
  });
  const scheduler = new VirtualScheduler();
  const agents = resistorAgents(net, {
    scheduler,
    random: new RandomSource(1),
    timing: { tau: 0.01, nodePeriod: 0.01, synapsePeriod: 0.02, rateSpread: 1, jitter: 0 },
    protocol: twoPhase({ free: 1, clamped: 1, beta: 1 }),
    rule: continualEP,
    ruleParams: { lr, wMin: 1e-3, wMax: 1e3 },
    modulator: phaseType,
  });
  const out = net.outputs[0];
  scheduler.runUntil(0.99); // end of the first free phase
  const before = Math.abs(agents.voltages()[out] - 0.3);
  scheduler.runUntil(2 * epochs - 0.01); // end of the last free phase
  const after = Math.abs(agents.voltages()[out] - 0.3);
  agents.stop();
  return { before, after };
}

/** Registers the rule as kind "myContinualEP" (phaseless ships the same rule as "continualEP") (once per process), with the parameters every rule takes. */
export function registerContinualEP(): void {
  if (rules.has('myContinualEP')) return;
  registerRule({
    kind: 'myContinualEP',
    doc: 'Continual EP: dw = -lr (s_t - s_{t-1}) at every step of the clamped phase',
    params: learningParams(0.05, {}),
    build: (params) => ({ rule: continualEP, params, modulator: phaseType }),
  });
}
