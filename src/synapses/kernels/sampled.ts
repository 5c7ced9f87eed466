import { SpecError } from '../../errors';
import { finite, positive } from '../../validate';
import { MemoryKernel } from './memory-kernel';

/**
 * Parameters of a sampled kernel: N samples w_0 .. w_{N-1}, `spacing` h apart. By default the
 * kernel of the authors' MNIST code ([TCL]; falkma/ContrastiveMemory-Exp, train_convolution.py):
 * one period of a sine, w_m = (1/3) sin(2 pi m / 10), on their grid of 100 points per unit cycle.
 */
export interface SampledParams {
  /** Time between samples (synapse time); the filter advances one sample per h. */
  spacing: number;
  /** The samples w_m, m = 0 .. N-1 (m = 0 weighs the current sample). */
  weights: readonly number[];
}

/** The authors' 10-sample sine, amplitude 1/3. */
export const sineSamples = (samples: number, amplitude: number): number[] => Array.from({ length: samples }, (_, m) => amplitude * Math.sin((2 * Math.PI * m) / samples));

/** The authors' kernel: their 10-sample sine on a 100-point grid of a unit cycle. */
export const defaultSampled: SampledParams = { spacing: 0.01, weights: sineSamples(10, 1 / 3) };

/** Relative tolerance for "dt is a whole number of samples". */
const GRID_TOL = 1e-9;

/** Whole samples in dt, or undefined if dt is not a multiple of h (0 for dt = 0). */
export function samplesIn(dt: number, h: number): number | undefined {
  if (dt === 0) return 0;
  const q = Math.round(dt / h);
  return q >= 1 && Math.abs(dt - q * h) <= GRID_TOL * dt ? q : undefined;
}

/**
 * A sampled (finite impulse response) kernel, the discrete form of the authors' network code:
 * u_n = h sum_{m=0}^{N-1} w_m s_{n-m}, s_n the signal held over sample n, i.e. the kernel
 * K(t) = sum_m w_m h delta(t - m h). Realised as a delay line of the last N samples (newest
 * first, no pointer, so the state is linear in the signal and the quasi-static engine's periodic
 * start composes it: over one repeated cycle this is exactly the circular convolution of the
 * authors' periodic boundary). A step of dt advances dt / h samples with s held and returns u
 * after the last; dt = 0 advances nothing; dt must be a whole number of samples (RangeError).
 */
export function sampledKernel(params: Partial<SampledParams> = {}, field = 'kernel'): MemoryKernel {
  const h = positive(`${field}.spacing`, params.spacing ?? defaultSampled.spacing);
  const given = params.weights ?? defaultSampled.weights;
  if (!Array.isArray(given) || given.length < 1) throw new SpecError(`${field}.weights`, 'an array of at least one sample', given);
  const w = Float64Array.from(given, (v: unknown, m) => finite(`${field}.weights[${m}]`, v));
  const N = w.length;
  // Partial sums P_n = sum_{m<=n} w_m: the response to a unit step n samples after it is h P_n.
  const P = new Float64Array(N);
  let acc = 0;
  let abs = 0;
  for (let m = 0; m < N; m++) {
    acc += w[m];
    abs += Math.abs(w[m]);
    P[m] = acc;
  }
  // Area h P_{N-1}: zero up to rounding for the sine (the authors: "np.sum(kernel) = 0").
  const zeroArea = Math.abs(P[N - 1]) <= 1e-12 * abs;
  const tiny = 1e-12 * abs;
  const stepResponse: MemoryKernel['stepResponse'] = zeroArea
    ? {
        // sup of |H| over ages >= age: samples n >= floor(age / h) (floor: a looser, safe bound); 0 past the support.
        bound: (age) => {
          let b = 0;
          for (let n = Math.max(0, Math.floor(age / h)); n < N - 1; n++) b = Math.max(b, Math.abs(P[n]));
          return h * b;
        },
        nonNegative: P.every((p) => p >= -tiny),
      }
    : undefined;
  const samples = (dt: number): number => {
    const q = samplesIn(dt, h);
    if (q === undefined) throw new RangeError(`${field}.spacing: a sampled kernel steps whole samples of ${h}, got dt = ${dt}`);
    return q;
  };
  return {
    name: 'sampled',
    stateSize: N,
    rest(x, o, s0) {
      for (let m = 0; m < N; m++) x[o + m] = s0;
    },
    step(x, o, s, dt) {
      const q = Math.min(samples(dt), N);
      if (q > 0) {
        // Shift the line by q (oldest out) and fill the q newest slots with s.
        for (let m = N - 1; m >= q; m--) x[o + m] = x[o + m - q];
        for (let m = 0; m < q; m++) x[o + m] = s;
      }
      let u = 0;
      for (let m = 0; m < N; m++) u += w[m] * x[o + m];
      return h * u;
    },
    checkTick(dtMin, f, regular = true) {
      if (!regular) throw new SpecError(f, 'a kernel on regular ticks (timing jitter 0 and rateSpread 1): a sampled kernel steps whole samples', 'sampled');
      if (samplesIn(dtMin, h) === undefined) throw new SpecError(`${f}.spacing`, `a spacing that divides the shortest tick ${dtMin} (a sampled kernel steps whole samples)`, h);
    },
    stepResponse,
  };
}
