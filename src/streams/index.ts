export { ClampSignal, PhaseLabel, Protocol, ProtocolContext } from './clamp-signal';
export { fromSegments, sampled, Segment } from './emitters';
export {
  twoPhase,
  stochasticPhases,
  sawtooth,
  reversedSawtooth,
  triangle,
  constant,
  sawtoothAt,
  SawtoothParams,
  PhaseLength,
  phaseLengthSampler,
} from './protocols';
export { FrequencyPropagationParams, frequencyPropagation } from './frequency-propagation';
export { clampClock } from './clock';
export { ClockReader, ClockSegment } from './clock-reader';
export { delayBy, randomDelay, jitterSampling, dropWith, distort, checkDistortion, Distortion } from './operators';
export { record, Trace } from './recorder';
export { Cell, CellSink } from './cell';
export { BuiltProtocol, ProtocolKind, protocols, readProtocol, registerProtocol } from './protocol-registry';
