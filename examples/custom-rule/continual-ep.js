/**
 * A learning rule of your own, in one file: Continual EP (Ernoult, Grollier, Querlioz, Bengio,
 * Scellier 2020), one of the phase-free peers of the classic rule. During the clamped phase the
 * weight moves at every step by the change of its local signal since the previous step,
 *     dw = -lr (s_t - s_{t-1}),
 * which summed over a clamped phase telescopes to -lr (s_clamped - s_free): the classic
 * contrastive update, with no stored free state (only the previous step's s).
 *
 * A plugin exports one function; phaseless calls it with its own API, so the rule registers
 * into the registries that read the spec, and `z` (the schema library) comes with it.
 */
// phaseless ships this rule as kind "continualEP" (src/synapses/rules/continual-ep.ts); the plugin
// registers its own copy under another kind, as a user's rule would.
module.exports = function register(phaseless) {
  const { registerRule, learningParams, clampWeight, phaseType } = phaseless;

  registerRule({
    kind: 'myContinualEP',
    doc: 'Continual EP: dw = -lr (s_t - s_{t-1}) at every step of the clamped phase',
    // lr, wMin and wMax like every shipped rule; add your own fields in the second argument.
    params: learningParams(0.05, {}),
    build: (params) => ({
      params,
      // The rule reads the phase type z (0 free, 1 clamped): it must declare the modulator.
      modulator: phaseType,
      rule: {
        name: 'continual-ep',
        reads: ['endpoints', 'modulator'],
        stateSize: 2, // [w, s at the previous step]
        init(x, o, w0) {
          x[o] = w0;
          x[o + 1] = NaN;
        },
        step(x, o, s, z, _dt, p) {
          const prev = x[o + 1];
          if (z === 1 && !Number.isNaN(prev)) x[o] = clampWeight(x[o] - p.lr * (s - prev), p);
          x[o + 1] = s;
        },
      },
    }),
  });
};
