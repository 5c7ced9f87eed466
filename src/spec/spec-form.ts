import { SpecError } from '../errors';
import { isRecord, knownKeys } from '../validate';
import { FieldMove, oneFieldName, toLegacyLayout, toOneLayout } from './field-moves';

/** A spec as parsed JSON. */
export type Json = Record<string, unknown>;

/**
 * How one substrate's experiments are written in the one spec format, and how that maps onto
 * the layout its reader checks (the spec files written before the one format). The readers stay
 * the single place that checks each field; a form only moves fields, so a spec reads the same in
 * either layout, and an error names the field as the user wrote it.
 */
export interface SpecForm {
  /** `substrate.kind` in the one format. */
  readonly substrate: 'resistor' | 'hopfield' | 'rbm' | 'feedforward';
  /** The command that runs it. */
  readonly command: 'run' | 'ep' | 'rbm' | 'ff';
  /** What specs in the older layout were, for the notice when one is read. */
  readonly legacyName: string;
  /** Fields whose path differs between the two layouts (legacy -> one format). */
  readonly moves: readonly FieldMove[];
  /** The one format's top-level fields for this substrate, in the order a spec is written. */
  readonly topKeys: readonly string[];
  /** A checked spec in the older layout, written in the one format. */
  toOne(legacy: Json): Json;
  /** A spec in the one format (as the user wrote it), in the layout its reader checks. */
  toLegacy(one: Json): Json;
}

/** Builds the one-format object with the form's top-level order (absent fields left out). */
export function ordered(form: Pick<SpecForm, 'topKeys'>, v: Json): Json {
  const out: Json = {};
  for (const k of form.topKeys) if (v[k] !== undefined) out[k] = v[k];
  for (const [k, x] of Object.entries(v)) if (!(k in out)) out[k] = x;
  return out;
}

/** Moves a checked legacy spec's fields into the one format (the form adds its constants). */
export function movedToOne(form: Pick<SpecForm, 'moves'>, legacy: Json): Json {
  return toOneLayout(legacy, form.moves);
}

/**
 * The one-format spec moved into the legacy layout. `dissolved` names the sections the legacy
 * layout does not have (the substrate, the budget, an EP protocol): the moves take their known
 * fields elsewhere, so a field left behind (other than `kind`, the form's to check) is one this
 * substrate does not have, refused under the name the user wrote. Every other section is moved
 * as it is and checked by the reader. The known fields are the moves' own, declared once.
 */
export function movedToLegacy(form: Pick<SpecForm, 'moves' | 'topKeys'>, one: Json, dissolved: readonly string[]): Json {
  knownKeys('spec', one, form.topKeys);
  for (const section of dissolved) {
    const v = one[section];
    if (v !== undefined && !isRecord(v)) throw new SpecError(section, `an object with fields ${sectionFields(form, section).join(', ')}`, v);
  }
  const legacy = toLegacyLayout(one, form.moves);
  for (const section of dissolved) {
    const left = legacy[section];
    if (isRecord(left)) knownKeys(section, left, sectionFields(form, section));
  }
  return legacy;
}

/** The fields of a one-format section whose fields all move (`kind` first): where the moves put them. */
function sectionFields(form: Pick<SpecForm, 'moves'>, section: string): string[] {
  const fields = form.moves.map(([, to]) => to.split('.')).filter((t) => t[0] === section && t.length > 1).map((t) => t[1]);
  return [...new Set(['kind', ...fields])];
}

/** A fixed field of the one format (the substrate's kind, its engine): absent or equal to `value`. */
export function constant(field: string, given: unknown, value: string, why: string): void {
  if (given !== undefined && given !== value) throw new SpecError(field, `"${value}" (${why})`, given);
}

/** A SpecError of the legacy reader renamed to the field as the one format names it. */
export function renamed(form: Pick<SpecForm, 'moves'>, e: SpecError): SpecError {
  const field = oneFieldName(e.field, form.moves);
  return field === e.field ? e : new SpecError(field, e.expected, e.got);
}

/** Whether a parsed spec is written in the one format (it names its substrate). */
export const isOneSpec = (v: unknown): v is Json => isRecord(v) && 'substrate' in v;

/**
 * Reads a spec written in the one format with a reader of the form's older layout (so every
 * reader takes both layouts), naming the reader's errors as the one format does.
 */
export function readOneFormat<T>(form: SpecForm, one: Json, read: (legacy: Json) => T): T {
  const legacy = form.toLegacy(one);
  return renamingErrors(form, () => read(legacy));
}

/** Runs `work` (which reads a spec in the form's older layout), naming its SpecErrors' fields as the one format does. */
export function renamingErrors<T>(form: Pick<SpecForm, 'moves'>, work: () => T): T {
  try {
    return work();
  } catch (e) {
    throw e instanceof SpecError ? renamed(form, e) : e;
  }
}
