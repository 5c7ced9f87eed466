import { join } from 'path';
import { runCli, tempDir } from '../support/cli';

/** A tiny online EP run (784-4-10, 2 digits, 1 epoch): the rule and engine are what varies. */
const spec = (rule: object, engine: string) => ({
  name: 'tiny',
  seed: 1,
  substrate: { kind: 'hopfield', layers: [784, 4, 10] },
  task: { kind: 'mnist', train: 2, test: 2 },
  protocol: { kind: 'kind' in rule && rule.kind === 'tcl' ? 'sawtooth' : 'twoPhase', beta: 0.5 },
  rule,
  engine,
  timing: { eps: 0.5, freeSteps: 2, nudgedSteps: 2, ...(engine === 'event' ? { step: 0.01 } : {}) },
  budget: { epochs: 1, batch: engine === 'event' ? 1 : 2 },
});

const NOTE = /^phaseless ep: note: TCL does not learn online yet/m;

describe('phaseless ep: what it says before a TCL run online', () => {
  const dir = tempDir('phl-ep-note-');

  it.each([
    ['TCL online', { kind: 'tcl', lr: [0.01, 0.005] }, 'event', true],
    ['classic EP online', { kind: 'classic', lr: [0.01, 0.005] }, 'event', false],
    ['TCL in batches', { kind: 'tcl', lr: [0.01, 0.005] }, 'quasi-static', false],
  ])('%s: the note that it does not learn online yet, before the first epoch, only for TCL online', async (name, rule, engine, noted) => {
    const file = dir.file(`${name.replace(/ /g, '-')}.json`, spec(rule, engine));
    const r = await runCli(['ep', file, '--out', join(dir.path(), name.replace(/ /g, '-'))]);
    expect(r.code).toBe(0);
    expect(NOTE.test(r.err)).toBe(noted);
    if (noted) expect(r.err.indexOf('note: TCL')).toBeLessThan(r.err.indexOf('epoch 1/1'));
  });
});
