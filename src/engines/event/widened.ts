/**
 * A typed array of `length` (larger) holding `a` at its start: how the event engine's pools and
 * queues grow by doubling (entry pools, the endpoint views' in-flight pool, a calendar's run).
 */
export function widened<A extends Float64Array | Int32Array>(a: A, length: number): A {
  const b = (a instanceof Float64Array ? new Float64Array(length) : new Int32Array(length)) as A;
  b.set(a);
  return b;
}
