import fc from 'fast-check';
import type { KernelSpec, RuleSpec } from '../learning/rule-spec';
import { kernels, readKernel } from '../synapses/kernels/kernel-registry';
import { readRule, rules } from '../synapses/rules/rule-registry';
import { type ParamsArb, acceptedBy, kindSpecArb } from './kind-arb';
import { type ModelTimescales, defaultTimescales, kernelWindow } from './timescales';
import { defined, maybe, uniformArb } from './uniform';

/** A memory time tau_K in the model's window (kernelWindow), or at its top if the window is empty. */
const tauKArb = (t: ModelTimescales) => {
  const { lo, hi } = kernelWindow(t);
  return uniformArb(Math.min(lo, hi), hi);
};

/** tau_K of a Markov kernel at timeScale 1 (its other parameters as given): tau_K scales as 1 / timeScale. */
const markovTauK1 = (p: Record<string, unknown>) => readKernel({ kind: 'markov', ...p, timeScale: 1 }, 'kernel').tauK;

/** The shipped kernels' parameters with tau_K in the model's window. */
export const shippedKernelArbs: Record<string, ParamsArb> = {
  // The area may be anything above -B/3 (the kernel's own check); near 0 is the paper's.
  chemotaxis: (t) => tauKArb(t).chain((tauK) => fc.record({ B: fc.constant(1 / tauK), area: maybe(uniformArb(-1 / (3 * tauK) + 1e-3, 1)) }).map(defined)),
  integralFeedback: (t) => tauKArb(t).map((tauK) => ({ B: 1 / tauK })),
  markov: (t) =>
    fc
      .record({ tauK: tauKArb(t), gamma: maybe(uniformArb(1e-3, 1)), normalisation: maybe(fc.constantFrom('signed', 'absolute')) })
      .map(({ tauK, ...p }) => defined({ timeScale: markovTauK1(defined(p)) / tauK, ...p })),
  // The sample clock runs on any tick: spacing a whole fraction of the synapse period (every tick
  // whole samples) or any one from a quarter of it to the period; N samples with tau_K =
  // N spacing / 2 in the window (the sine, or samples of its own).
  sampled: (t) =>
    fc.record({ tauK: tauKArb(t), per: fc.oneof(fc.integer({ min: 1, max: 4 }).map((j) => 1 / j), uniformArb(0.25, 1)), amplitude: maybe(uniformArb(-2, 2)) }).chain(({ tauK, per, amplitude }) => {
      const spacing = t.synapsePeriod * per;
      const { lo, hi } = kernelWindow(t);
      const nLo = Math.max(2, Math.ceil((2 * lo) / spacing));
      const nHi = Math.floor((2 * hi) / spacing);
      const samples = nLo <= nHi ? Math.min(nHi, Math.max(nLo, Math.round((2 * tauK) / spacing))) : Math.max(2, Math.round((2 * tauK) / spacing));
      return fc.oneof(
        fc.constant(defined({ spacing, samples, amplitude })),
        fc.array(uniformArb(-1, 1), { minLength: samples, maxLength: samples }).map((weights) => ({ spacing, weights })),
      );
    }),
};

/**
 * Memory kernel specs of every registered kernel kind, tau_K in the model's window (a user's
 * kind from its schema, numbers within 10 tau_f).
 */
export function kernelArb(t: ModelTimescales = defaultTimescales, own: Record<string, ParamsArb> = {}): fc.Arbitrary<KernelSpec> {
  return kindSpecArb(kernels, { ...shippedKernelArbs, ...own }, t, 10 * t.tauF, acceptedBy((s) => readKernel(s, 'kernel'))) as fc.Arbitrary<KernelSpec>;
}

/**
 * lr up to lrMax, and weight bounds (each left out one draw in three) that keep conductances
 * positive: wMin in [1e-3, 0.1], wMax in [10, 1000].
 */
const learningFields = (lrMax: number) => ({ lr: maybe(uniformArb(0, lrMax)), wMin: maybe(uniformArb(1e-3, 0.1)), wMax: maybe(uniformArb(10, 1000)) });

/** The shipped rules' parameters; tcl's kernel has tau_K in the model's window. */
export const shippedRuleArbs: Record<string, ParamsArb> = {
  tcl: (t) =>
    fc
      .record({
        ...learningFields(0.5),
        theta: maybe(fc.oneof(fc.constant('auto'), uniformArb(1e-3, 1))),
        g: maybe(fc.constantFrom('threshold', 'linear')),
        kernel: kernelArb(t),
      })
      .map(defined),
  classic: () => fc.record(learningFields(0.1)).map(defined),
  continualEP: () => fc.record(learningFields(0.1)).map(defined),
  phaseSigned: () => fc.record({ ...learningFields(0.05), b: maybe(uniformArb(0.05, 0.95)) }).map(defined),
  hebbian: () => fc.record(learningFields(0.05)).map(defined),
  // The lock-in's time constant: up to 4 oscillations (one oscillation lasts tau_f), or 'auto'.
  frequencyPropagation: (t) => fc.record({ ...learningFields(0.1), tau: maybe(fc.oneof(fc.constant('auto'), uniformArb(0, 4 * t.tauF))) }).map(defined),
};

/**
 * Learning rule specs of every rule kind registered when this is called (shipped or a user's),
 * one kind as likely as another, with valid parameters on the model's timescales (see
 * shippedRuleArbs); a user's kind draws from its parameter schema, numbers within 10 tau_f,
 * unless `own` gives it an arbitrary. Every draw is one readRuleSpec accepts; whether it can
 * learn under a given protocol is protocolRuleArb's business.
 */
export function ruleArb(t: ModelTimescales = defaultTimescales, own: Record<string, ParamsArb> = {}): fc.Arbitrary<RuleSpec> {
  return kindSpecArb(rules, { ...shippedRuleArbs, ...own }, t, 10 * t.tauF, acceptedBy((s) => readRule(s, { field: 'rule' }))) as fc.Arbitrary<RuleSpec>;
}
