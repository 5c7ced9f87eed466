import { readFileSync, statSync } from 'fs';
import { dirname, isAbsolute, resolve } from 'path';
import { SpecError } from '../errors';
import { RandomSource } from '../scheduler/random';
import { ResistorNetwork } from '../substrates/resistor/resistor-spec';
import { isRecord, knownKeys } from '../validate';
import { DataTaskSpec, bindDataTask, dataTaskCounts, isDataTask, loadDataTask, readDataTaskSpec } from './task-file';
import { Example, TeacherTaskOptions, checkConductances, checkTeacherTask, defaultTeacherTask, teacherTask } from './teacher-task';

/** A learning spec's task: drawn from a seeded teacher, or the user's data (file or inline). */
export type TaskSpec = TeacherTaskOptions | DataTaskSpec;

/** What a learning run trains and tests on, wherever it came from. */
export interface LearningTask {
  train: Example[];
  test: Example[];
  /** The teacher's conductances, when the task was drawn from one. */
  teacherK?: Float64Array;
}

/** Reads a spec's task section: a teacher's options over the defaults, or a data task. */
export function readTaskSpec(v: unknown, field = 'task'): TaskSpec {
  if (!isRecord(v)) throw new SpecError(field, 'an object: a teacher {train, test, inputRange, teacherK, teacher?}, or data {file} or {examples}', v);
  if (isDataTask(v)) return readDataTaskSpec(v, field);
  knownKeys(field, v, [...Object.keys(defaultTeacherTask), 'teacher', 'file', 'examples']);
  return checkTeacherTask({ ...defaultTeacherTask, ...(v as Partial<TeacherTaskOptions>) }, field);
}

/** A task's file paths resolved against the spec file's folder (as its plugins are). */
export function resolveTaskPaths(task: TaskSpec, specFile: string): TaskSpec {
  const at = (p: string | undefined) => (p === undefined || isAbsolute(p) ? p : resolve(dirname(specFile), p));
  if (!isDataTask(task)) {
    const teacher = (task as TeacherTaskOptions).teacher;
    return teacher !== undefined && !Array.isArray(teacher) ? { ...task, teacher: { file: at(teacher.file)! } } : task;
  }
  const out: DataTaskSpec = { ...task };
  if (task.file !== undefined) out.file = at(task.file);
  if (task.testFile !== undefined) out.testFile = at(task.testFile);
  return out;
}

/**
 * A task ready to be built on the run's network: user data is read (and its size checked) here,
 * so that the run's budget counts its examples before the network is built.
 */
export interface OpenTask {
  /** Training and test examples the task will have. */
  counts: { train: number; test: number };
  /** The examples on the run's network (a data task's columns matched to its inputs and outputs). */
  build(net: ResistorNetwork, random: RandomSource): LearningTask;
}

/** Opens a spec's task: reads a data task's files (or inline examples); a teacher task is drawn by build. */
export function openTask(spec: TaskSpec, field = 'task'): OpenTask {
  if (isDataTask(spec)) {
    const table = loadDataTask(spec, field);
    return { counts: dataTaskCounts(table), build: (net, random) => bindDataTask(table, net, random.stream('split'), field) };
  }
  const given = spec as TeacherTaskOptions;
  // A teacher file is read now, before any work (its conductances are checked against the network when it is built).
  const t = given.teacher !== undefined && !Array.isArray(given.teacher) ? { ...given, teacher: readTeacherFile(given.teacher.file, `${field}.teacher.file`) } : given;
  return {
    counts: { train: t.train, test: t.test },
    build: (net, random) => teacherTask(net, t, { teacher: random.stream('teacher'), data: random.stream('data') }),
  };
}

/** Largest teacher file read (a JSON array of conductances: millions of edges fit). */
const MAX_TEACHER_BYTES = 64 * 2 ** 20;

/** A teacher's conductances from a JSON file holding an array of numbers > 0. */
function readTeacherFile(path: string, field: string): number[] {
  let text: string;
  try {
    if (statSync(path).size > MAX_TEACHER_BYTES) throw new SpecError(field, `a JSON file of at most ${MAX_TEACHER_BYTES / 2 ** 20} MB`, path);
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof SpecError) throw e;
    throw new SpecError(field, `a readable JSON file (relative to the spec file; ${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, path);
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new SpecError(field, `valid JSON (${(e as Error).message})`, path);
  }
  return checkConductances(`${field} (${path})`, v);
}
