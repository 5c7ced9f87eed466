import type { z as Z } from 'zod';
import { lazySchema } from '../../registry/lazy-zod';
import { SpecError } from '../../errors';
import { BuildableKind, Registry, readKind } from '../../registry';
import { markovKernel, readMarkovParams } from '../../analysis/markov-adaptation';
import { MemoryKernel } from './memory-kernel';
import { chemotaxisKernel, defaultChemotaxis } from './chemotaxis';
import { integralFeedbackKernel } from './integral-feedback';
import { AUTHORS_SINE, defaultSampled, sampledKernel, sineSamples } from './sampled';

/** A memory kernel as a spec builds it, with its memory time tau_K. */
export interface BuiltKernel {
  /** The filter. */
  kernel: MemoryKernel;
  /** Its memory time (simulated time), which the timescale check reads. */
  tauK: number;
}

/** A memory kernel kind; its builder gets the spec field it sits at, for errors. */
export type KernelKind<S extends Z.ZodType = Z.ZodType> = BuildableKind<S, BuiltKernel, string>;

/** Memory kernels by `kind`; `registerKernel` adds a user's. */
export const kernels = new Registry<KernelKind<any>>('kernel'); // eslint-disable-line @typescript-eslint/no-explicit-any
/** Registers a memory kernel kind (a TypeError if the kind is taken, unless replace). */
export const registerKernel = <S extends Z.ZodType>(entry: KernelKind<S>, opts?: { replace?: boolean }): void => kernels.register(entry, opts);

/** A kernel spec ({kind, ...params}) built; the default is the paper's chemotaxis kernel. */
export function readKernel(spec: unknown, field: string): BuiltKernel {
  const { entry, params } = readKind(kernels, spec ?? { kind: 'chemotaxis' }, field);
  return entry.build(params, field);
}

const rate = (z: typeof Z) => z.number().positive().default(defaultChemotaxis.B).describe('kernel rate B; tau_K = 1/B (paper: 20)');

registerKernel({
  kind: 'chemotaxis',
  doc: 'K(t) = A e^{-Bt} (t - C t^2), area I, first moment -1 (Celani & Vergassola; [TCL] section 3)',
  params: lazySchema((z) =>
    z.strictObject({
      B: rate(z),
      area: z.number().default(defaultChemotaxis.area).describe('kernel area I (0: perfect adaptation)'),
    }),
  ),
  build: ({ B, area }, field) => {
    if (6 * area + 2 * B <= 0) throw new SpecError(`${field}.area`, `a value > -B/3 (${-B / 3})`, area);
    return { kernel: chemotaxisKernel({ B, area }), tauK: 1 / B };
  },
});

registerKernel({
  kind: 'integralFeedback',
  doc: 'integral feedback: u driven by s, its deviation integrated and fed back (area 0, first moment -1)',
  params: lazySchema((z) => z.strictObject({ B: rate(z) })),
  build: ({ B }) => ({ kernel: integralFeedbackKernel({ B }), tauK: 1 / B }),
});

const finiteOpt = (z: typeof Z, doc: string) => z.number().optional().describe(doc);

registerKernel({
  kind: 'markov',
  doc: 'Markov adaptation kernel (Lan et al. 2012 model, [TCL] non-equilibrium kernels); its memory time plays 1/B',
  params: lazySchema((z) =>
    z.strictObject({
      gamma: finiteOpt(z, 'methylation reverse-rate factor; 1 = detailed balance (default 0.01)'),
      RF: finiteOpt(z, 'rate factor of the activity switches (default 25)'),
      step: finiteOpt(z, 'size of the step in s that defines the kernel (default 200)'),
      base: finiteOpt(z, 's before that step (default 0)'),
      timeScale: finiteOpt(z, 'Markov time units per synapse time unit (default 5)'),
      window: z
        .union([z.number(), z.literal('infinite')])
        .optional()
        .describe("kernel support in synapse time: 'infinite' (default) or W, K = 0 beyond (the authors': 1 = 5 Markov units)"),
      normalisation: z.enum(['signed', 'absolute']).optional().describe("scale by the signed first moment (default) or its absolute value (the authors')"),
      windowSteps: finiteOpt(z, 'most steps a finite window holds (default 2000; each adds 2 numbers to every synapse state)'),
    }),
  ),
  build: (p, field) => {
    const kernel = markovKernel(readMarkovParams(p, field));
    return { kernel, tauK: kernel.info.tauK };
  },
});

registerKernel({
  kind: 'sampled',
  doc: "sampled kernel of the authors' MNIST code: u_n = h sum_m w_m s_{n-m}, by default w_m = (1/3) sin(2 pi m / 10), h = 0.01 (their grid of 100 points per unit cycle)",
  params: lazySchema((z) =>
    z.strictObject({
      spacing: z.number().positive().default(defaultSampled.spacing).describe("time h between samples, on the kernel's own sample clock (any tick; the authors: 0.01 = period / 100; a periodic start needs a period of whole samples)"),
      samples: z.int().min(2).optional().describe(`number N of samples of one sine period, w_m = amplitude sin(2 pi m / N) (default ${AUTHORS_SINE.samples})`),
      amplitude: z.number().optional().describe('amplitude of the sine samples (default 1/3, the authors\')'),
      weights: z.array(z.number()).min(1).optional().describe('the samples w_0 .. w_{N-1} themselves, instead of the sine (w_0 weighs the current sample)'),
    }),
  ),
  build: ({ spacing, samples, amplitude, weights }, field) => {
    if (weights !== undefined && (samples !== undefined || amplitude !== undefined)) {
      throw new SpecError(`${field}.weights`, 'either weights or the sine (samples, amplitude), not both', weights);
    }
    const w = weights ?? sineSamples(samples ?? AUTHORS_SINE.samples, amplitude ?? AUTHORS_SINE.amplitude);
    // Its memory time: half the support (the sine's positive lobe; 0.05 for the authors', as 1/B of the chemotaxis kernel at B = 20).
    return { kernel: sampledKernel({ spacing, weights: w }, field), tauK: (w.length * spacing) / 2 };
  },
});
