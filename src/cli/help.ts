import { Command, Help, Option } from 'commander';
import { CommandDef } from './command-def';
import { requiredFlags } from './flags';

/**
 * The help texts, laid out from the commands' declarations: `phaseless --help` lists every
 * command with its synopsis (arguments and flags on one wrapped line) and summary; a command's
 * own help has its usage, what it does, its arguments, its flags with their defaults, and
 * examples. Help goes to stdout; it is plain text (no colours) so it reads the same in a pipe.
 */

const TAGLINE = 'phaseless: contrastive learning with phase-free dynamics';

/** `[--seed N]`, `[--json]`: a flag as it is typed; a required one without brackets. */
function flagSynopsis(o: Option): string {
  const value = o.flags.match(/<([^>]+)>/)?.[1];
  const typed = `${o.long}${value ? ` ${value}` : ''}`;
  return requiredFlags.has(o) ? typed : `[${typed}]`;
}

/** `phaseless run [spec.json] [--out DIR] ...`, wrapped under its own start. */
function synopsis(cmd: Command, width: number): string {
  const head = `phaseless ${cmd.name()}`;
  const words = [...cmd.registeredArguments.map(argumentSynopsis), ...cmd.options.map(flagSynopsis)];
  const lines = [head];
  for (const w of words) {
    const last = lines.length - 1;
    if (lines[last].length + 1 + w.length > width && lines[last].trim() !== '') lines.push(' '.repeat(head.length) + ' ' + w);
    else lines[last] += ' ' + w;
  }
  return lines.join('\n');
}

function argumentSynopsis(a: { name(): string; required: boolean; variadic: boolean }): string {
  const name = a.name() + (a.variadic ? '...' : '');
  return a.required ? `<${name}>` : `[${name}]`;
}

function indent(text: string, by: number): string {
  const pad = ' '.repeat(by);
  return text
    .split('\n')
    .map((l) => (l ? pad + l : l))
    .join('\n');
}

/** The program's help: the command list. */
function programHelp(program: Command, helper: Help): string {
  const width = helper.helpWidth ?? 80;
  const commands = program.commands.map((c) => indent(synopsis(c, width - 2), 2) + '\n' + indent(helper.boxWrap(c.summary(), width - 6), 6));
  const options = program.options.map((o) => helper.formatItem(o.flags, 14, o.description, helper));
  const help = helper.formatItem('-h, --help', 14, 'this list', helper);
  return [TAGLINE, '', 'usage:', ...commands, '', 'options:', ...options, help, ''].join('\n');
}

/** A command's help: usage, what it does, arguments, flags with defaults (examples follow, from addHelpText). */
function commandHelp(cmd: Command, helper: Help): string {
  const width = helper.helpWidth ?? 80;
  const terms = [...helper.visibleArguments(cmd).map((a) => helper.argumentTerm(a)), ...helper.visibleOptions(cmd).map((o) => helper.optionTerm(o))];
  const termWidth = Math.max(0, ...terms.map((t) => t.length));
  const item = (term: string, about: string) => helper.formatItem(term, termWidth, about, helper);
  const out = ['usage:', `  ${helper.commandUsage(cmd)}`, '', helper.boxWrap(cmd.description(), width), ''];
  const args = helper.visibleArguments(cmd);
  if (args.length) out.push('arguments:', ...args.map((a) => item(helper.argumentTerm(a), helper.argumentDescription(a))), '');
  out.push('options:', ...helper.visibleOptions(cmd).map((o) => item(helper.optionTerm(o), helper.optionDescription(o))), '');
  return out.join('\n');
}

export function formatHelp(cmd: Command, helper: Help): string {
  return cmd.parent ? commandHelp(cmd, helper) : programHelp(cmd, helper);
}

/** The examples under a command's help: what each does, then the command line. */
export function examplesText(def: Pick<CommandDef, 'examples'>): string {
  return '\nexamples:\n' + def.examples.map(([line, what]) => `  # ${what}\n  $ ${line}`).join('\n');
}
