// Your own data (see README.md here): examples you measured or computed, written as a task CSV
// whose columns name the network's nodes, and a learning run that reads it. The same examples
// given inline in the spec give the same run, number for number. Prints one JSON line.
// In your project import from 'phaseless'; this file imports the sources so that the
// repository's tests can run it.
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { LearnRow, prepareLearn, readLearnSpec } from '../../src';

// The data: y = 0.3 x1 + 0.1 x2 on a grid, every fifth example held out for testing.
const grid = [-1, -0.5, 0.5, 1];
const rows = grid.flatMap((x1) => grid.map((x2) => ({ x1, x2, y: 0.3 * x1 + 0.1 * x2 })));
const split = (k: number) => (k % 5 === 2 ? 'test' : 'train');

// A task CSV: `in:<node>` per input, `out:<node>` per output (columns in any order), and an
// optional `split`. String(x) writes the shortest decimal that reads back as the same double.
const dir = mkdtempSync(join(tmpdir(), 'own-dataset-'));
const csv = join(dir, 'measurements.csv');
writeFileSync(csv, ['in:x1,in:x2,out:y,split', ...rows.map((r, k) => `${r.x1},${r.x2},${r.y},${split(k)}`)].join('\n') + '\n');

// A network of your own to learn it: sources x1, x2 each -1- a, a -1- y, a -1- ground, y -1- ground.
// Its inputs' v and outputs' target are placeholders: the task's examples replace them.
const network = {
  nodes: ['g', 'x1', 'x2', 'a', 'y'],
  edges: [{ a: 'x1', b: 'a', k: 1 }, { a: 'x2', b: 'a', k: 1 }, { a: 'a', b: 'g', k: 1 }, { a: 'a', b: 'y', k: 1 }, { a: 'y', b: 'g', k: 1 }],
  ground: 'g',
  inputs: [{ node: 'x1', v: 0 }, { node: 'x2', v: 0 }],
  outputs: [{ node: 'y', target: 0 }],
};
// Everything else is the default experiment's (TCL on the sawtooth), for a few epochs.
const learn = (task: unknown) => prepareLearn(readLearnSpec({ network, task, epochs: 4 })).run();

const fromFile = learn({ file: csv }); // a spec file would name it relative to itself
const inline = learn({
  examples: rows.filter((_, k) => split(k) === 'train').map((r) => ({ inputs: [r.x1, r.x2], targets: [r.y] })),
  test: rows.filter((_, k) => split(k) === 'test').map((r) => ({ inputs: [r.x1, r.x2], targets: [r.y] })),
});

const errors = (rs: LearnRow[]) => rs.map((r) => [r.trainError, r.testError]);
const sameRun = JSON.stringify([errors(fromFile.rows), fromFile.conductances]) === JSON.stringify([errors(inline.rows), inline.conductances]);
console.log(JSON.stringify({ csv, initialTestError: fromFile.initialTestError, finalTestError: fromFile.finalTestError, conductances: fromFile.conductances, sameRun }));
