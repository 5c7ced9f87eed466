export { MemoryKernel } from './memory-kernel';
export { ChemotaxisParams, chemotaxisCoefficients, chemotaxisKernel, defaultChemotaxis } from './chemotaxis';
export { IntegralFeedbackParams, integralFeedbackKernel } from './integral-feedback';
export { BuiltKernel, KernelKind, kernels, readKernel, registerKernel } from './kernel-registry';
export { SampledParams, defaultSampled, sampledKernel, sineSamples } from './sampled';
