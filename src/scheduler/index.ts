export { OwnedEvent, PendingEvent, SchedulerSnapshot, VirtualScheduler, StopReason } from './virtual-scheduler';
export { EventHeap } from './event-heap';
export { KeyedHeap } from './keyed-heap';
export { RandomSource, Rng, Substream, SubstreamState, rngFromFunction } from './random';
export { startTicks, TickOptions } from './agent-clock';
