// A CommonJS TypeScript user on the older module resolution (moduleResolution node10), which
// reads typesVersions instead of exports.
import fc from 'fast-check';
import { ResistorSpec, Timing } from 'phaseless';
import { resistorSpecArb, timingArb } from 'phaseless/arbitraries';
import { renderSvg } from 'phaseless/plots';

export const cases: fc.Arbitrary<[ResistorSpec, Timing, number]> = fc.tuple(resistorSpecArb({ maxNodes: 6 }), timingArb(), fc.nat());
export const render: (spec: Parameters<typeof renderSvg>[0]) => Promise<string> = renderSvg;
