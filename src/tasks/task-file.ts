import { readFileSync, statSync } from 'fs';
import { SpecError } from '../errors';
import { ResistorNetwork } from '../substrates/resistor/resistor-spec';
import { Rng } from '../scheduler/random';
import { inRange, isRecord, knownKeys } from '../validate';
import { CSV_LIMITS, CsvTable, csvNumber, parseCsv } from './csv';
import { Example } from './teacher-task';

/** One example as a user writes it in JSON: inputs in the network's input order, targets in its output order. */
export interface ExampleSpec {
  inputs: number[];
  targets: number[];
}

/**
 * A task from the user's data: a CSV file (`file`, optionally `testFile`), a JSON file (`file`
 * ending in .json, holding {examples, test?}) or inline examples (`examples`, optionally `test`). Without a given split (a `split` column, `testFile` or `test`),
 * `testFraction` of the examples are held out for testing, chosen from the spec's seed.
 */
export interface DataTaskSpec {
  file?: string;
  testFile?: string;
  examples?: ExampleSpec[];
  test?: ExampleSpec[];
  testFraction?: number;
}

/** The share of examples held out when the data does not say which are test examples. */
export const DEFAULT_TEST_FRACTION = 0.2;

/** Largest task file read: checked from the file's size before it is read. */
export const MAX_TASK_FILE_BYTES = 64 * 1024 * 1024;

/** The column of a task CSV that holds a network input (voltage source) node's values: `in:<node>`. */
export const inColumn = (id: string) => `in:${id}`;
/** The column of a task CSV that holds a network output node's targets: `out:<node>`. */
export const outColumn = (id: string) => `out:${id}`;
/** The optional column of a task CSV that says which set a row is in: `train` or `test`. */
export const SPLIT_COLUMN = 'split';

const dataKeys = ['file', 'testFile', 'examples', 'test', 'testFraction'];

/** A task section that is user data rather than a teacher's options. */
export function isDataTask(v: unknown): v is DataTaskSpec {
  return isRecord(v) && ('file' in v || 'examples' in v);
}

/** Checks a data task's fields (shape and sizes; the files are read when the run is prepared). */
export function readDataTaskSpec(v: Record<string, unknown>, field = 'task'): DataTaskSpec {
  knownKeys(field, v, dataKeys);
  if ('file' in v && 'examples' in v) throw new SpecError(field, 'either file or examples, not both', Object.keys(v));
  if ('file' in v) {
    path(`${field}.file`, v.file);
    if ('test' in v) throw new SpecError(`${field}.test`, 'not given with file (use testFile, or a split column)', v.test);
    if (v.testFile !== undefined) path(`${field}.testFile`, v.testFile);
    if (v.testFile !== undefined && /\.json$/i.test(v.file as string)) {
      throw new SpecError(`${field}.testFile`, 'not given with a JSON task file (its "test" holds the test examples)', v.testFile);
    }
  } else {
    if ('testFile' in v) throw new SpecError(`${field}.testFile`, 'not given with examples (use test)', v.testFile);
    checkExamples(`${field}.examples`, v.examples);
    if (v.test !== undefined) checkExamples(`${field}.test`, v.test);
  }
  if (v.testFraction !== undefined) {
    if (v.testFile !== undefined || v.test !== undefined) throw new SpecError(`${field}.testFraction`, 'not given with a separate test set', v.testFraction);
    inRange(`${field}.testFraction`, v.testFraction, 0, 1, true);
    if (v.testFraction === 0) throw new SpecError(`${field}.testFraction`, 'a number in (0, 1)', 0);
  }
  return v as DataTaskSpec;
}

function path(field: string, v: unknown): string {
  if (typeof v !== 'string' || v === '') throw new SpecError(field, 'a path to a CSV file (relative to the spec file)', v);
  return v;
}

