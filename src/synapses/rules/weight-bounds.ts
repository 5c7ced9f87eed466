import { SpecError } from '../../errors';
import { finite, isRecord, knownKeys, nonNegative, optional, positive } from '../../validate';

/** Options every learning rule takes: its learning rate and bounds on the weight. */
export interface LearningParams {
  lr: number;
  /** Weight floor; for conductances keep it > 0 (coupled learning floors k, papers.md section 4). */
  wMin: number;
  /** Weight ceiling. */
  wMax: number;
}

export const clampWeight = (w: number, p: LearningParams): number => (w < p.wMin ? p.wMin : w > p.wMax ? p.wMax : w);

export function readLearningParams(field: string, v: Record<string, unknown>, dflt: LearningParams): LearningParams {
  const p: LearningParams = {
    lr: optional(v.lr, dflt.lr, (x) => nonNegative(`${field}.lr`, x)),
    wMin: optional(v.wMin, dflt.wMin, (x) => finite(`${field}.wMin`, x)),
    wMax: optional(v.wMax, dflt.wMax, (x) => finite(`${field}.wMax`, x)),
  };
  if (p.wMax <= p.wMin) throw new SpecError(`${field}.wMax`, `a value > wMin (${p.wMin})`, p.wMax);
  return p;
}

export function readRecord(field: string, v: unknown, keys: readonly string[]): Record<string, unknown> {
  if (!isRecord(v)) throw new SpecError(field, `an object with fields ${keys.join(', ')}`, v);
  knownKeys(field, v, keys);
  return v;
}

