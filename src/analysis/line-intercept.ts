/** An ordinary least-squares straight line y ~ intercept + slope x (NaN for fewer than 2 distinct x). */
export function fitLine(x: ArrayLike<number>, y: ArrayLike<number>): { slope: number; intercept: number } {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] / n;
    my += y[i] / n;
  }
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
  }
  if (!(sxx > 0)) return { slope: NaN, intercept: NaN };
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/**
 * The authors' offset of a response curve (their f4_error_analysis for the Markov figure, [TCL]
 * Fig. 6B; docs/science.md#the-authors-conventions): the raw intercept of a straight line fitted to
 * dw/A_max against A/A_max from the first amplitude where dw/A_max exceeds `onset` (0.05) up to
 * A_max, with no baseline subtracted, so the kernel's own lag is part of it.
 */
export function onsetLineFit(d: { x: number[]; y: number[] }, onset = 0.05, upTo = 1): { slope: number; intercept: number; from: number } {
  const first = d.y.findIndex((v, i) => v > onset && d.x[i] < upTo);
  if (first < 0) return { slope: NaN, intercept: NaN, from: NaN };
  const keep = d.x.map((_, i) => i).filter((i) => i >= first && d.x[i] < upTo);
  return { ...fitLine(keep.map((i) => d.x[i]), keep.map((i) => d.y[i])), from: d.x[first] };
}
