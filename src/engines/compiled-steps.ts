import { Draws, NodeDynamics, NodeInput } from '../nodes/node-dynamics';

/**
 * Node steps called from hot loops, compiled per node dynamics. V8 records one target per call
 * site: a site that calls the step functions of two dynamics (a substrate's hidden and output
 * nodes) becomes megamorphic, and from then on every node costs a real call, with its input
 * object spilled to memory: several times a plain loop. Each dynamics, or each tuple of a
 * substrate's dynamics, therefore gets a small function of its own (new Function: a fresh
 * function with its own feedback, from a constant source that names its dynamics, since V8
 * caches compilations by source text), whose call sites each see one step function and inline it.
 */

/** Moves count nodes of one dynamics: states s, summed inputs f (none: 0), drives d; the first non-finite, or -1. */
export type Integrator = <NP>(s: Float64Array, f: Float64Array | undefined, d: Float64Array, count: number, input: NodeInput, dt: number, params: NP) => number;

/** Steps node dynamics number r (an index into the tuple it was compiled for). */
export type Stepper = <NP>(r: number, v: number, input: NodeInput, dt: number, params: NP, draws: Draws | undefined) => number;

let compiled = 0;

/**
 * A function made from source, or `fallback` where the host forbids code generation from strings
 * (node --disallow-code-generation-from-strings, a strict Content-Security-Policy): the same
 * results, at the cost of the shared, megamorphic call sites.
 */
function compile<F>(make: () => F, fallback: () => F): F {
  try {
    return make();
  } catch (e) {
    if (e instanceof EvalError) return fallback();
    throw e;
  }
}

const integrators = new WeakMap<object, Integrator>();
const steppers = new WeakMap<object, Map<string, Stepper>>();
const ids = new WeakMap<object, number>();
const idOf = (o: object): number => {
  let k = ids.get(o);
  if (k === undefined) ids.set(o, (k = ++compiled));
  return k;
};

/** The loop that moves a group of nodes of one dynamics (the batched sweep's). */
export function integratorOf<NP>(dyn: NodeDynamics<NP>): Integrator {
  let f = integrators.get(dyn);
  if (f === undefined) {
    // The loop as source (named and numbered, so that V8 does not share its compilation with
    // another dynamics'), and the same loop as a closure where source cannot be compiled; a test
    // runs both and compares (test/engines/compiled-steps.test.ts). Not Function.toString: a
    // coverage tool rewrites a function's text.
    f = compile(
      () =>
        new Function(
          'dyn',
          `// integrator of ${JSON.stringify(dyn.name)} #${++compiled}
          return function integrate(s, f, d, count, input, dt, params) {
            for (let k = 0; k < count; k++) {
              input.i = f === undefined ? 0 : f[k];
              input.drive = d[k];
              const nv = dyn.step(s[k], input, dt, params);
              s[k] = nv;
              if (nv - nv !== 0) return k;
            }
            return -1;
          };`,
        )(dyn) as Integrator,
      () =>
        (<P>(s: Float64Array, f: Float64Array | undefined, d: Float64Array, count: number, input: NodeInput, dt: number, params: P): number => {
          for (let k = 0; k < count; k++) {
            input.i = f === undefined ? 0 : f[k];
            input.drive = d[k];
            const nv = dyn.step(s[k], input, dt, params as unknown as NP);
            s[k] = nv;
            if (nv - nv !== 0) return k;
          }
          return -1;
        }) as Integrator,
    );
    integrators.set(dyn, f);
  }
  return f;
}

/** One node step by the dynamics of its role index, for sweeps that visit nodes of mixed roles in order. */
export function stepperOf<NP>(dyns: readonly NodeDynamics<NP>[]): Stepper {
  const key = dyns.map(idOf).join(',');
  let byFirst = steppers.get(dyns[0]);
  if (byFirst === undefined) steppers.set(dyns[0], (byFirst = new Map()));
  let f = byFirst.get(key);
  if (f === undefined) {
    const names = dyns.map((d) => JSON.stringify(d.name)).join(', ');
    const consts = dyns.map((_, r) => `const d${r} = dyns[${r}];`).join(' ');
    const cases = dyns.map((_, r) => `if (r === ${r}) return d${r}.step(v, input, dt, params, draws);`).join('\n        ');
    f = compile(
      () =>
        new Function(
          'dyns',
          `// stepper of ${names} #${++compiled}
          ${consts}
          return function step(r, v, input, dt, params, draws) {
            ${cases}
            return NaN;
          };`,
        )(dyns) as Stepper,
      () => ((r, v, input, dt, params, draws) => dyns[r].step(v, input, dt, params as unknown as NP, draws)) as Stepper,
    );
    byFirst.set(key, f);
  }
  return f;
}
