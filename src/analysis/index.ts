/**
 * Single-synapse analyses of [TCL]: sawtooth response, learning range, offset, convergence,
 * Markov adaptation kernels and their dissipation, and sweeps over them. See
 * docs/science.md#the-sawtooth-protocol and docs/science.md#markov-kernels.
 *
 * @module
 */
export { MarkovKernelInfo, MarkovNormalisation, MarkovParams, authorsMarkovConvention, defaultMarkov, deltaE, dissipation, generator, markovKernel, markovKernelAt, markovKernelInfo, readMarkovParams, stationary } from './markov-adaptation';
export { CycleResult, CycleSpec, sawtoothCycle } from './sawtooth-cycle';
export { ThreeSegmentFit, fitThreeSegments } from './piecewise-linear';
export { fitLine, onsetLineFit } from './line-intercept';
export { RangePoint, RangeResult, defaultRangePoint, learningRange } from './learning-range';
export { OffsetPoint, OffsetResult, defaultOffsetPoint, measureOffset, offsetPoint } from './offset';
export { ConvergencePoint, ConvergenceResult, convergencePoint, defaultConvergencePoint } from './convergence';
export { DissipationPoint, DissipationResult, defaultDissipationPoint, dissipationPoint } from './dissipation';
export { ExperimentName, experiments, runPoint } from './experiments';
export { Distribution, SweepSpec, readSweepSpec, sweepPoints } from './sweep-spec';
export { SweepOptions, SweepOutcome, SweepRow, runSweep } from './sweep';
