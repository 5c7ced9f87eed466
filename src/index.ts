/** phaseless: contrastive learning with phase-free dynamics, as RxJS agents in virtual time. */
import type { z as Zod } from 'zod';
import { lazyZ } from './registry/lazy-zod';

export * from './scheduler';
export * from './streams';
export * from './nodes';
export * from './synapses';
export * from './substrates';
export * from './engines';
export * from './tasks';
export * from './learning';
export * from './parallel';
export * from './plots';
export { SpecError, DivergenceError } from './errors';
export * from './registry';
export * from './spec';
/**
 * The schema library the registries declare parameters with; plugins use this copy. zod is
 * loaded on the first use of `z` (src/registry/lazy-zod.ts), not when phaseless is imported.
 */
export const z: typeof Zod = lazyZ;
export * as rbm from './experiments/rbm';
export * as datasets from './datasets';
export * as analysis from './analysis';
export * as hopfield from './experiments/ep';
export * as ff from './ff';
export { ResponseSpec, SawtoothPlacement, defaultResponseSpec, responseCurve, sawtoothResponse } from './experiments/response';
