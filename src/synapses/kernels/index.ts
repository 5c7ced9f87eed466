export { MemoryKernel } from './memory-kernel';
export { ChemotaxisParams, chemotaxisCoefficients, chemotaxisKernel, defaultChemotaxis } from './chemotaxis';
export { IntegralFeedbackParams, integralFeedbackKernel } from './integral-feedback';
