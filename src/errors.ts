/** A user error in a spec or option: names the field or element and what was expected. */
export class SpecError extends Error {
  constructor(
    readonly field: string,
    readonly expected: string,
    readonly got?: unknown,
  ) {
    super(`${field}: expected ${expected}${got === undefined ? '' : `, got ${show(got)}`}`);
    this.name = 'SpecError';
  }
}

/** A simulation produced NaN or infinity: names the first agent that diverged and when. */
export class DivergenceError extends Error {
  constructor(
    readonly agent: string,
    readonly time: number,
    readonly value: number,
  ) {
    super(`agent ${agent} diverged at simulated time ${time} (value ${value})`);
    this.name = 'DivergenceError';
  }
}

function show(v: unknown): string {
  if (typeof v === 'number') return String(v);
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 80 ? s.slice(0, 77) + '...' : s;
  } catch {
    return String(v);
  }
}
