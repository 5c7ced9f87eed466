import { Option } from 'commander';
import { SpecError } from '../errors';
import { atMost, integer as integerAtLeast } from '../validate';

/**
 * Flag declarations and their value types. Every flag's text is read and checked here, once, by
 * commander's argParser: a bad value is a SpecError naming the flag (`--seed: expected a number,
 * got "x"`), which main.ts prints as the one-line user error. Checks that depend on the spec
 * (EP digit counts against the data set, response's tau-s > tau-f) are left to the spec reader
 * the value goes into, which names the field.
 */

/** Reads one flag's text, or throws a SpecError naming the flag. */
export type FlagType<T> = (flag: string, text: string) => T;

/** A declared flag: its commander option, and (for the compiler only) the type of its value. */
export interface Flag<T> {
  readonly option: Option;
  readonly value?: T;
}

export type Flags = Record<string, Flag<unknown>>;

type ValueOf<F> = F extends Flag<infer T> ? T : never;

/**
 * The parsed values of a command's flags, keyed as declared (commander's camelCase of the long
 * name); a flag without a default is an optional key.
 */
export type Opts<F extends Flags> = { [K in keyof F as undefined extends ValueOf<F[K]> ? K : never]?: ValueOf<F[K]> } & {
  [K in keyof F as undefined extends ValueOf<F[K]> ? never : K]: ValueOf<F[K]>;
};

/** Any text but an empty one. */
export const text: FlagType<string> = (flag, t) => {
  if (t === '') throw new SpecError(flag, 'a value', t);
  return t;
};

/** One of the given words. */
export function oneOf<T extends string>(values: readonly T[]): FlagType<T> {
  return (flag, t) => {
    if (!(values as readonly string[]).includes(t)) throw new SpecError(flag, `one of ${values.join(', ')}`, t);
    return t as T;
  };
}

/** A finite number; `--seed=` (empty) is refused, not read as Number('') = 0. */
export const number: FlagType<number> = (flag, t) => {
  const x = t.trim() === '' ? NaN : Number(t);
  if (!Number.isFinite(x)) throw new SpecError(flag, 'a number', t);
  return x;
};

/** An integer >= min; with a ceiling, refused above it with the reason (before anything is sized by it). */
export function integer(min: number, ceiling?: { max: number; why: string }): FlagType<number> {
  return (flag, t) => {
    const n = integerAtLeast(flag, number(flag, t), min);
    return ceiling ? atMost(flag, n, ceiling.max, ceiling.why) : n;
  };
}

/** Comma-separated values, each read by `item` and named by its index (`--seeds[2]`). */
export function list<T>(item: FlagType<T>): FlagType<T[]> {
  return (flag, t) => t.split(',').map((x, i) => item(`${flag}[${i}]`, x));
}

/**
 * A flag with a value, e.g. `flag('--seed <N>', 'the seed', integer(0))`. With `dflt` the value is
 * never undefined and help shows the default (as `shown` when given); otherwise the flag is
 * undefined when not given.
 */
export function flag<T>(flags: string, about: string, type: FlagType<T>): Flag<T | undefined>;
export function flag<T>(flags: string, about: string, type: FlagType<T>, dflt: T, shown?: string): Flag<T>;
export function flag<T>(flags: string, about: string, type: FlagType<T>, dflt?: T, shown?: string): Flag<T | undefined> {
  const option = new Option(flags, about);
  const name = option.long ?? flags;
  option.argParser((t: string) => {
    // commander takes the next word as the value even when it is the next flag (`--out --seed 3`):
    // that is a forgotten value, not a folder named "--seed".
    if (t.startsWith('--')) throw new SpecError(name, 'a value after the flag', t);
    return type(name, t);
  });
  // Shown as typed on a command line (1,2,3 and ep-mnist.svg, not JSON's [1,2,3] and "ep-mnist.svg").
  if (dflt !== undefined) option.default(dflt, shown ?? (Array.isArray(dflt) ? dflt.join(',') : String(dflt)));
  return { option };
}

/** Flags a command cannot run without (checked by the command, so the error names the flag as every spec error does): the synopsis shows them without brackets. */
export const requiredFlags = new WeakSet<Option>();

/** Marks a flag as required in the help's synopsis. */
export function required<T>(f: Flag<T>): Flag<T> {
  requiredFlags.add(f.option);
  return f;
}

/** A flag without a value: true when given. */
export function toggle(flags: string, about: string): Flag<boolean | undefined> {
  return { option: new Option(flags, about) };
}

/** The output folder flag: new or empty, in a writable place. */
export function outFlag(dflt: string): Flag<string | undefined> {
  return flag('--out <DIR>', `output folder, new or empty (default: ${dflt})`, text);
}

/** The worker-thread count of the sweep commands (0 computes in this thread). */
export const workersFlag = () => flag('--workers <N>', 'worker threads, 0 for none (default: all cores)', integer(0));
