import { ResponseSpec, defaultResponseSpec, placements, responseCurve } from '../experiments/response';
import { CliArgs, defineCommand } from './command-def';
import { Opts, flag, list, number, oneOf, toggle } from './flags';

const d = defaultResponseSpec;

const responseFlags = {
  tauF: flag('--tau-f <F>', 'rise time of the sawtooth, tau_f', number, d.tauF),
  tauS: flag('--tau-s <S>', 'fall time of the sawtooth, tau_s, longer than tau_f', number, d.tauS),
  theta: flag('--theta <T>', 'theta: the learning range is A_min = theta tau_f to A_max = theta tau_s', number, d.theta, '100/9'),
  kernelArea: flag('--kernel-area <I>', 'area I of the chemotaxis memory kernel', number, d.area),
  background: flag('--background <S0>', 'background signal s_bar', number, d.background),
  B: flag('--B <B>', 'kernel rate B (tau_K = 1/B)', number, d.B),
  dt: flag('--dt <DT>', 'integration step', number, d.dt),
  amplitudes: flag('--amplitudes <LIST>', 'comma-separated amplitudes A', list(number), d.amplitudes),
  placement: flag('--placement <P>', "where the sawtooth sits: centred on s_bar (s_bar +- A/2, the authors') or above it (s_bar to s_bar + A)", oneOf(placements), d.placement),
  json: toggle('--json', 'print {amplitudes, dwOverA} as one JSON line instead of the table'),
};

export const responseCli = defineCommand({
  name: 'response',
  summary: 'the single-synapse sawtooth response dw/A ([TCL])',
  about:
    'dw/A of one synapse per sawtooth amplitude A in the periodic steady state ([TCL]). ' +
    "The defaults are the paper's; ranges are checked with the others (tau-s longer than tau-f, dt at most a tenth of the period).",
  flags: responseFlags,
  examples: [
    ['phaseless response', "the paper's three regimes: no learning, dw ~ A, collapse"],
    ['phaseless response --tau-s 20 --amplitudes 10,50,200 --json', 'a longer fall time, three amplitudes, as JSON'],
    ['phaseless response --kernel-area 0.05 --background 25 --placement above', 'a kernel with area under a background, the sawtooth above s_bar'],
  ],
  run: responseCommand,
});

/**
 * `phaseless response`: the single-synapse sawtooth response of [TCL] ([TCL]).
 * dw/A per amplitude in the periodic steady state; defaults are the paper's.
 */
export function responseCommand(args: CliArgs<Opts<typeof responseFlags>>): void {
  const { kernelArea, json, ...o } = args.opts;
  const spec: ResponseSpec = { ...d, ...o, area: kernelArea };
  const curve = responseCurve(spec);
  if (json) {
    process.stdout.write(JSON.stringify(curve) + '\n');
    return;
  }
  process.stdout.write(
    `sawtooth response: tau_f ${spec.tauF}, tau_s ${spec.tauS}, theta ${spec.theta}, I ${spec.area}, ` +
      `s_bar ${spec.background} (sawtooth ${spec.placement === 'above' ? 'above it' : 'centred on it'}), B ${spec.B}, dt ${spec.dt}\n` +
      `learning range A_min = theta tau_f = ${(spec.theta * spec.tauF).toPrecision(4)}, A_max = theta tau_s = ${(spec.theta * spec.tauS).toPrecision(4)}\n` +
      `${'A'.padStart(10)} ${'dw/A'.padStart(10)}\n` +
      curve.amplitudes.map((a, i) => `${String(a).padStart(10)} ${curve.dwOverA[i].toFixed(4).padStart(10)}`).join('\n') +
      '\n',
  );
}