function checkExamples(field: string, v: unknown): void {
  if (!Array.isArray(v) || v.length === 0) throw new SpecError(field, 'a non-empty array of {inputs: [...], targets: [...]}', v);
  if (v.length > CSV_LIMITS.rows) throw new SpecError(field, `at most ${CSV_LIMITS.rows} examples`, v.length);
  v.forEach((ex, i) => {
    const f = `${field}[${i}]`;
    if (!isRecord(ex)) throw new SpecError(f, 'an example {inputs: [...], targets: [...]}', ex);
    knownKeys(f, ex, ['inputs', 'targets']);
    for (const key of ['inputs', 'targets'] as const) {
      const a = ex[key];
      if (!Array.isArray(a) || a.length === 0 || a.length > CSV_LIMITS.columns) throw new SpecError(`${f}.${key}`, `an array of 1 to ${CSV_LIMITS.columns} numbers`, a);
      a.forEach((x, j) => {
        if (typeof x !== 'number' || !Number.isFinite(x)) throw new SpecError(`${f}.${key}[${j}]`, 'a finite number', x);
      });
    }
  });
}

/**
 * A data task read from its files (or the spec), sizes checked, not yet matched to a network:
 * the learning run counts its examples (budget) before the network is built.
 */
export interface DataTaskTable {
  /** Examples by set when the data says which set each belongs to, else all of them in `pool`. */
  train: RawExample[];
  test: RawExample[];
  pool: RawExample[];
  testFraction: number;
  /** How the columns are named (CSV) or that the arrays are in network order (inline). */
  columns: ColumnMap;
}

/** One example's numbers and where it came from, for errors found when matching the network. */
interface RawExample {
  /** Inputs then targets: in the file's column order (CSV), or in the network's order (inline). */
  values: Float64Array;
  where: string;
  /** How many of the values are inputs (inline examples, whose lengths are checked against the network). */
  inputs?: number;
}

type ColumnMap = { kind: 'csv'; header: string[]; where: string } | { kind: 'inline' };

/** Reads a data task's files (or its inline examples) and checks their sizes and cells. */
export function loadDataTask(spec: DataTaskSpec, field = 'task'): DataTaskTable {
  const testFraction = spec.testFraction ?? DEFAULT_TEST_FRACTION;
  if (spec.examples) return inlineTable(spec.examples, spec.test, testFraction, field);
  if (/\.json$/i.test(spec.file!)) return jsonFileTable(spec, testFraction, field);
  const main = readCsvFile(`${field}.file`, spec.file!);
  if (spec.testFile !== undefined) {
    const test = readCsvFile(`${field}.testFile`, spec.testFile);
    if (main.text || test.text) throw new SpecError(`${main.text ? `${field}.file` : `${field}.testFile`} (${main.text ? spec.file : spec.testFile})`, `no ${SPLIT_COLUMN} column with a separate testFile`);
    if (test.header.join(',') !== main.header.join(',')) {
      throw new SpecError(`${field}.testFile (${spec.testFile}) header`, `the columns of ${field}.file, in its order (${main.header.join(',')})`, test.header.join(','));
    }
    return { train: rows(main, `${field}.file (${spec.file})`), test: rows(test, `${field}.testFile (${spec.testFile})`), pool: [], testFraction, columns: { kind: 'csv', header: main.header, where: `${field}.file (${spec.file})` } };
  }
  const where = `${field}.file (${spec.file})`;
  const all = rows(main, where);
  const columns: ColumnMap = { kind: 'csv', header: main.header, where };
  if (!main.text) return { train: [], test: [], pool: all, testFraction, columns };
  if (spec.testFraction !== undefined) throw new SpecError(`${field}.testFraction`, `not given with a ${SPLIT_COLUMN} column in ${field}.file`, spec.testFraction);
  const train: RawExample[] = [];
  const test: RawExample[] = [];
  const c = main.header.indexOf(SPLIT_COLUMN) + 1;
  main.text.forEach((s, r) => {
    if (s !== 'train' && s !== 'test') throw new SpecError(`${where} line ${main.lines[r]} column ${c} "${SPLIT_COLUMN}"`, 'train or test', s);
    (s === 'train' ? train : test).push(all[r]);
  });
  if (train.length === 0 || test.length === 0) throw new SpecError(`${where} column "${SPLIT_COLUMN}"`, 'at least one train and one test row', `${train.length} train, ${test.length} test`);
  return { train, test, pool: [], testFraction, columns };
}

