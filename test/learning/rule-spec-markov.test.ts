import { markovKernelInfo } from '../../src/analysis/markov-adaptation';
import { SpecError } from '../../src/errors';
import { readRuleSpec } from '../../src/learning/rule-spec';

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
});
