import { existsSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { buildNetwork } from '../../src/experiments/network-source';
import { defaultLearnSpec } from '../../src/learning/learn-spec';
import { RandomSource } from '../../src/scheduler/random';
import { TeacherTaskOptions, teacherTask } from '../../src/tasks/teacher-task';
import { runCli, tempDir } from '../support/cli';

const tmp = tempDir('phaseless-task-');

/** metrics.ndjson without its wall-clock field. */
const metrics = (dir: string) => readFileSync(join(dir, 'metrics.ndjson'), 'utf8').replace(/"wallMs":[\d.]+/g, '');
/** result.json without its wall-clock field. */
const result = (dir: string) => {
  const r = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
  delete r.wallSeconds;
  return r;
};
const csvRows = (text: string) => text.trimEnd().split('\n').map((l) => l.split(','));

// The must-show: export the embedded default task, run from the CSV, the same run.
describe('a task exported to CSV and run from the file is the embedded task', () => {
  // The default spec (its network, teacher task, seed, rule and engine), only shorter.
  const short = { epochs: 2 };

  it('export-task writes the seeded teacher examples; run from the CSV gives identical metrics and result', async () => {
    const csv = join(tmp.path(), 'default-task.csv');
    const exported = await runCli(['export-task', '--out', csv]);
    expect(exported.err).toBe('');
    expect(exported.code).toBe(0);
    expect(exported.out).toBe(`wrote ${csv}: 10 train and 20 test examples, columns in:n1,in:n2,in:n3,out:n14,out:n15,split\n`);

    // Independently of the export's code path: the teacher task drawn from the default seed's streams.
    const random = new RandomSource(defaultLearnSpec.seed);
    const { net } = buildNetwork(defaultLearnSpec.network, random);
    const task = teacherTask(net, defaultLearnSpec.task as TeacherTaskOptions, { teacher: random.stream('teacher'), data: random.stream('data') });
    const rows = csvRows(readFileSync(csv, 'utf8'));
    expect(rows[0]).toEqual(['in:n1', 'in:n2', 'in:n3', 'out:n14', 'out:n15', 'split']);
    const expected = [...task.train.map((ex) => [...ex.x, ...ex.y, 'train']), ...task.test.map((ex) => [...ex.x, ...ex.y, 'test'])];
    // Number() of each cell is the very double the teacher made (the CSV loses no bits).
    expect(rows.slice(1).map((r) => [...r.slice(0, 5).map(Number), r[5]])).toEqual(expected);

    const embedded = join(tmp.path(), 'run-embedded');
    const fromFile = join(tmp.path(), 'run-file');
    const a = await runCli(['run', tmp.file('embedded.json', short), '--out', embedded]);
    // The path is relative to the spec file, whatever the working directory.
    const b = await runCli(['run', tmp.file('from-file.json', { ...short, task: { file: 'default-task.csv' } }), '--out', fromFile]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(b.err).toMatch(/10 train \/ 20 test examples/);
    expect(metrics(fromFile)).toBe(metrics(embedded));
    expect(metrics(embedded).trimEnd().split('\n')).toHaveLength(3);
    expect(result(fromFile)).toEqual(result(embedded));
    // The stored spec names the file by its absolute path, so --resume finds it from anywhere.
    expect(JSON.parse(readFileSync(join(fromFile, 'spec.json'), 'utf8')).task).toEqual({ file: csv });
  });

  it('columns are matched by name: a file with its columns permuted, and the same examples inline or in a JSON file, give the same run', async () => {
    const spec = { seed: 5, engine: 'lockstep', epochs: 2, network: { random: { n: 8, meanDegree: 3, kMin: 0.5, kMax: 2, inputs: 2, outputs: 1 } }, task: { train: 3, test: 4 } };
    const csv = join(tmp.path(), 'small-task.csv');
    expect((await runCli(['export-task', tmp.file('small.json', spec), '--out', csv])).code).toBe(0);
    const rows = csvRows(readFileSync(csv, 'utf8'));
    expect(rows[0]).toEqual(['in:n1', 'in:n2', 'out:n7', 'split']);
    // split first, the output before the inputs.
    const permuted = rows.map((r) => [r[3], r[2], r[1], r[0]].join(',')).join('\n') + '\n';
    writeFileSync(join(tmp.path(), 'permuted.csv'), permuted);
    const inline = (split: string) => rows.slice(1).filter((r) => r[3] === split).map((r) => ({ inputs: [Number(r[0]), Number(r[1])], targets: [Number(r[2])] }));
    writeFileSync(join(tmp.path(), 'small-task.json'), JSON.stringify({ examples: inline('train'), test: inline('test') }));
    const runs: string[] = [];
    for (const [name, task] of [
      ['teacher', spec.task],
      ['permuted', { file: 'permuted.csv' }],
      ['inline', { examples: inline('train'), test: inline('test') }],
      ['json-file', { file: 'small-task.json' }],
    ] as const) {
      const out = join(tmp.path(), `small-${name}`);
      const r = await runCli(['run', tmp.file(`small-${name}.json`, { ...spec, task }), '--out', out]);
      expect(r.code).toBe(0);
      runs.push(metrics(out));
    }
    expect(runs[1]).toBe(runs[0]);
    expect(runs[2]).toBe(runs[0]);
    expect(runs[3]).toBe(runs[0]);
  });

  it('without a given split, testFraction of the rows are held out by the seed, both sets in file order', async () => {
    const spec = { substrate: { kind: 'resistor', network: { random: { n: 8, meanDegree: 3, kMin: 0.5, kMax: 2, inputs: 2, outputs: 1 } } }, engine: 'lockstep', budget: { epochs: 1 } };
    // 10 distinct rows: input n1 is the row number, so each exported row says where it came from.
    const body = Array.from({ length: 10 }, (_, i) => `${i},0.5,${i / 10}`);
    writeFileSync(join(tmp.path(), 'unsplit.csv'), ['in:n1,in:n2,out:n7', ...body].join('\n') + '\n');
    const split = async (name: string, extra: object) => {
      const out = join(tmp.path(), `${name}.csv`);
      const r = await runCli(['export-task', tmp.file(`${name}.json`, { ...spec, ...extra, task: { file: 'unsplit.csv', ...(extra as { task?: object }).task } }), '--out', out]);
      expect(r.err).toBe('');
      const rows = csvRows(readFileSync(out, 'utf8')).slice(1);
      return { train: rows.filter((r) => r[3] === 'train').map((r) => Number(r[0])), test: rows.filter((r) => r[3] === 'test').map((r) => Number(r[0])) };
    };
    const s1 = await split('seed1', { seed: 1 });
    expect(s1.test).toHaveLength(2); // the default testFraction 0.2
    expect([...s1.train, ...s1.test].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(s1.train).toEqual([...s1.train].sort((a, b) => a - b));
    expect(await split('seed1-again', { seed: 1 })).toEqual(s1);
    const half = await split('half', { seed: 1, task: { testFraction: 0.5 } });
    expect(half.test).toHaveLength(5);
    // Another seed draws another split (these two seeds do; a collision would be a 1-in-45 chance).
    const others = await Promise.all([2, 3, 4].map((s) => split(`seed${s}`, { seed: s })));
    expect(others.some((o) => o.test.join() !== s1.test.join())).toBe(true);
  });

  it('a separate testFile holds the test examples', async () => {
    const head = 'in:n1,in:n2,out:n7';
    writeFileSync(join(tmp.path(), 'train.csv'), `${head}\n1,2,0.5\n3,4,0.25\n`);
    writeFileSync(join(tmp.path(), 'test.csv'), `${head}\n-1,0,0.125\n`);
    const out = join(tmp.path(), 'separate.csv');
    const spec = { engine: 'lockstep', network: { random: { n: 8, meanDegree: 3, kMin: 0.5, kMax: 2, inputs: 2, outputs: 1 } }, task: { file: 'train.csv', testFile: 'test.csv' } };
    expect((await runCli(['export-task', tmp.file('separate.json', spec), '--out', out])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('in:n1,in:n2,out:n7,split\n1,2,0.5,train\n3,4,0.25,train\n-1,0,0.125,test\n');
  });

  it('--resume reads the file again by its stored absolute path; a file changed since is refused by the replay check', async () => {
    const spec = { engine: 'lockstep', epochs: 4, network: { random: { n: 8, meanDegree: 3, kMin: 0.5, kMax: 2, inputs: 2, outputs: 1 } }, task: { file: 'resume.csv' } };
    const rows = ['in:n1,in:n2,out:n7,split', '1,0.5,0.3,train', '-1,0.25,-0.2,train', '0.5,-0.5,0.1,test'];
    writeFileSync(join(tmp.path(), 'resume.csv'), rows.join('\n') + '\n');
    const whole = join(tmp.path(), 'resume-whole');
    expect((await runCli(['run', tmp.file('resume.json', spec), '--out', whole])).code).toBe(0);
    // Cut a copy of the run after epoch 1, as an interrupted process leaves it.
    const cut = async (name: string) => {
      const out = join(tmp.path(), name);
      expect((await runCli(['run', tmp.file('resume.json', spec), '--out', out])).code).toBe(0);
      const lines = readFileSync(join(out, 'metrics.ndjson'), 'utf8').split('\n');
      writeFileSync(join(out, 'metrics.ndjson'), lines.slice(0, 2).join('\n') + '\n');
      rmSync(join(out, 'result.json'));
      writeFileSync(join(out, 'status.json'), JSON.stringify({ status: 'running', pid: 2 ** 22 + 1 }));
      return out;
    };
    const resumed = await cut('resume-cut');
    expect((await runCli(['run', '--resume', resumed])).code).toBe(0);
    expect(metrics(resumed)).toBe(metrics(whole));
    const changed = await cut('resume-changed');
    writeFileSync(join(tmp.path(), 'resume.csv'), [...rows.slice(0, 2), '-1,0.25,-0.25,train', rows[3]].join('\n') + '\n');
    const r = await runCli(['run', '--resume', changed]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\nphaseless: error: --resume: expected a run folder this code reproduces \(epoch 0: stored trainError /);
  });

  it('seeds and compare read the task file relative to the spec too', async () => {
    const spec = { engine: 'lockstep', epochs: 1, evalEvery: 1, task: { file: 'default-task-2.csv' } };
    expect((await runCli(['export-task', '--out', join(tmp.path(), 'default-task-2.csv')])).code).toBe(0);
    const seeds = await runCli(['seeds', tmp.file('seeds.json', spec), '--seeds', '1,2', '--workers', '1', '--out', join(tmp.path(), 'seeds')]);
    expect(seeds.err).not.toMatch(/phaseless: error/);
    expect(seeds.code).toBe(0);
    const compare = await runCli(['compare', tmp.file('compare.json', spec), '--out', join(tmp.path(), 'compare')]);
    expect(compare.err).not.toMatch(/phaseless: error/);
    expect(compare.code).toBe(0);
  });

  it('export-task never overwrites a file, and needs --out', async () => {
    const csv = tmp.file('exists.csv', 'mine\n');
    const r = await runCli(['export-task', '--out', csv]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`phaseless: error: --out: expected a file that does not exist yet (export-task does not overwrite), got ${JSON.stringify(csv)}\n`);
    expect(readFileSync(csv, 'utf8')).toBe('mine\n');
    const none = await runCli(['export-task']);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/^phaseless: error: --out: expected the CSV file to write/);
    expect((await runCli(['--help'])).out).toMatch(/export-task/);
  });

  it('a bad spec is refused before anything is written', async () => {
    const csv = join(tmp.path(), 'never.csv');
    const r = await runCli(['export-task', tmp.file('bad-task.json', { task: { train: 0 } }), '--out', csv]);
    expect(r.err).toBe('phaseless: error: task.train: expected an integer >= 1, got 0\n');
    expect(existsSync(csv)).toBe(false);
  });
});
