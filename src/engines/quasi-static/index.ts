export { CycleTick, SawtoothCycle, sawtoothTicks, twoPhaseTicks } from './cycle-ticks';
export { LayeredBatch, LayeredSignals } from './layered-signals';
export { ReplayStats, RuleReplay, RuleStart } from './rule-replay';
export { CycleStats, KeepsStates, LayeredWeights, QuasiStaticCycle, QuasiStaticOptions, Relax } from './quasi-static-cycle';
