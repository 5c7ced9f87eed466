import { hopfieldForm } from '../spec/hopfield-form';
import { specLayout } from '../spec/one-spec';
import { Json, renamingErrors } from '../spec/spec-form';
import { SpecError } from '../errors';
import { defaultTcl, readEpSpec } from '../experiments/ep/ep-spec';
import { folderName, isRecord, knownKeys } from '../validate';
import { SpecFile, readJsonFile, withPluginPaths } from './spec-file';

/** One arm: an id (its folders are named after it) and the whole EP spec it runs, in the one format. */
export interface EpArm {
  id: string;
  spec: Json;
}

/**
 * The arms of an EP comparison in the one format: the spec's `compare` list, each entry
 * `{id, rule, protocol?, timing?}` replacing the base's rule (and protocol or timing where
 * given), or, without `compare`, the shipped rules on the base's network, digits, beta, rates
 * and budget: classic EP, TCL (threshold g), its linear-g control and continual EP. Every
 * arm's spec is read by the EP reader before anything runs; errors name `compare[i]...`.
 */
export function epArms(one: Json): EpArm[] {
  const { compare, ...base } = one;
  const arms = compare === undefined ? defaultArms(base) : givenArms(compare, base);
  const seen = new Set<string>();
  arms.forEach((arm, i) => {
    folderName(`compare[${i}].id`, arm.id);
    if (seen.has(arm.id)) throw new SpecError(`compare[${i}].id`, 'an id no other arm has', arm.id);
    seen.add(arm.id);
    try {
      renamingErrors(hopfieldForm, () => readEpSpec(specLayout(arm.spec).legacy));
    } catch (e) {
      // What an arm replaces is named under its entry; the rest is the base's, named as it is.
      if (compare !== undefined && e instanceof SpecError && /^(rule|protocol|timing)\b/.test(e.field)) throw new SpecError(`compare[${i}].${e.field}`, e.expected, e.got);
      throw e;
    }
  });
  return arms;
}

function givenArms(compare: unknown, base: Json): EpArm[] {
  if (!Array.isArray(compare) || compare.length === 0) throw new SpecError('compare', 'a non-empty array of arms {id, rule, protocol?, timing?}', compare);
  return compare.map((a, i) => {
    if (!isRecord(a)) throw new SpecError(`compare[${i}]`, 'an object {id, rule, protocol?, timing?}', a);
    knownKeys(`compare[${i}]`, a, ['id', 'rule', 'protocol', 'timing']);
    if (typeof a.id !== 'string') throw new SpecError(`compare[${i}].id`, 'a string', a.id);
    if (!isRecord(a.rule)) throw new SpecError(`compare[${i}].rule`, 'an object {kind, ...}', a.rule);
    const spec: Json = { ...base, name: `${String(base.name)}-${a.id}`, rule: { lr: ruleOf(base).lr, ...a.rule } };
    if (a.protocol !== undefined) spec.protocol = a.protocol;
    if (a.timing !== undefined) spec.timing = a.timing;
    return { id: a.id, spec };
  });
}

export const ruleOf = (spec: Json): Json => (isRecord(spec.rule) ? spec.rule : {});

/** The shipped arms on the base's network, digits, nudge, rates and budget (TCL's settings from defaultTcl). */
function defaultArms(base: Json): EpArm[] {
  const protocol = isRecord(base.protocol) ? base.protocol : {};
  const timing = isRecord(base.timing) ? base.timing : {};
  const nudge = { beta: protocol.beta, betaSign: protocol.betaSign };
  const { riseSubsteps: _r, fallSubsteps: _f, ...twoPhaseTiming } = timing;
  const twoPhase = { protocol: { kind: 'twoPhase', ...nudge }, timing: twoPhaseTiming };
  const { kind: _k, protocol: saw, riseSubsteps, fallSubsteps, ...tclRule } = defaultTcl;
  const sawtooth = { protocol: { kind: 'sawtooth', ...nudge, ...saw }, timing: { ...twoPhaseTiming, riseSubsteps, fallSubsteps } };
  const lr = ruleOf(base).lr;
  const arms: [string, Json, { protocol: Json; timing: Json }][] = [
    ['classic', { kind: 'classic', lr }, twoPhase],
    ['tcl', { kind: 'tcl', ...tclRule, lr }, sawtooth],
    ['linear', { kind: 'tcl', ...tclRule, g: 'linear', lr }, sawtooth],
    ['continualEP', { kind: 'continualEP', lr }, twoPhase],
  ];
  return arms.map(([id, rule, clock]) => ({ id, spec: { ...base, name: `${String(base.name)}-${id}`, rule, ...clock } }));
}

/**
 * A spec file for compare: its `compare` list (one format only; arms are not part of what the
 * EP reader reads) and the rest as a spec file of any layout.
 */
export function readCompareFile(file: string): { compare: unknown; read: SpecFile } {
  const raw = readJsonFile(file);
  const { compare, ...rest } = isRecord(raw) ? raw : { compare: undefined };
  return { compare, read: { ...specLayout(withPluginPaths(isRecord(raw) ? rest : raw, file)), file } };
}

/** Whether a spec file is an EP spec with arms (`compare`): `phaseless run` runs it as a comparison. */
export function hasEpArms(file: string): boolean {
  const { compare, read } = readCompareFile(file);
  return compare !== undefined && read.form === hopfieldForm;
}
