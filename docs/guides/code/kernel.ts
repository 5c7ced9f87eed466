// docs/guides/memory-kernel.md: a memory kernel of your own, the one-pole high-pass filter
// K(t) = B delta(t) - B^2 e^{-Bt} (area 0, first moment -1), registered as kind "highPass".
import { MemoryKernel, analysis, chemotaxisKernel, kernels, registerKernel, z } from 'phaseless';

/** u = B (s - x) with x' = B (s - x): x follows s with lag 1/B, u is the part of s x has not caught up with. */
export function highPassKernel(B = 20): MemoryKernel {
  return {
    name: 'high-pass',
    stateSize: 1, // x
    rest(x, o, s0) {
      x[o] = s0; // at rest under a constant signal: no output
    },
    step(x, o, s, dt) {
      // s is held over dt, so x relaxes exactly: any tick length is stable.
      x[o] = s + (x[o] - s) * Math.exp(-B * dt);
      return B * (s - x[o]);
    },
  };
}

/** Registers kind "highPass" (once per process): rules then take { kernel: { kind: 'highPass', B } }. */
export function registerHighPass(): void {
  if (kernels.has('highPass')) return;
  registerKernel({
    kind: 'highPass',
    doc: 'one-pole high-pass K(t) = B delta(t) - B^2 e^{-Bt}: area 0, first moment -1',
    params: z.strictObject({ B: z.number().positive().default(20).describe('rate B; tau_K = 1/B') }),
    // tauK is what the timescale check compares with the node and protocol timescales.
    build: ({ B }) => ({ kernel: highPassKernel(B), tauK: 1 / B }),
  });
}

/** dw/A of one synapse over a sawtooth period (tau_f 1, tau_s 9, theta 100/9), this kernel against chemotaxis. */
export function responseTable(amplitudes = [5, 50, 200]): { amplitude: number; highPass: number; chemotaxis: number }[] {
  const cycle = { tauF: 1, tauS: 9, theta: 100 / 9, background: 0, centred: true, dt: 1e-3, warmup: 1 };
  return amplitudes.map((amplitude) => ({
    amplitude,
    highPass: analysis.sawtoothCycle(cycle, amplitude, highPassKernel(20)).dw / amplitude,
    chemotaxis: analysis.sawtoothCycle(cycle, amplitude, chemotaxisKernel({ B: 20, area: 0 })).dw / amplitude,
  }));
}
