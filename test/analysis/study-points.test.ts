import { TimedSpec, atLevel, axisLevels, paperStudyAxes, standardStudyAxes, studyPointOf, studyPointSpecs } from '../../src/analysis/study-points';

describe('study points', () => {
  const base = { name: 'base', seed: 0, x: 0, nested: { y: 0 } };
  const axes = {
    jitter: { levels: [0, 1, 2, 3, 4], set: (s: typeof base, v: number) => (s.x = v) },
    dead: { levels: [0, 10, 20, 30, 40], set: (s: typeof base, v: number) => (s.nested.y = v) },
  };

  it('writes per seed the base, then each axis at its levels but 0, named as studyPointOf reads them', () => {
    const all = studyPointSpecs(base, axes, { firstLook: false });
    // 3 seeds x (base + 2 axes x 4 levels).
    expect(all).toHaveLength(27);
    expect(all.slice(0, 3).map((p) => p.name)).toEqual(['base-seed-1', 'jitter-1-seed-1', 'jitter-2-seed-1']);
    for (const { name, spec } of all) {
      const point = studyPointOf(name)!;
      expect(spec.seed).toBe(point.seed);
      expect(spec.name).toBe(name);
      if (point.axis === 'jitter') expect([spec.x, spec.nested.y]).toEqual([point.level, 0]);
      if (point.axis === 'dead') expect([spec.x, spec.nested.y]).toEqual([0, point.level]);
      if (point.axis === 'base') expect([spec.x, spec.nested.y]).toEqual([0, 0]);
    }
    // The base spec is not touched.
    expect(base).toEqual({ name: 'base', seed: 0, x: 0, nested: { y: 0 } });
  });

  it('the first look: seed 1, levels 2 and 4 of each axis', () => {
    expect(studyPointSpecs(base, axes, { firstLook: true }).map((p) => p.name)).toEqual(['base-seed-1', 'jitter-2-seed-1', 'jitter-4-seed-1', 'dead-20-seed-1', 'dead-40-seed-1']);
  });

  it('seeds as given; a base note is rewritten per point, a spec without one gets none', () => {
    const points = studyPointSpecs({ ...base, note: 'the base' }, axes, { firstLook: true, seeds: [4, 7] });
    expect(points.map((p) => p.name)).toEqual(['base-seed-4', 'jitter-2-seed-4', 'jitter-4-seed-4', 'dead-20-seed-4', 'dead-40-seed-4', 'base-seed-7', 'jitter-2-seed-7', 'jitter-4-seed-7', 'dead-20-seed-7', 'dead-40-seed-7']);
    expect(points[2].spec.note).toBe('Axis jitter at level 4, seed 4, of the robustness study whose base is: the base');
    expect(points[5].spec.note).toBe('The base point (no irregularity on any axis), seed 7, of the robustness study whose base is: the base');
    expect('note' in studyPointSpecs(base, axes, { firstLook: true })[1].spec).toBe(false);
  });

  it("the paper studies' delays: EP in relaxation steps, RBM in Gibbs steps; timing made where a spec has none", () => {
    const ep = paperStudyAxes<TimedSpec>('ep', 0.01);
    const s: TimedSpec = {};
    ep.delay.set(s, ep.delay.levels[4]);
    expect(s).toEqual({ timing: { endpointView: { randomDelay: { min: 0, max: 0.04 } } } });
    expect(paperStudyAxes<TimedSpec>('rbm', 1).delay.levels).toEqual([0, 1, 4, 16, 64]);
    expect(ep.delay.levels).toEqual([0, 0.5, 1, 2, 4]);
  });

  it('the standard axes set the one format\'s timing and faults, delays in the given unit, faults merged', () => {
    const axes = standardStudyAxes<TimedSpec>([0, 1, 2, 3, 4], 0.01);
    const spec = (): TimedSpec => ({ timing: { rateSpread: 1, jitter: 0 }, faults: { seed: 7 } });
    const at = (axis: keyof typeof axes, level: number) => {
      const s = spec();
      axes[axis].set(s, level);
      return s;
    };
    expect(at('spread', 2.83).timing!.rateSpread).toBe(2.83);
    expect(at('jitter', 0.45).timing!.jitter).toBe(0.45);
    expect(at('delay', 4).timing!.endpointView).toEqual({ randomDelay: { min: 0, max: 0.04 } });
    expect(at('drop', 0.9).faults).toEqual({ seed: 7, drop: 0.9 });
    expect(at('dead', 0.5).faults).toEqual({ seed: 7, dead: 0.5 });
    expect(Object.values(axes).every((a) => a.levels.length === 5 && a.levels[0] === (a === axes.spread ? 1 : 0))).toBe(true);
  });

  it('the base point sits at each axis\'s own no-irregularity level: 0, or a rate spread of 1', () => {
    const points = ['base-seed-1', 'base-seed-2', 'spread-2.83-seed-1', 'jitter-0.45-seed-1'].map((n) => studyPointOf(n)!);
    expect(axisLevels(points, 'spread')).toEqual([1, 2.83]);
    expect(axisLevels(points, 'jitter')).toEqual([0, 0.45]);
    expect(axisLevels(points, 'dead')).toEqual([]);
    expect(atLevel(points, 'spread', 1).map((p) => p.seed)).toEqual([1, 2]);
    expect(atLevel(points, 'spread', 0)).toEqual([]);
    expect(atLevel(points, 'jitter', 0).map((p) => p.axis)).toEqual(['base', 'base']);
  });
});
