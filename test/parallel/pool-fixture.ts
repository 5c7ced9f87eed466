/** Jobs for the worker-pool test. */
export function collatzSteps(n: number): number {
  let k = 0;
  while (n !== 1) {
    n = n % 2 === 0 ? n / 2 : 3 * n + 1;
    k++;
  }
  return k;
}

export function fails(message: string): never {
  throw new Error(message);
}

/** A job that kills its worker thread, as a careless user function might. */
export function exits(code: number): never {
  process.exit(code);
}

/**
 * Three times: writes a line to stderr, then computes without yielding (a long run's loop)
 * until the file `answer`-k exists, which the parent writes when line k reaches it. True if
 * every answer came within 20 s.
 */
export function talksThenWaits(answer: string): boolean {
  const end = Date.now() + 20_000;
  for (let k = 1; k <= 3; k++) {
    process.stderr.write(`line ${k}\n`);
    while (!require('fs').existsSync(`${answer}-${k}`)) if (Date.now() > end) return false;
  }
  return true;
}

/** Writes two lines and a half in three writes, the second finishing the first's last line. */
export function talksInPieces(): number {
  process.stderr.write('one\ntw');
  process.stderr.write('o\nthree\n');
  return 3;
}

/** Writes a line it does not end, and returns. */
export function trailsOff(word: string): number {
  process.stderr.write(`${word}...`);
  return word.length;
}
