import { SpecError } from '../errors';
import { isEpSpec } from '../experiments/ep/ep-spec';
import { isRbmSpec } from '../experiments/rbm/rbm-spec';
import { isFfSpec } from '../ff/ff-spec';
import { isRecord } from '../validate';
import { ffForm } from './ff-form';
import { hopfieldForm } from './hopfield-form';
import { rbmForm } from './rbm-form';
import { resistorForm } from './resistor-form';
import { Json, SpecForm, isOneSpec, ordered, renamingErrors } from './spec-form';

/** The substrates a spec may name, each with its form. */
export const specForms: readonly SpecForm[] = [resistorForm, hopfieldForm, rbmForm, ffForm];

export { isOneSpec };

/** The form of a spec in the one format, from `substrate.kind`. */
export function formOfOne(one: Json): SpecForm {
  const substrate = one.substrate;
  if (!isRecord(substrate)) throw new SpecError('substrate', `an object {kind: ${specForms.map((f) => `"${f.substrate}"`).join(' | ')}, ...}`, substrate);
  const form = specForms.find((f) => f.substrate === substrate.kind);
  if (form === undefined) throw new SpecError('substrate.kind', specForms.map((f) => `"${f.substrate}"`).join(', '), substrate.kind);
  return form;
}

/** The form of a spec in an older layout: EP, RBM and FF specs name themselves, the rest are learning specs. */
export function formOfLegacy(raw: unknown): SpecForm {
  const experiment = isRecord(raw) ? raw.experiment : undefined;
  if (experiment !== undefined && experiment !== 'ep-mnist' && experiment !== 'rbm' && experiment !== 'ff') {
    throw new SpecError('experiment', '"ep-mnist", "rbm" or "ff" (or left out in a resistor learning spec)', experiment);
  }
  return isEpSpec(raw) ? hopfieldForm : isRbmSpec(raw) ? rbmForm : isFfSpec(raw) ? ffForm : resistorForm;
}

/** A parsed spec file, in the layout its reader checks. */
export interface ReadSpec {
  form: SpecForm;
  /** The spec in its reader's layout. */
  legacy: unknown;
  /** Whether the file was written in the one format (errors then name its fields). */
  one: boolean;
}

/** Which form a parsed spec is in, and the spec in its reader's layout. */
export function specLayout(raw: unknown): ReadSpec {
  // No older layout has a budget section: such a spec is in the one format and lacks its substrate.
  if (isRecord(raw) && !isOneSpec(raw) && 'budget' in raw) {
    throw new SpecError('substrate', `a substrate section {kind: ${specForms.map((f) => `"${f.substrate}"`).join(' | ')}, ...} (a spec in the one format names its substrate)`, undefined);
  }
  if (!isOneSpec(raw)) return { form: formOfLegacy(raw), legacy: raw, one: false };
  const form = formOfOne(raw);
  return { form, legacy: form.toLegacy(raw), one: true };
}

/**
 * Runs `read` (a legacy reader, or anything that checks the spec) and names a field of its
 * SpecError as the one format does when the spec was written in it.
 */
export function inOneFieldNames<T>(spec: Pick<ReadSpec, 'form' | 'one'>, read: () => T): T {
  return spec.one ? renamingErrors(spec.form, read) : read();
}

/**
 * A checked spec in a reader's layout, written in the one format (what run folders store). Given
 * the file it was read from, the file's note (free text) is kept where the form has one: the RBM
 * reader leaves it out of the checked spec, whose fields are the experiment's alone.
 */
export function toOneSpec(legacy: unknown, from?: Pick<ReadSpec, 'legacy'>): Json {
  const form = formOfLegacy(legacy);
  const one = form.toOne(legacy as Json);
  const note = isRecord(from?.legacy) ? from.legacy.note : undefined;
  if (typeof note !== 'string' || one.note !== undefined || !form.topKeys.includes('note')) return one;
  return ordered(form, { ...one, note });
}
