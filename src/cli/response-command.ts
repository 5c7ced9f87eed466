import { SpecError } from '../errors';
import { ResponseSpec, defaultResponseSpec, responseCurve } from '../experiments/response';
import { ParsedArgs, checkFlags, numberFlag, stringFlag } from './args';

const flags: [string, keyof ResponseSpec][] = [
  ['tau-f', 'tauF'],
  ['tau-s', 'tauS'],
  ['theta', 'theta'],
  ['kernel-area', 'area'],
  ['background', 'background'],
  ['B', 'B'],
  ['dt', 'dt'],
];

/**
 * `phaseless response ...`: the single-synapse sawtooth response of [TCL] (papers.md section 3).
 * dw/A per amplitude in the periodic steady state; defaults are the paper's.
 */
export function responseCommand(args: ParsedArgs): void {
  checkFlags(args, [...flags.map((f) => f[0]), 'amplitudes', 'json'], 'response');
  if (args.positional.length > 0) throw new SpecError('response', 'options only (no positional arguments)', args.positional);
  const spec: ResponseSpec = { ...defaultResponseSpec };
  for (const [flag, key] of flags) {
    const v = numberFlag(args, flag);
    if (v !== undefined) (spec[key] as number) = v;
  }
  const amps = stringFlag(args, 'amplitudes');
  if (amps !== undefined) {
    spec.amplitudes = amps.split(',').map((a, i) => {
      const x = Number(a);
      if (a.trim() === '' || !Number.isFinite(x)) throw new SpecError(`--amplitudes[${i}]`, 'a number', a);
      return x;
    });
  }
  const curve = responseCurve(spec);
  if (args.flags.get('json') === true) {
    process.stdout.write(JSON.stringify(curve) + '\n');
    return;
  }
  process.stdout.write(
    `sawtooth response: tau_f ${spec.tauF}, tau_s ${spec.tauS}, theta ${spec.theta}, I ${spec.area}, ` +
      `s_bar ${spec.background}, B ${spec.B}, dt ${spec.dt}\n` +
      `learning range A_min = theta tau_f = ${(spec.theta * spec.tauF).toPrecision(4)}, A_max = theta tau_s = ${(spec.theta * spec.tauS).toPrecision(4)}\n` +
      `${'A'.padStart(10)} ${'dw/A'.padStart(10)}\n` +
      curve.amplitudes.map((a, i) => `${String(a).padStart(10)} ${curve.dwOverA[i].toFixed(4).padStart(10)}`).join('\n') +
      '\n',
  );
}