function inlineTable(examples: ExampleSpec[], test: ExampleSpec[] | undefined, testFraction: number, field: string): DataTaskTable {
  const raw = (list: ExampleSpec[], f: string): RawExample[] =>
    list.map((ex, i) => ({ values: Float64Array.from([...ex.inputs, ...ex.targets]), where: `${f}[${i}]`, inputs: ex.inputs.length }));
  const train = raw(examples, `${field}.examples`);
  return test ? { train, test: raw(test, `${field}.test`), pool: [], testFraction, columns: { kind: 'inline' } } : { train: [], test: [], pool: train, testFraction, columns: { kind: 'inline' } };
}

/** A `.json` task file holds what an inline task does: {examples: [...], test?: [...]}. */
function jsonFileTable(spec: DataTaskSpec, testFraction: number, field: string): DataTaskTable {
  const where = `${field}.file (${spec.file})`;
  let v: unknown;
  try {
    v = JSON.parse(readTaskText(`${field}.file`, spec.file!, 'JSON'));
  } catch (e) {
    if (e instanceof SpecError) throw e;
    throw new SpecError(where, `valid JSON (${(e as Error).message})`);
  }
  if (!isRecord(v)) throw new SpecError(where, 'an object {examples: [...], test?: [...]}', v);
  knownKeys(where, v, ['examples', 'test']);
  checkExamples(`${where}.examples`, v.examples);
  if (v.test !== undefined) {
    if (spec.testFraction !== undefined) throw new SpecError(`${field}.testFraction`, `not given with a test set in ${field}.file`, spec.testFraction);
    checkExamples(`${where}.test`, v.test);
  }
  return inlineTable(v.examples as ExampleSpec[], v.test as ExampleSpec[] | undefined, testFraction, where);
}

function readCsvFile(field: string, file: string): CsvTable {
  return parseCsv(readTaskText(field, file, 'CSV'), `${field} (${file})`, SPLIT_COLUMN);
}

