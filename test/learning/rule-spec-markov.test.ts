import { markovKernelInfo } from '../../src/analysis/markov-adaptation';
import { SpecError } from '../../src/errors';
import { readRuleSpec } from '../../src/learning/rule-spec';
import { defaultLearnSpec } from '../../src/learning/learn-spec';
import { prepareLearn } from '../../src/learning/learn';

describe("rule spec: kernel {kind: 'markov'}", () => {
  it('builds a TCL rule on the Markov kernel, with tau_K its memory time', () => {
    const kernel = { kind: 'markov', gamma: 1e-3, RF: 25, step: 200, timeScale: 30 };
    const r = readRuleSpec({ kind: 'tcl', kernel });
    expect(r.kernel?.name).toBe('markov');
    expect(r.rule.stateSize).toBe(2 + 10);
    expect(r.tauK).toBeCloseTo(markovKernelInfo({ gamma: 1e-3, RF: 25, step: 200, timeScale: 30 }).tauK, 12);
    // Six times faster chain than the authors' scale: six times shorter memory.
    expect(r.tauK! * 6).toBeCloseTo(markovKernelInfo({ gamma: 1e-3 }).tauK, 12);
  });

  it('names a bad field', () => {
    const field = (kernel: unknown) => {
      try {
        readRuleSpec({ kind: 'tcl', kernel });
      } catch (e) {
        expect(e).toBeInstanceOf(SpecError);
        return (e as SpecError).field;
      }
      return undefined;
    };
    expect(field({ kind: 'markov', gamma: 0 })).toBe('rule.kernel.gamma');
    expect(field({ kind: 'markov', B: 20 })).toBe('rule.kernel.B');
    expect(field({ kind: 'markv' })).toBe('rule.kernel.kind');
  });

  it('refuses, before the run, a window that spans more synapse ticks than windowSteps holds', () => {
    // Window 1 at synapse period 0.02 with jitter 0.5 and rate spread 2: ticks as short as
    // 0.005, so the window spans ceil(1 / 0.005) + 1 = 201 ticks.
    const spec = (windowSteps: number) => ({
      ...defaultLearnSpec,
      rule: { kind: 'tcl', lr: 0.3, theta: 1e-3, kernel: { kind: 'markov', window: 1, normalisation: 'absolute', windowSteps } },
      timing: { ...defaultLearnSpec.timing, synapsePeriod: 0.02, jitter: 0.5, rateSpread: 2 },
      allowTimescaleOverlap: true,
    });
    let err: unknown;
    try {
      prepareLearn(spec(200) as never);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SpecError);
    expect((err as SpecError).message).toBe('rule.kernel.windowSteps: expected at least 201: the window 1 spans that many synapse ticks of 0.005, got 200');
    expect(() => prepareLearn(spec(201) as never)).not.toThrow();
  });
});
