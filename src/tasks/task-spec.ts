import { dirname, isAbsolute, resolve } from 'path';
import { SpecError } from '../errors';
import { RandomSource } from '../scheduler/random';
import { ResistorNetwork } from '../resistor/resistor-spec';
import { isRecord, knownKeys } from '../validate';
import { DataTaskSpec, bindDataTask, dataTaskCounts, isDataTask, loadDataTask, readDataTaskSpec } from './task-file';
import { Example, TeacherTaskOptions, checkTeacherTask, defaultTeacherTask, teacherTask } from './teacher-task';

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
  if (!isRecord(v)) throw new SpecError(field, 'an object: a teacher {train, test, inputRange, teacherK}, or data {file} or {examples}', v);
  if (isDataTask(v)) return readDataTaskSpec(v, field);
  knownKeys(field, v, [...Object.keys(defaultTeacherTask), 'file', 'examples']);
  return checkTeacherTask({ ...defaultTeacherTask, ...(v as Partial<TeacherTaskOptions>) }, field);
}

/** A task's file paths resolved against the spec file's folder (as its plugins are). */
export function resolveTaskPaths(task: TaskSpec, specFile: string): TaskSpec {
  if (!isDataTask(task)) return task;
  const at = (p: string | undefined) => (p === undefined || isAbsolute(p) ? p : resolve(dirname(specFile), p));
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
  const t = spec as TeacherTaskOptions;
  return {
    counts: { train: t.train, test: t.test },
    build: (net, random) => teacherTask(net, t, { teacher: random.stream('teacher'), data: random.stream('data') }),
  };
}
