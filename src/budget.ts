import { totalmem } from 'os';
import { SpecError } from './errors';

/**
 * Size and time checks made from a spec before anything is allocated or run (design rule 5):
 * a run that cannot fit this machine's memory is refused, naming the field that makes it big;
 * a run estimated to take longer than a day is refused unless the user says to go on (the
 * estimate can be off; the memory limit cannot be waived, it would only end in a heap crash).
 */

/** The share of this machine's memory one run may plan to use. */
const MEMORY_SHARE = 0.5;
/** The longest run started without being asked for, in estimated seconds. */
export const LONG_RUN_SECONDS = 24 * 3600;

export function checkMemory(field: string, bytes: number, what: string): void {
  const limit = MEMORY_SHARE * totalmem();
  if (!(bytes <= limit)) {
    throw new SpecError(field, `a size that fits this machine (${what} needs about ${gib(bytes)}; half of this machine's memory is ${gib(limit)})`);
  }
}

export function checkDuration(field: string, seconds: number, what: string, allowLong: boolean, override: string): void {
  if (allowLong || seconds <= LONG_RUN_SECONDS) return;
  throw new SpecError(field, `a run of at most a day (${what} is estimated at ${hours(seconds)}; ${override})`);
}

const gib = (b: number): string => (Number.isFinite(b) ? `${(b / 2 ** 30).toPrecision(3)} GiB` : 'unboundedly much');
const hours = (s: number): string => (Number.isFinite(s) ? `${(s / 3600).toPrecision(3)} hours` : 'forever');
