// An ESM user's default import: the whole module, typed, as Node gives it for CommonJS packages.
import phaseless from 'phaseless';
import { VirtualScheduler } from 'phaseless';

export const scheduler: VirtualScheduler = new phaseless.VirtualScheduler();
