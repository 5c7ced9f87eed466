import { Command, Option } from 'commander';
import { readFileSync } from 'fs';
import { join } from 'path';
import { SpecError } from '../errors';
import { CliArgs, CommandDef } from './command-def';
import { examplesText, formatHelp } from './help';

/**
 * The command-line parser: commander, built from the commands' declarations (CommandDef).
 *
 * Every user error of the command line becomes a SpecError naming the flag, argument or command,
 * so it takes the one path every other user error takes (main.ts: one line on stderr, exit 2):
 * a flag's bad value is refused by its argParser (flags.ts); an unknown flag, a flag without
 * its value, a missing argument and an unknown command by the hooks below, which commander
 * calls at those points and which would otherwise print its own several-line messages. Help and
 * --version end the parse with a CommanderError of exit code 0.
 */
class Cli extends Command {
  createCommand(name?: string): Command {
    return new Cli(name);
  }

  unknownOption(flag: string): never {
    const name = flag.split('=')[0];
    const own = this.options.find((o) => o.long === name);
    // `--json=1`: commander reports a switch given a value as an unknown option.
    if (own) throw new SpecError(name, 'no value (it is a switch)', flag.slice(name.length + 1));
    const known = this.options.map((o) => o.long).join(', ');
    throw new SpecError(name, `one of the options of '${this.name()}': ${known || 'none'}`);
  }

  optionMissingArgument(option: Option): never {
    throw new SpecError(option.long ?? option.flags, 'a value after the flag');
  }

  missingArgument(name: string): never {
    const arg = this.registeredArguments.find((a) => a.name() === name);
    throw new SpecError(this.name(), `a ${name} argument${arg?.description ? ` (${arg.description})` : ''}`);
  }

  unknownCommand(): never {
    throw new SpecError('command', `one of ${this.commands.map((c) => c.name()).join(', ')}`, this.args[0]);
  }
}

/**
 * Positional arguments beyond the declared ones are refused here rather than by commander
 * (allowExcessArguments), so the message can name them in the one-line form.
 */
function checkExcess(cmd: Command): void {
  const declared = cmd.registeredArguments;
  if (declared.at(-1)?.variadic || cmd.args.length <= declared.length) return;
  const expected =
    declared.length === 0
      ? 'options only (no positional arguments)'
      : declared.length === 1
        ? `at most one ${declared[0].name()}`
        : `at most ${declared.length} arguments (${declared.map((a) => a.name()).join(', ')})`;
  throw new SpecError(cmd.name(), expected, cmd.args);
}

function packageVersion(): string {
  // dist/cli and src/cli both sit two folders under the package root. A copy of dist without
  // its package.json (a frozen build for a background run) still runs, only without a version.
  try {
    return JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown (no package.json beside this build)';
  }
}

/** What the parser does with a parsed command: run it (main.ts), or hand it back (parseCommandLine). */
export type Dispatch = (def: CommandDef, args: CliArgs<Record<string, unknown>>) => void | Promise<void>;

/** The program: one subcommand per declaration, in the order given (the order of `phaseless --help`). */
export function buildProgram(defs: readonly CommandDef[], dispatch: Dispatch): Command {
  const program = new Cli('phaseless')
    .exitOverride()
    // Errors are ours to print (main.ts); help and the version go to stdout as usual.
    .configureOutput({ outputError: () => undefined })
    .configureHelp({ formatHelp })
    .helpOption('-h, --help', 'this help')
    .helpCommand(false)
    .enablePositionalOptions()
    .version(packageVersion(), '-V, --version', 'the version');
  for (const def of defs) {
    const sub = program.command(def.name).summary(def.summary).description(def.about ?? def.summary).allowExcessArguments(true);
    for (const [syntax, about] of Object.entries(def.args ?? {})) sub.argument(syntax, about);
    for (const [key, flag] of Object.entries(def.flags)) {
      // The declaration's key is what the command reads; it must be commander's name for the flag.
      if (flag.option.attributeName() !== key) throw new Error(`${def.name}: flag ${flag.option.long} must be declared as ${flag.option.attributeName()}`);
      sub.addOption(flag.option);
    }
    sub.addHelpText('after', examplesText(def));
    // Not async: a refusal here must throw from parse() too, not become a rejected promise nobody awaits.
    sub.action((...params: unknown[]) => {
      const cmd = params[params.length - 1] as Command;
      checkExcess(cmd);
      const given = cmd.options.filter((o) => cmd.getOptionValueSource(o.attributeName()) === 'cli').map((o) => o.long!);
      return dispatch(def, { positional: cmd.args, opts: cmd.opts(), given });
    });
  }
  program
    .command('help')
    .summary("a command's flags, defaults and examples (also: phaseless <command> --help); with none, this list")
    .argument('[command]')
    .allowExcessArguments(true)
    .action((name: string | undefined, _opts: unknown, help: Command) => {
      checkExcess(help);
      if (name === undefined) return program.outputHelp();
      const cmd = program.commands.find((c) => c.name() === name && name !== 'help');
      if (!cmd) throw new SpecError('command', `one of ${defs.map((d) => d.name).join(', ')}`, name);
      cmd.outputHelp();
    });
  return program;
}

/**
 * Parses one command line to its command and arguments without running it: the same checks as
 * `phaseless`, for tests that call a command's function directly. Throws the SpecError the CLI
 * would print.
 */
export function parseCommandLine(defs: readonly CommandDef[], argv: string[]): { def: CommandDef; args: CliArgs<Record<string, unknown>> } {
  let parsed: { def: CommandDef; args: CliArgs<Record<string, unknown>> } | undefined;
  buildProgram(defs, (def, args) => void (parsed = { def, args })).parse(argv, { from: 'user' });
  if (!parsed) throw new Error(`no command in ${JSON.stringify(argv)}`);
  return parsed;
}
