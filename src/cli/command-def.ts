import { Flags, Opts } from './flags';

/** What a command receives: its positional arguments and its flags' checked values. */
export interface CliArgs<O> {
  positional: string[];
  opts: O;
  /**
   * The flags typed on the command line, by long name (`--seed`), without those that only took
   * their default: for rules between flags that a default would hide (`--seeds` is not given with
   * --resume). Absent when one command calls another; then every flag with a value counts.
   */
  given?: readonly string[];
}

/**
 * One command of the CLI, declared once next to the function that runs it: program.ts builds
 * the parser, `--help` and the command list from these fields.
 */
export interface CommandDef<F extends Flags = Flags> {
  name: string;
  /** One line for `phaseless --help`. */
  summary: string;
  /** More for the command's own `--help` (what it writes, how it resumes); the summary when absent. */
  about?: string;
  /** Positional arguments in commander's syntax (`<spec.json>`, `[spec.json]`, `<DIR...>`) and what each is. */
  args?: Record<string, string>;
  flags: F;
  /** Command lines shown under "examples:" in the command's help, each with what it does. */
  examples: [command: string, what: string][];
  run(args: CliArgs<Opts<F>>): void | Promise<void>;
}

/** Declares a command; a function only so that the compiler infers the flags' value types for `run`. */
export function defineCommand<F extends Flags>(def: CommandDef<F>): CommandDef<F> {
  return def;
}
