import { EVENTS_PER_SECOND, READ_MESSAGE_COST, eventSecondsPerTick, eventsPerTick } from '../../src/engines/event/event-budget';

describe('event budget (time estimates of event-engine runs)', () => {
  // 33 nodes and 272 synapses: bars and stripes 4x4 with 16 hidden units.
  it('a message that waits for its synapse tick is no event but costs READ_MESSAGE_COST of one', () => {
    const view = { randomDelay: { min: 0, max: 4 } };
    expect(eventsPerTick(33, 272, 1, view)).toBe(305);
    expect(eventSecondsPerTick(33, 272, 1, view)).toBeCloseTo((305 + READ_MESSAGE_COST * 544) / EVENTS_PER_SECOND, 15);
  });

  it('a message that acts on arrival (a drop after the delay) is an event', () => {
    const view = { randomDelay: { min: 0, max: 4 }, drop: 0.2 };
    expect(eventsPerTick(33, 272, 1, view)).toBe(305 + 544);
    expect(eventSecondsPerTick(33, 272, 1, view)).toBeCloseTo((305 + 544) / EVENTS_PER_SECOND, 15);
  });

  it('without views the estimate is the ticks alone', () => {
    expect(eventSecondsPerTick(33, 272, 1)).toBeCloseTo(305 / EVENTS_PER_SECOND, 15);
  });
});
