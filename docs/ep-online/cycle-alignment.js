// Online TCL's update against classic EP's online update from the same weights (784-32-10,
// synchronous clocks, rates 1e-4 of the batch rates so the weights barely move), as cosines and
// norm ratios per weight layer (docs/ep-mnist.md, "Online on the event engine").
//   node docs/ep-online/cycle-alignment.js same|switch|cumulative   (after npm run build)
// same: one digit shown cycle after cycle (no digit switch), cycle 3 of digits 0-3;
// switch: the training digits in order, cycle by cycle; cumulative: the same, the changes summed
// over 60 cycles (printed every 10).
// TH=10 multiplies the TCL thresholds of 784-500-10; REPEAT=4 shows each digit for 4 cycles
// (then each line compares 4 TCL cycles with one classic cycle).
const D = require('path').join(__dirname, '../../dist');
const { readEpSpec } = require(D + '/experiments/ep/ep-spec');
const { onlineProtocol, onlineRule } = require(D + '/experiments/ep/ep-online');
const { hopfieldNetwork } = require(D + '/engines/networks/hopfield-network');
const { initNetwork } = require(D + '/substrates/hopfield/layered-network');
const { RandomSource } = require(D + '/scheduler/random');
const { VirtualScheduler } = require(D + '/scheduler/virtual-scheduler');
const { loadDigits, splitDigits, gather } = require(D + '/datasets/mnist-digits');
const mode = process.argv[2] ?? 'same';
const lrScale = 1e-4;
const TH = Number(process.env.TH ?? 1);
const base = (rule) => ({
  name: 'diag', seed: 1, substrate: { kind: 'hopfield', layers: [784, 32, 10] }, task: { kind: 'mnist', train: 100, test: 100 },
  protocol: rule === 'tcl' ? { kind: 'sawtooth', beta: 0.5, period: 2, rise: 0.1, levels: 9 } : { kind: 'twoPhase', beta: 0.5 },
  rule: rule === 'tcl' ? { kind: 'tcl', thresholds: { weights: [0.002 * TH, 0.015 * TH], biases: [0.003 * TH, 0.04 * TH] }, lr: [0.1 * lrScale, 0.05 * lrScale] } : { kind: 'classic', lr: [0.1 * lrScale, 0.05 * lrScale] },
  engine: 'event', timing: { eps: 0.5, freeSteps: 20, nudgedSteps: 4, step: 0.01 }, budget: { epochs: 1, batch: 1 },
});
const d = loadDigits();
const split = splitDigits(d.count, 100, 100, 1);
const all = gather(d, split.train);
const init = initNetwork([784, 32, 10], new RandomSource(1).stream('init'));
function cycleUpdates(rule, cycles, digitAt) {
  const spec = readEpSpec(base(rule));
  const p = onlineProtocol(spec);
  const sched = new VirtualScheduler();
  const ex = digitAt === undefined ? { images: all.images, labels: all.labels, count: 100 } : { images: all.images.slice(784 * digitAt, 784 * (digitAt + 1)), labels: all.labels.slice(digitAt, digitAt + 1), count: 1 };
  const R = rule === 'tcl' ? Number(process.env.REPEAT ?? 1) : 1;
  const net = hopfieldNetwork(init, { scheduler: sched, random: new RandomSource(1), engine: 'event', protocol: p.protocol, exampleOf: (sig) => Math.floor(p.exampleOf(sig) / R), examples: ex, eps: spec.eps, sign: 1, rule: onlineRule(spec), step: spec.timing.step, rateSpread: 1, jitter: 0 });
  const cyc = p.steps * spec.timing.step;
  const W = () => net.network().weights.map((w) => Float64Array.from(w));
  const out = [];
  let prev = W();
  for (let c = 0; c < cycles; c++) {
    sched.runUntil((c + 1) * cyc * R);
    const now = W();
    out.push(now.map((w, l) => w.map((x, k) => x - prev[l][k])));
    prev = now;
  }
  net.stop();
  return out;
}
const norm = (v) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const cos = (a, b) => a.reduce((s, x, k) => s + x * b[k], 0) / (norm(a) * norm(b));
if (mode === 'cumulative') {
  const N = 60;
  const t = cycleUpdates('tcl', N), c = cycleUpdates('classic', N);
  const ct = t[0].map((w) => new Float64Array(w.length)), cc = c[0].map((w) => new Float64Array(w.length));
  for (let k = 0; k < N; k++) {
    for (let l = 0; l < 2; l++) for (let q = 0; q < ct[l].length; q++) { ct[l][q] += t[k][l][q]; cc[l][q] += c[k][l][q]; }
    if ((k + 1) % 10 === 0) console.log(`after ${k + 1} cycles: cos(tcl, classic) W1 ${cos(ct[0], cc[0]).toFixed(3)} W2 ${cos(ct[1], cc[1]).toFixed(3)}; norms tcl ${norm(ct[0]).toExponential(2)}/${norm(ct[1]).toExponential(2)} classic ${norm(cc[0]).toExponential(2)}/${norm(cc[1]).toExponential(2)}`);
  }
} else if (mode === 'same') {
  for (const digit of [0, 1, 2, 3]) {
    const t = cycleUpdates('tcl', 4, digit), c = cycleUpdates('classic', 4, digit);
    console.log(`digit ${digit} (label ${all.labels[digit]}): cycle 3: cos(tcl, classic) W1 ${cos(t[3][0], c[3][0]).toFixed(3)} W2 ${cos(t[3][1], c[3][1]).toFixed(3)}; |tcl|/|classic| W1 ${(norm(t[3][0]) / norm(c[3][0])).toFixed(3)} W2 ${(norm(t[3][1]) / norm(c[3][1])).toFixed(3)}`);
  }
} else {
  const t = cycleUpdates('tcl', 8), c = cycleUpdates('classic', 8);
  for (let k = 0; k < 8; k++) console.log(`cycle ${k} (label ${all.labels[k]}): cos(tcl, classic) W1 ${cos(t[k][0], c[k][0]).toFixed(3)} W2 ${cos(t[k][1], c[k][1]).toFixed(3)}; |tcl|/|classic| W1 ${(norm(t[k][0]) / norm(c[k][0])).toFixed(2)} W2 ${(norm(t[k][1]) / norm(c[k][1])).toFixed(2)}`);
}
