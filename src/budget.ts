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
let longRunSeconds = LONG_RUN_SECONDS;

/**
 * Lowers (or restores) the longest run started without being asked for. For tests that run
 * hundreds of tiny cases (test/fuzz): with the limit at a few seconds, a case the estimates
 * accept must end within a few seconds, so a case that runs on is an estimate gone wrong.
 */
export function setLongRunLimit(seconds: number = LONG_RUN_SECONDS): void {
  if (!(seconds > 0)) throw new RangeError(`setLongRunLimit: expected seconds > 0, got ${seconds}`);
  longRunSeconds = seconds;
}

export function checkMemory(field: string, bytes: number, what: string): void {
  const limit = MEMORY_SHARE * totalmem();
  if (!(bytes <= limit)) {
    throw new SpecError(field, `a size that fits this machine (${what} needs about ${gib(bytes)}; half of this machine's memory is ${gib(limit)})`);
  }
}

export function checkDuration(field: string, seconds: number, what: string, allowLong: boolean, override: string): void {
  if (allowLong || seconds <= longRunSeconds) return;
  const limit = longRunSeconds === LONG_RUN_SECONDS ? 'a day' : `${longRunSeconds} s`;
  throw new SpecError(field, `a run of at most ${limit} (${what} is estimated at ${hours(seconds)}; ${override})`);
}

const gib = (b: number): string => (Number.isFinite(b) ? `${(b / 2 ** 30).toPrecision(3)} GiB` : 'unboundedly much');
const hours = (s: number): string => (!Number.isFinite(s) ? 'forever' : s < 3600 ? `${s.toPrecision(3)} s` : `${(s / 3600).toPrecision(3)} hours`);
