import { Substrate } from '../substrates/substrate';
import { incidence } from '../engines/node-sweep';
import { chemotaxisCoefficients, defaultChemotaxis } from '../synapses/kernels/chemotaxis';

/** The parameters of the TCL rule the reference runs (those of the engine bench). */
export interface PlainTclParams {
  lr: number;
  theta: number;
  wMin: number;
  wMax: number;
}

/** A resistor network run plainly: its states and one synchronous period (node sweep, then learning). */
export interface PlainResistor {
  readonly v: Float64Array;
  readonly w: Float64Array;
  /** One period of length dt (the engine's clock gives dt = now - last tick). */
  period(dt: number): void;
}

/**
 * The yardstick of the array engine on resistor networks: the same synchronous computation
 * written plainly over typed arrays in the bench, one array per state variable (w, u and the
 * three stages of the chemotaxis kernel), no rule or dynamics objects. Each period is a
 * Gauss-Seidel node sweep in node order (inputs summed in synapse order, the exact exponential
 * relaxation of a resistor node) and then the TCL step of every synapse, in the engine's order,
 * so it must give the engine's numbers (test/bench/plain-resistor.test.ts) and any gap in speed
 * is the engine's overhead. The clamp is off (beta = 0): the bench runs both without nudging.
 */
export function plainResistor(sub: Substrate<{ tau: number }>, p: PlainTclParams): PlainResistor {
  const n = sub.ids.length;
  const m = sub.w0.length;
  const { start, edge, other } = incidence(sub);
  const held = Uint8Array.from(sub.roles, (r) => (sub.dynamics[r].takesDrive ? 1 : 0));
  const drive = new Float64Array(n);
  // The substrate's drives are constant streams: their value arrives on subscribing.
  for (let i = 0; i < n; i++) sub.defaultDrive(i)?.subscribe((d) => (drive[i] = d)).unsubscribe();
  const { edgeA, edgeB } = sub;
  const tau = sub.nodeParams.tau;
  const v = new Float64Array(n);
  const w = Float64Array.from(sub.w0);
  const u = new Float64Array(m).fill(NaN);
  const k1 = new Float64Array(m);
  const k2 = new Float64Array(m);
  const k3 = new Float64Array(m);
  const B = defaultChemotaxis.B;
  const { A, C } = chemotaxisCoefficients(defaultChemotaxis);
  const c2 = A / (B * B);
  const c3 = (2 * A * C) / (B * B * B);
  const { lr, theta, wMin, wMax } = p;
  let lastDt = NaN;
  let e = NaN;
  return {
    v,
    w,
    period(dt) {
      const a = B * dt;
      if (dt !== lastDt) {
        lastDt = dt;
        e = Math.exp(-a);
      }
      for (let i = 0; i < n; i++) {
        if (held[i]) {
          v[i] = drive[i];
          continue;
        }
        let g = 0;
        let cur = 0;
        for (let q = start[i]; q < start[i + 1]; q++) {
          const k = w[edge[q]];
          g += k;
          cur += k * v[other[q]];
        }
        if (g === 0) continue;
        const vStar = cur / g;
        v[i] = vStar + (v[i] - vStar) * Math.exp((-g * dt) / tau);
      }
      for (let s = 0; s < m; s++) {
        const d = v[edgeA[s]] - v[edgeB[s]];
        const sig = d * d;
        if (u[s] !== u[s]) k1[s] = k2[s] = k3[s] = sig;
        const y1 = k1[s] - sig;
        const y2 = k2[s] - sig;
        const y3 = k3[s] - sig;
        const x2 = sig + e * (y2 + a * y1);
        const x3 = sig + e * (y3 + a * y2 + 0.5 * a * a * y1);
        k1[s] = sig + e * y1;
        k2[s] = x2;
        k3[s] = x3;
        const us = c2 * x2 - c3 * x3;
        u[s] = us;
        const nw = w[s] - lr * (Math.abs(us) >= theta ? us : 0) * dt;
        w[s] = nw < wMin ? wMin : nw > wMax ? wMax : nw;
      }
    },
  };
}
