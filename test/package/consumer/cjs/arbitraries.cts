// A CommonJS TypeScript user (.cts, module node16): the arbitraries compose with their own
// fast-check, typed the same way as in ESM.
import fc = require('fast-check');
import { ResistorSpec, Timing } from 'phaseless';
import { resistorSpecArb, timingArb } from 'phaseless/arbitraries';

export const cases: fc.Arbitrary<[ResistorSpec, Timing, number]> = fc.tuple(resistorSpecArb({ maxNodes: 6 }), timingArb(), fc.nat());
