import { SpecError, readLearnSpec } from '../../src';
import { prepareLearn } from '../../src/learning/learn';

describe('engine "event" in a learning spec', () => {
  it('runs the same learning as the reactive engine, bit for bit, under asynchronous timing', () => {
    const base = {
      epochs: 1,
      task: { train: 2, test: 3, inputRange: 1, teacherK: [0.1, 10] },
      cyclesPerExample: 1,
      timing: { tau: 0.005, nodePeriod: 0.01, synapsePeriod: 0.02, rateSpread: 2, jitter: 0.3 },
      endpointView: { randomDelay: { min: 0, max: 0.01 }, drop: 0.1 },
      allowTimescaleOverlap: true,
    };
    const reactive = prepareLearn(readLearnSpec({ ...base, engine: 'reactive' })).run();
    const event = prepareLearn(readLearnSpec({ ...base, engine: 'event' })).run();
    expect(event.conductances).toEqual(reactive.conductances);
    expect(event.events).toBe(reactive.events);
    expect(event.finalTestError).toBe(reactive.finalTestError);
  });

  it('refuses an unknown engine, naming the field and the choices', () => {
    expect(() => readLearnSpec({ engine: 'evnt' })).toThrow(new SpecError('engine', 'one of "reactive", "lockstep", "event"', 'evnt'));
  });
});
