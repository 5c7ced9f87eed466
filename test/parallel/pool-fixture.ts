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
