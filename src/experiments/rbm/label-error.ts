import { SpecError } from '../../errors';
import { Rng } from '../../scheduler/random';
import { integer } from '../../validate';
import { Rbm } from '../../substrates/rbm/rbm';
import { bernoulliUnit } from '../../substrates/rbm/gibbs';

/** How the label-sampling classifier samples. */
export interface LabelSamplingOptions {
  /** Label units at the end of the visible layer. */
  nLabels: number;
  /** Gibbs steps resampling the labels only. */
  steps: number;
  /** Steps discarded before averaging the label units. */
  burnIn: number;
}

/** The authors' label sampling: 10 label units, 80 steps, averaged after 40 burn-in steps. */
export const defaultLabelSampling: LabelSamplingOptions = { nLabels: 10, steps: 80, burnIn: 40 };

/**
 * The paper's label-sampling classifier: clamp the pixels, start the label units at 0, and
 * resample only the labels (h given v, then the labels given h) for `steps` steps; the class is
 * the argmax (first on ties) of the label units averaged over the steps after the burn-in.
 * The draws come from `rng` (an evaluation substream, so measuring never perturbs training).
 */
export function predictLabel(r: Rbm, x: ArrayLike<number>, o: LabelSamplingOptions, rng: Rng, scratch = new Float64Array(r.nh + o.nLabels)): number {
  const { nv, nh, W, bh } = r;
  const P = nv - o.nLabels;
  const base = scratch.subarray(0, nh);
  const acc = scratch.subarray(nh, nh + o.nLabels);
  acc.fill(0);
  for (let j = 0; j < nh; j++) {
    let f = bh[j];
    const off = j * nv;
    for (let i = 0; i < P; i++) if (x[i]) f += W[off + i];
    base[j] = f;
  }
  const y = new Uint8Array(o.nLabels);
  const h = new Uint8Array(nh);
  for (let t = 1; t <= o.steps; t++) {
    for (let j = 0; j < nh; j++) {
      let f = base[j];
      const off = j * nv + P;
      for (let l = 0; l < o.nLabels; l++) if (y[l]) f += W[off + l];
      h[j] = bernoulliUnit.step(f, rng.uniform());
    }
    for (let l = 0; l < o.nLabels; l++) {
      let f = 0;
      for (let j = 0; j < nh; j++) if (h[j]) f += W[j * nv + P + l];
      y[l] = bernoulliUnit.step(f, rng.uniform());
      if (t > o.burnIn) acc[l] += y[l];
    }
  }
  let best = 0;
  for (let l = 1; l < o.nLabels; l++) if (acc[l] > acc[best]) best = l;
  return best;
}

/** Fraction of rows whose sampled label differs from the true one. */
export function labelSamplingError(r: Rbm, rows: readonly ArrayLike<number>[], labels: readonly number[], o: LabelSamplingOptions, rng: Rng): number {
  integer('metric.steps', o.steps, 1);
  integer('metric.burnIn', o.burnIn, 0);
  if (o.burnIn >= o.steps) throw new SpecError('metric.burnIn', `fewer than steps (${o.steps})`, o.burnIn);
  if (o.nLabels < 2 || o.nLabels >= r.nv) throw new SpecError('metric.nLabels', `between 2 and ${r.nv - 1}`, o.nLabels);
  if (rows.length === 0 || rows.length !== labels.length) throw new SpecError('metric.rows', 'a non-empty set of labelled rows', rows.length);
  const scratch = new Float64Array(r.nh + o.nLabels);
  let wrong = 0;
  rows.forEach((x, k) => {
    if (predictLabel(r, x, o, rng, scratch) !== labels[k]) wrong++;
  });
  return wrong / rows.length;
}
