// A CommonJS user: the engine, the arbitraries with the user's own (CommonJS) fast-check, and
// plots, whose vega is loaded on the first render and not before. Prints one JSON line.
const fc = require('fast-check');
const { RandomSource, VirtualScheduler, readResistorSpec, resistorAgents, solveKirchhoff } = require('phaseless');
const { resistorSpecArb, timingArb } = require('phaseless/arbitraries');
const { renderSvg } = require('phaseless/plots');

const vegaLoaded = () => Object.keys(require.cache).some((k) => /node_modules[\\/]vega[\\/]/.test(k));
let worst = 0;
fc.assert(
  fc.property(resistorSpecArb({ minNodes: 4, maxNodes: 6, kMin: 0.5, kMax: 2 }), timingArb({ tauMax: 0.1 }), fc.nat(1000), (raw, timing, seed) => {
    const net = readResistorSpec(raw);
    const scheduler = new VirtualScheduler();
    const agents = resistorAgents(net, { scheduler, random: new RandomSource(seed), timing });
    scheduler.runUntil(60);
    const v = agents.voltages();
    agents.stop();
    const exact = solveKirchhoff(net);
    v.forEach((x, i) => (worst = Math.max(worst, Math.abs(x - exact[i]))));
  }),
  { numRuns: 5, seed: 1 },
);
const before = vegaLoaded();
renderSvg({ data: { values: [{ x: 1, y: 2 }] }, mark: 'point', encoding: { x: { field: 'x', type: 'quantitative' } } }).then((svg) => {
  console.log(JSON.stringify({ worst, vegaBefore: before, vegaAfter: vegaLoaded(), svg: svg.slice(0, 4) }));
});