/** A task file's text, once it is known to be a file no larger than MAX_TASK_FILE_BYTES (from its size: before reading it). */
function readTaskText(field: string, file: string, kind: string): string {
  const where = `${field} (${file})`;
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    throw new SpecError(field, `a readable ${kind} file (relative to the spec file)`, file);
  }
  if (size > MAX_TASK_FILE_BYTES) throw new SpecError(where, `a file of at most ${MAX_TASK_FILE_BYTES / 1024 / 1024} MB`, `${(size / 1024 / 1024).toFixed(1)} MB`);
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    // A file that can be seen but not read (permissions): still the user's error, not a crash.
    throw new SpecError(field, `a readable ${kind} file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, file);
  }
}

function rows(t: CsvTable, where: string): RawExample[] {
  const keep = t.header.map((_, c) => c).filter((c) => t.header[c] !== SPLIT_COLUMN);
  return t.rows.map((row, r) => ({ values: Float64Array.from(keep, (c) => row[c]), where: `${where} line ${t.lines[r]}` }));
}

/** How many train and test examples a loaded data task has (the seeded split's sizes when it is drawn). */
export function dataTaskCounts(t: DataTaskTable): { train: number; test: number } {
  if (t.pool.length === 0) return { train: t.train.length, test: t.test.length };
  const test = splitSize(t.pool.length, t.testFraction);
  return { train: t.pool.length - test, test };
}

function splitSize(n: number, fraction: number): number {
  return Math.min(n - 1, Math.max(1, Math.round(n * fraction)));
}

/**
 * Matches a loaded task to the network (columns or array lengths against its inputs and outputs)
 * and, when the data gives no split, holds out a seeded testFraction (`split` is only drawn from then).
 */
export function bindDataTask(t: DataTaskTable, net: ResistorNetwork, split: Rng, field = 'task'): { train: Example[]; test: Example[] } {
  const nIn = net.sources.length;
  const nOut = net.outputs.length;
  if (nIn === 0) throw new SpecError('network.inputs', 'at least one input (voltage source)', 0);
  if (nOut === 0) throw new SpecError('network.outputs', 'at least one output node', 0);
  let order: number[];
  if (t.columns.kind === 'csv') {
    const { header, where } = t.columns;
    const names = header.filter((h) => h !== SPLIT_COLUMN);
    const wanted = [...Array.from(net.sources, (i) => inColumn(net.ids[i])), ...Array.from(net.outputs, (i) => outColumn(net.ids[i]))];
    names.forEach((name) => {
      if (!wanted.includes(name)) {
        throw new SpecError(`${where} header column ${header.indexOf(name) + 1}`, `one of the network's columns ${wanted.join(', ')} or ${SPLIT_COLUMN}`, name);
      }
    });
    const missing = wanted.filter((w) => !names.includes(w));
    if (missing.length) throw new SpecError(`${where} header`, `a column for every network input and output (missing ${missing.join(', ')})`, header.join(','));
    // Values are kept in the file's column order: pick them in the network's order.
    order = wanted.map((w) => names.indexOf(w));
  } else {
    order = Array.from({ length: nIn + nOut }, (_, i) => i);
    for (const ex of [...t.train, ...t.test, ...t.pool]) {
      const nx = ex.inputs!;
      if (nx !== nIn) throw new SpecError(`${ex.where}.inputs`, `${nIn} numbers (one per network input: ${Array.from(net.sources, (i) => net.ids[i]).join(', ')})`, nx);
      const ny = ex.values.length - nx;
      if (ny !== nOut) throw new SpecError(`${ex.where}.targets`, `${nOut} numbers (one per network output: ${Array.from(net.outputs, (i) => net.ids[i]).join(', ')})`, ny);
    }
  }
  const example = (ex: RawExample): Example => ({
    x: Float64Array.from(order.slice(0, nIn), (c) => ex.values[c]),
    y: Float64Array.from(order.slice(nIn), (c) => ex.values[c]),
  });
  if (t.pool.length === 0) return { train: t.train.map(example), test: t.test.map(example) };
  if (t.pool.length < 2) throw new SpecError(`${field}`, 'at least 2 examples to hold some out for testing (or a given test set)', t.pool.length);
  // A seeded partial shuffle picks the test examples; both sets keep the data's order, so the
  // training examples are presented as the file lists them.
  const n = t.pool.length;
  const idx = Array.from({ length: n }, (_, i) => i);
  const nTest = splitSize(n, t.testFraction);
  for (let i = 0; i < nTest; i++) {
    const j = i + split.int(n - i);
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  const isTest = new Uint8Array(n);
  for (let i = 0; i < nTest; i++) isTest[idx[i]] = 1;
  return { train: t.pool.filter((_, i) => !isTest[i]).map(example), test: t.pool.filter((_, i) => isTest[i]).map(example) };
}

/**
 * A task as CSV in the convention task files are read in: a header `in:<node>...,out:<node>...,split`
 * (the network's inputs, then outputs, in its order), then the training rows, then the test rows.
 */
export function taskCsv(net: ResistorNetwork, task: { train: readonly Example[]; test: readonly Example[] }): string {
  const header = [...Array.from(net.sources, (i) => inColumn(net.ids[i])), ...Array.from(net.outputs, (i) => outColumn(net.ids[i])), SPLIT_COLUMN];
  const line = (ex: Example, split: string) => [...Array.from(ex.x, csvNumber), ...Array.from(ex.y, csvNumber), split].join(',');
  return [header.join(','), ...task.train.map((ex) => line(ex, 'train')), ...task.test.map((ex) => line(ex, 'test'))].join('\n') + '\n';
}
