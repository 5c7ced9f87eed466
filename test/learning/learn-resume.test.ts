import { readLearnSpec } from '../../src';
import { LearnResult, LearnState, prepareLearn } from '../../src/learning/learn';

/**
 * A learning run continued from the state it handed out after an evaluation (through JSON, as a
 * checkpoint file carries it) ends as the uninterrupted run does, bit for bit apart from wall
 * time, on every engine: the engine snapshot covers the clock passed in (with its substream),
 * and the run keeps its own loop state (epoch, rows, presented count, the drives' last values).
 */
const small = { epochs: 4, evalEvery: 1, task: { train: 3, test: 4 }, cyclesPerExample: 1, allowTimescaleOverlap: true };
const asyncTiming = { tau: 0.005, nodePeriod: 0.01, synapsePeriod: 0.02, rateSpread: 2, jitter: 0.3 };
const cases: [string, object][] = [
  ['lockstep, TCL on a sawtooth', { ...small, engine: 'lockstep' }],
  ['lockstep, phase-signed on stochastic phases (the clock draws)', { ...small, engine: 'lockstep', protocol: { kind: 'stochasticPhases', b: 0.5, beta: 1, length: { geometric: 1, step: 0.25 } }, rule: { kind: 'phaseSigned', b: 0.5, lr: 0.05 } }],
  ['reactive, asynchronous, delayed endpoint and clock views', { ...small, engine: 'reactive', timing: asyncTiming, endpointView: { randomDelay: { min: 0, max: 0.01 }, drop: 0.1 }, clockView: { delay: 0.003 } }],
  ['event, asynchronous, stochastic phases, faults', { ...small, engine: 'event', timing: asyncTiming, endpointView: { randomDelay: { min: 0, max: 0.01 } }, protocol: { kind: 'stochasticPhases', b: 0.5, beta: 1, length: { geometric: 1, step: 0.25 } }, rule: { kind: 'phaseSigned', b: 0.5, lr: 0.05 }, faults: { drop: 0.1 } }],
];

const noWall = (r: LearnResult) => {
  const { wallSeconds: _w, rows, ...rest } = r;
  return { ...rest, rows: rows.map(({ wallMs: _m, ...row }) => row) };
};

describe('learning run: continue from a state', () => {
  it.each(cases)('%s', (_name, raw) => {
    const spec = readLearnSpec(raw);
    const states: LearnState[] = [];
    const whole = prepareLearn(spec).run(undefined, { onState: (s) => states.push(JSON.parse(JSON.stringify(s)) as LearnState) });
    // A state after every evaluation but the last.
    expect(states.map((s) => s.epoch)).toEqual([1, 2, 3]);
    for (const from of states) {
      let ran = 0;
      const seen: number[] = [];
      const resumed = prepareLearn(spec).run((row) => seen.push(row.epoch), { from, onEnd: (r) => (ran = r.events) });
      expect(noWall(resumed)).toEqual(noWall(whole));
      // Only the remaining epochs were simulated, and only their rows reported.
      expect(seen).toEqual([2, 3, 4].filter((e) => e > from.epoch));
      expect(ran).toBe(whole.events - whole.rows[from.epoch].events);
    }
  });
});
