import { convergenceCli, markovCli, offsetCli, rangeCli, sweepCli } from './analysis-command';
import { CommandDef } from './command-def';
import { compareCli } from './compare-command';
import { convertCli } from './convert-command';
import { epCli, epPlotCli } from './ep-command';
import { ffCli } from './ff-command';
import { isdCli, rbmCli } from './rbm-command';
import { relaxCli } from './relax-command';
import { responseCli } from './response-command';
import { robustnessCli } from './robustness-command';
import { runCli } from './run-command';
import { schemaCli } from './schema-command';
import { exportTaskCli } from './task-command';
import { seedsCli } from './seeds-command';

/** Every command, in the order `phaseless --help` lists them. */
export const commands: readonly CommandDef[] = [
  runCli,
  compareCli,
  seedsCli,
  robustnessCli,
  responseCli,
  relaxCli,
  epCli,
  epPlotCli,
  rbmCli,
  isdCli,
  ffCli,
  rangeCli,
  offsetCli,
  convergenceCli,
  markovCli,
  sweepCli,
  schemaCli,
  convertCli,
  exportTaskCli,
];
