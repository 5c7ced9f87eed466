import { SpecError } from '../../errors';
import { finite, positive } from '../../validate';
import { MemoryKernel } from './memory-kernel';
import { advanceClock, wholeSamples } from './sample-clock';

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

/** One period of a sine in `samples` samples, w_m = amplitude sin(2 pi m / samples) (the authors': AUTHORS_SINE). */
export const sineSamples = (samples: number, amplitude: number): number[] => Array.from({ length: samples }, (_, m) => amplitude * Math.sin((2 * Math.PI * m) / samples));

/** The authors' sine: 10 samples, amplitude 1/3 (falkma/ContrastiveMemory-Exp, train_convolution.py). */
export const AUTHORS_SINE = { samples: 10, amplitude: 1 / 3 };

/** The authors' kernel: their 10-sample sine on a 100-point grid of a unit cycle. */
export const defaultSampled: SampledParams = { spacing: 0.01, weights: sineSamples(AUTHORS_SINE.samples, AUTHORS_SINE.amplitude) };

/**
 * A sampled (finite impulse response) kernel, the discrete form of the authors' network code:
 * u_n = h sum_{m=0}^{N-1} w_m s_{n-m}, s_n the signal at sample n, i.e. the kernel
 * K(t) = sum_m w_m h delta(t - m h). It keeps its own sample clock (sample-clock.ts): sample
 * times k h from its start at rest; a step of any dt takes the samples whose times fall in it
 * (its end included), each the signal held over the step (zero-order hold, as the other kernels
 * read it), pushes them into a delay line of the last N samples, and returns the FIR sum of
 * the line, held between samples (a step that crosses no sample time moves only the clock).
 * When dt is a whole number of samples this is the grid kernel: dt / h samples a step.
 * State: the line (newest first, no pointer) then the clock's phase. The line is linear in the
 * signal and the phase does not depend on it, so the quasi-static engine's periodic start
 * composes the state over a cycle of whole samples (phase 0 at its start and end): exactly the
 * circular convolution of the authors' periodic boundary. A cycle of other length does not
 * repeat its sample times (checkCycle refuses it).
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
        // sup of |H| over ages >= age. The first sample after a jump comes at most h later, so by
        // age a at least floor(a / h) samples took it and H = h P_n with n >= floor(age / h) - 1
        // (on any tick; 0 past the support).
        bound: (age) => {
          let b = 0;
          for (let n = Math.max(0, Math.floor(age / h) - 1); n < N - 1; n++) b = Math.max(b, Math.abs(P[n]));
          return h * b;
        },
        nonNegative: P.every((p) => p >= -tiny),
      }
    : undefined;
  return {
    name: 'sampled',
    stateSize: N + 1,
    rest(x, o, s0) {
      for (let m = 0; m < N; m++) x[o + m] = s0;
      x[o + N] = 0;
    },
    step(x, o, s, dt) {
      const q = Math.min(advanceClock(x, o + N, dt, h), N);
      if (q > 0) {
        // Shift the line by q (oldest out) and fill the q newest slots with s.
        for (let m = N - 1; m >= q; m--) x[o + m] = x[o + m - q];
        for (let m = 0; m < q; m++) x[o + m] = s;
      }
      let u = 0;
      for (let m = 0; m < N; m++) u += w[m] * x[o + m];
      return h * u;
    },
    checkCycle(period, f) {
      if (wholeSamples(period, h) === undefined) throw new SpecError(`${f}.spacing`, `a spacing that divides the cycle's period ${period} (a periodic start repeats the cycle, and with it the sample times)`, h);
    },
    stepResponse,
  };
}
