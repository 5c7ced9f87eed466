/**
 * Notices that wait for the command to succeed: a command that fails prints its one error line
 * and nothing else (the CLI's error contract), so a notice about a spec's layout is not put
 * before an error about one of its fields.
 */
const pending: string[] = [];

/** Queues a notice (one line, without the `phaseless: notice: ` prefix) for when the command succeeds. */
export function noticeOnSuccess(text: string): void {
  pending.push(text);
}

/** Prints the queued notices (main, after a command succeeded) and forgets them. */
export function flushNotices(): void {
  for (const text of pending.splice(0)) process.stderr.write(`phaseless: notice: ${text}\n`);
}

/** Forgets the queued notices (main, after a command failed). */
export function dropNotices(): void {
  pending.length = 0;
}
