import { Rng } from '../scheduler/random';
import { ResistorNetwork } from '../substrates/resistor/resistor-spec';
import { solveKirchhoff } from '../substrates/resistor/kirchhoff';
import { integer, positive } from '../validate';
import { SpecError } from '../errors';

/** How a teacher task is drawn. */
export interface TeacherTaskOptions {
  /** Training and test examples. */
  train: number;
  test: number;
  /** Source voltages uniform in [-inputRange, inputRange]. */
  inputRange: number;
  /** Teacher conductances uniform in [kMin, kMax]. */
  teacherK: [number, number];
  /**
   * The teacher's conductances themselves, one per edge in the network's edge order (instead of
   * drawing them), inline or `{file}`: a JSON file holding that array (relative to the spec file).
   */
  teacher?: number[] | { file: string };
}

/**
 * Task defaults: 20 training and 20 test examples, inputs in [-1, 1], teacher conductances in [0.1,
 * 10].
 */
export const defaultTeacherTask: TeacherTaskOptions = { train: 20, test: 20, inputRange: 1, teacherK: [0.1, 10] };

/** One example: the source voltages and the teacher's output voltages. */
export interface Example {
  /** Source voltages, in the order of the network's sources. */
  x: Float64Array;
  /** The teacher's output voltages, in the order of its outputs. */
  y: Float64Array;
}

/**
 * A realisable regression task: a teacher network of the student's topology with its own
 * conductances maps random source voltages to output voltages (its exact Kirchhoff solve).
 */
export interface TeacherTask {
  /** The teacher's conductances. */
  teacherK: Float64Array;
  /** Training examples. */
  train: Example[];
  /** Held-out test examples. */
  test: Example[];
}

/** Checks task options, with a SpecError naming the field. */
export function checkTeacherTask(o: TeacherTaskOptions, field = 'task'): TeacherTaskOptions {
  integer(`${field}.train`, o.train, 1);
  integer(`${field}.test`, o.test, 1);
  positive(`${field}.inputRange`, o.inputRange);
  if (!Array.isArray(o.teacherK) || o.teacherK.length !== 2) throw new SpecError(`${field}.teacherK`, '[kMin, kMax]', o.teacherK);
  positive(`${field}.teacherK[0]`, o.teacherK[0]);
  positive(`${field}.teacherK[1]`, o.teacherK[1]);
  if (o.teacherK[1] < o.teacherK[0]) throw new SpecError(`${field}.teacherK`, '[kMin, kMax] with kMin <= kMax', o.teacherK);
  if (o.teacher !== undefined) {
    if (Array.isArray(o.teacher)) checkConductances(`${field}.teacher`, o.teacher);
    else if (!(typeof o.teacher === 'object' && o.teacher !== null && Object.keys(o.teacher).join() === 'file' && typeof o.teacher.file === 'string' && o.teacher.file !== '')) {
      throw new SpecError(`${field}.teacher`, "the teacher's conductances: an array (one per edge) or {file} (a JSON file holding that array)", o.teacher);
    }
  }
  return o;
}

/** Conductances as a teacher has them: a non-empty array of finite numbers > 0. */
export function checkConductances(field: string, v: unknown): number[] {
  if (!Array.isArray(v) || v.length === 0) throw new SpecError(field, "the teacher's conductances: an array of numbers > 0, one per edge", v);
  v.forEach((k, i) => positive(`${field}[${i}]`, k));
  return v as number[];
}

/**
 * Draws a teacher (conductances from rng.teacher) and its examples (inputs from rng.data), labelled
 * by the exact solve.
 */
export function teacherTask(net: ResistorNetwork, o: TeacherTaskOptions, rng: { teacher: Rng; data: Rng }): TeacherTask {
  if (net.sources.length === 0) throw new SpecError('network.inputs', 'at least one input (voltage source)', 0);
  if (net.outputs.length === 0) throw new SpecError('network.outputs', 'at least one output node', 0);
  const [lo, hi] = o.teacherK;
  const given = o.teacher;
  if (given !== undefined && !Array.isArray(given)) throw new Error('teacherTask: a teacher file is read by openTask');
  if (given !== undefined && given.length !== net.k.length) {
    throw new SpecError('task.teacher', `${net.k.length} conductances (one per edge of the network, in its edge order)`, `${given.length} conductances`);
  }
  const teacherK = given !== undefined ? Float64Array.from(given) : Float64Array.from(net.k, () => rng.teacher.between(lo, hi));
  const draw = (): Example => {
    const x = Float64Array.from(net.sources, () => rng.data.between(-o.inputRange, o.inputRange));
    const V = solveKirchhoff(net, { k: teacherK, sourceV: x });
    return { x, y: Float64Array.from(net.outputs, (i) => V[i]) };
  };
  const train = Array.from({ length: o.train }, draw);
  const test = Array.from({ length: o.test }, draw);
  const scale = Math.max(...train.map((ex) => Math.max(...Array.from(ex.y, Math.abs))));
  if (!(scale > 1e-9)) {
    throw new SpecError('network.outputs', 'outputs that depend on the inputs (every teacher target is 0: the outputs are cut off from the sources)');
  }
  return { teacherK, train, test };
}

/** Mean squared output error of conductances k over a set of examples (exact solves). */
export function meanSquaredError(net: ResistorNetwork, k: Float64Array, examples: readonly Example[]): number {
  let sum = 0;
  for (const ex of examples) {
    const V = solveKirchhoff(net, { k, sourceV: ex.x });
    net.outputs.forEach((node, j) => {
      const d = V[node] - ex.y[j];
      sum += d * d;
    });
  }
  return sum / (examples.length * net.outputs.length);
}
