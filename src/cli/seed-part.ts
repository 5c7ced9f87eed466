import { epCommand } from './ep-command';
import { rbmCommand } from './rbm-command';
import { PartCommand, runPart } from './run-dir';

/**
 * One seed of an EP or RBM seed study, as a worker-pool job: `phaseless seeds --workers N` runs
 * N of these at a time on worker threads, each seed in its own run folder exactly as the
 * sequential study runs it (runPart: a fresh run, or a resume of one cut short).
 */
export async function runSeedPart(command: 'ep' | 'rbm', sub: string, specFile: string, seed: number, line: string): Promise<void> {
  await runPart((command === 'ep' ? epCommand : rbmCommand) as PartCommand, sub, specFile, seed, line);
}
