import fc from 'fast-check';
import { resistorSpecArb } from '../src/arbitraries';
import { readResistorSpec } from '../src/substrates/resistor/resistor-spec';
import { RandomSource } from '../src/scheduler/random';
import { teacherTask } from '../src/tasks/teacher-task';

describe('resistorSpecArb', () => {
  // A network whose outputs are cut off from the sources by the ground used to be drawn and then
  // refused by the teacher task; every draw is now one the task accepts.
  it('draws networks a teacher task accepts: every output depends on the inputs', () => {
    fc.assert(
      fc.property(resistorSpecArb({ maxNodes: 20 }), fc.nat(1000), (raw, seed) => {
        const net = readResistorSpec(raw);
        const random = new RandomSource(seed);
        const task = teacherTask(net, { train: 3, test: 1, inputRange: 1, teacherK: [0.5, 2] }, { teacher: random.stream('teacher'), data: random.stream('data') });
        // Each output's target moves with the inputs (not only their scale over all outputs).
        for (let j = 0; j < net.outputs.length; j++) expect(Math.max(...task.train.map((ex) => Math.abs(ex.y[j])))).toBeGreaterThan(1e-12);
      }),
      { numRuns: 300 },
    );
  });
});
