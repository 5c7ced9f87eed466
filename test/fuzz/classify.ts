/**
 * What one fuzz case came to, judged by the CLI's contract (issue 11, design rule 5): a clean
 * refusal (exit 2, one `phaseless: error: <field>: expected ...` line, nothing written), a run
 * with finite results (exit 0), a divergence (exit 3 with its line), or a failure: a stack
 * trace, a hang, a broken contract, or bad input accepted.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'fs';
import { join } from 'path';
import { CliOutcome } from '../support/cli-pool';

export type Verdict = 'refused' | 'ran' | 'diverged' | 'stackTrace' | 'hang' | 'contract' | 'wrongAccepted';
export const failures: readonly Verdict[] = ['stackTrace', 'hang', 'contract', 'wrongAccepted'];

const TRACE = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;
const ERROR_LINE = /^phaseless: error: \S.*: expected .+$/;

/** Keys the mutator adds (spec-mutator.ts 'unknownField') still present in the spec. */
function extraKeys(v: unknown, path = ''): string[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => extraKeys(x, `${path}[${i}]`));
  if (v === null || typeof v !== 'object') return [];
  return Object.entries(v).flatMap(([k, x]) => [...(k.startsWith('fuzzExtra') ? [`${path}${path ? '.' : ''}${k}`] : []), ...extraKeys(x, `${path}${path ? '.' : ''}${k}`)]);
}

/**
 * Nulls in the spec (the corpus has none: the mutator put them there). The readers' rule is
 * that null is not "the default" (leave the field out for that): a spec with a null that runs
 * took it silently for something.
 */
function nullPaths(v: unknown, path = ''): string[] {
  if (v === null) return [path || '(root)'];
  if (Array.isArray(v)) return v.flatMap((x, i) => nullPaths(x, `${path}[${i}]`));
  if (typeof v !== 'object') return [];
  return Object.entries(v as object).flatMap(([k, x]) => nullPaths(x, `${path}${path ? '.' : ''}${k}`));
}

/** Every number in the JSON and NDJSON files a run wrote; JSON writes NaN and infinities as null. */
function nonFinite(dir: string): string[] {
  const bad: string[] = [];
  const walk = (v: unknown, where: string) => {
    if (v === null) bad.push(`${where}: null`);
    else if (typeof v === 'number' && !Number.isFinite(v)) bad.push(`${where}: ${v}`);
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${where}[${i}]`));
    else if (typeof v === 'object') for (const [k, x] of Object.entries(v as object)) walk(x, `${where}.${k}`);
  };
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) bad.push(...nonFinite(p));
    else if (f.endsWith('.ndjson')) readFileSync(p, 'utf8').split('\n').filter(Boolean).forEach((l, i) => walk(JSON.parse(l), `${f}:${i + 1}`));
    // spec.json is the input, echoed: its nulls are not results.
    else if (f.endsWith('.json') && f !== 'spec.json' && f !== 'sweep.json') walk(JSON.parse(readFileSync(p, 'utf8')), f);
  }
  return bad;
}

export interface Judgement {
  verdict: Verdict;
  why: string;
}

/**
 * `caseDir` holds spec.json and is the command's working folder; `writes` says whether the
 * command writes an output folder (./out).
 */
export function judge(o: CliOutcome, caseDir: string, spec: unknown, writes: boolean): Judgement {
  if (o.timedOut) return { verdict: 'hang', why: `no answer in the time limit` };
  if (o.crash) return { verdict: 'stackTrace', why: o.crash };
  if (TRACE.test(o.err) || TRACE.test(o.out)) return { verdict: 'stackTrace', why: 'a stack trace in the output' };
  const stray = readdirSync(caseDir).filter((f) => f !== 'spec.json' && f !== 'out');
  if (stray.length > 0) return { verdict: 'contract', why: `wrote outside --out: ${stray.join(', ')}` };
  const out = join(caseDir, 'out');
  if (o.code === 2) {
    const lines = o.err.trimEnd().split('\n');
    const last = lines[lines.length - 1];
    if (!ERROR_LINE.test(last)) return { verdict: 'contract', why: `exit 2 without a 'phaseless: error: <field>: expected ...' line last` };
    const others = lines.slice(0, -1).filter((l) => !l.startsWith('phaseless: notice: '));
    if (others.length > 0) return { verdict: 'contract', why: `exit 2 with more than the error line on stderr: ${others[0]}` };
    if (existsSync(out)) return { verdict: 'contract', why: 'exit 2 but the output folder was created' };
    return { verdict: 'refused', why: last };
  }
  if (o.code === 3) {
    if (!o.err.split('\n').some((l) => l.startsWith('phaseless: diverged: '))) return { verdict: 'contract', why: "exit 3 without a 'phaseless: diverged:' line" };
    return { verdict: 'diverged', why: '' };
  }
  if (o.code !== 0) return { verdict: 'contract', why: `exit code ${o.code}` };
  if (/\b(NaN|-?Infinity)\b/.test(o.out)) return { verdict: 'wrongAccepted', why: 'exit 0 with NaN or Infinity in the report' };
  if (writes) {
    if (!existsSync(out)) return { verdict: 'contract', why: 'exit 0 but no output folder' };
    const bad = nonFinite(out);
    if (bad.length > 0) return { verdict: 'wrongAccepted', why: `exit 0 with non-finite results: ${bad.slice(0, 3).join('; ')}` };
  }
  const extra = extraKeys(spec);
  if (extra.length > 0) return { verdict: 'wrongAccepted', why: `an unknown field was accepted: ${extra.join(', ')}` };
  const nulls = nullPaths(spec);
  if (nulls.length > 0) return { verdict: 'wrongAccepted', why: `a null was accepted: ${nulls.join(', ')}` };
  return { verdict: 'ran', why: '' };
}
