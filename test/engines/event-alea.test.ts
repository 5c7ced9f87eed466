import fc from 'fast-check';
import { RandomSource } from '../../src';
import { AleaStates } from '../../src/engines/event/alea-states';

describe('AleaStates', () => {
  it("draws exactly the numbers of RandomSource's substreams (seedrandom's alea), each agent its own", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.string()), fc.array(fc.string({ maxLength: 12 }), { minLength: 1, maxLength: 4 }), fc.array(fc.nat(3), { maxLength: 60 }), (seed, names, order) => {
        const random = new RandomSource(seed);
        const ref = names.map((nm) => random.stream(nm));
        const states = new AleaStates(names.length, (k) => `${seed}/${names[k]}`);
        // Interleaved draws: agents' streams are independent.
        for (const k of order.map((o) => o % names.length)) expect(states.uniform(k)).toBe(ref[k].uniform());
      }),
    );
  });
});
