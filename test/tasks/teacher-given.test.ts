import { writeFileSync } from 'fs';
import { join } from 'path';
import { prepareLearn } from '../../src/learning/learn';
import { readLearnSpec } from '../../src/learning/learn-spec';
import { runCli, tempDir } from '../support/cli';
import { fourNodeNetwork } from '../support/four-node-network';

const tmp = tempDir('phaseless-teacher-');

describe("a teacher's conductances given by the user", () => {
  it('labels the examples with those conductances (closed form on the four-node network)', () => {
    // Edges g-a 1, in-a 2, a-out 1, out-g 1: node a: V_a + 2 (V_a - x) + (V_a - V_out) = 0 and
    // node out: (V_out - V_a) + V_out = 0, so V_out = V_a / 2 = 2x / 7.
    const job = prepareLearn(readLearnSpec({ substrate: { kind: 'resistor', network: fourNodeNetwork }, task: { train: 5, test: 3, teacher: [1, 2, 1, 1] }, allowTimescaleOverlap: true }));
    for (const ex of [...job.task.train, ...job.task.test]) expect(ex.y[0]).toBeCloseTo((2 * ex.x[0]) / 7, 12);
  });

  it('from a file: the default task with its drawn teacher written out is the same task', () => {
    const drawn = prepareLearn(readLearnSpec(undefined));
    const file = join(tmp.path(), 'teacher.json');
    writeFileSync(file, JSON.stringify(Array.from(drawn.task.teacherK!)));
    const given = prepareLearn(readLearnSpec({ substrate: { kind: 'resistor' }, task: { train: 10, test: 20, teacher: { file } } }));
    expect(given.task.train).toEqual(drawn.task.train);
    expect(given.task.test).toEqual(drawn.task.test);
  });

  it.each([
    ['too few conductances', { teacher: [1, 2] }, /^phaseless: error: task\.teacher: expected 32 conductances \(one per edge of the network, in its edge order\), got "2 conductances"/],
    ['a conductance <= 0', { teacher: [1, 0] }, /^phaseless: error: task\.teacher\[1\]: expected a finite number > 0, got 0/],
    ['a missing file', { teacher: { file: 'nowhere.json' } }, /^phaseless: error: task\.teacher\.file: expected a readable JSON file \(relative to the spec file; ENOENT\)/],
    ['a file of something else', { teacher: { file: 'bad.json' } }, /^phaseless: error: task\.teacher\.file \(.*bad\.json\): expected the teacher's conductances: an array/],
  ])('refuses %s before any work, naming the field', async (name, task, message) => {
    writeFileSync(join(tmp.path(), 'bad.json'), JSON.stringify({ k: 1 }));
    const out = join(tmp.path(), `out-${name.replace(/\W/g, '')}`);
    const r = await runCli(['run', tmp.file(`${name.replace(/\W/g, '')}.json`, { substrate: { kind: 'resistor' }, task }), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});
