import { markovKernel } from '../../src/analysis/markov-adaptation';

/**
 * A windowed Markov kernel's checkTick says how many ticks its window holds; that is exactly
 * what stepping it needs: at the bound it runs for many windows, one below it fails.
 */
describe('windowed Markov kernel: checkTick is the capacity stepping needs', () => {
  it.each([0.1, 0.07, 0.013, 0.25])('at dt %p', (dt) => {
    const kernel = (windowSteps: number) => markovKernel({ gamma: 0.01, RF: 25, step: 200, base: 0, timeScale: 5, window: 1, normalisation: 'absolute', windowSteps });
    // Stepping alone, without the check: does the window's ring hold this clock?
    const run = (windowSteps: number) => {
      const k = kernel(windowSteps);
      const x = new Float64Array(k.stateSize);
      k.rest(x, 0, 0);
      for (let t = 0; t < 5 / dt; t++) k.step(x, 0, Math.sin(t), dt);
    };
    const need = Math.ceil(1 / dt) + 1;
    expect(() => kernel(need).checkTick!(dt, 'k')).not.toThrow();
    expect(() => kernel(need - 1).checkTick!(dt, 'k')).toThrow(`k.windowSteps: expected at least ${need}`);
    expect(() => run(need)).not.toThrow();
    expect(() => run(need - 1)).toThrow('raise windowSteps');
  });
});
