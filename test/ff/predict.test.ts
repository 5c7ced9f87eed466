import { FfNetwork, LABEL_PIXELS, overlayLabel } from '../../src/ff/ff-network';
import { RandomSource } from '../../src/scheduler/random';

describe('FF prediction', () => {
  it('labelGoodness (first layer computed once) equals the goodness summed over the layers of each overlaid input', () => {
    const rng = new RandomSource(7).stream('predict');
    const net = new FfNetwork([40, 12, 9, 6], 2).init(rng);
    for (let trial = 0; trial < 5; trial++) {
      const image = Array.from({ length: 40 }, () => (rng.uniform() < 0.4 ? rng.uniform() : 0));
      const fast = net.labelGoodness(image);
      const slow = Array.from({ length: LABEL_PIXELS }, (_, y) => net.goodness(overlayLabel(image, y, new Float64Array(40))).reduce((a, b) => a + b, 0));
      slow.forEach((g, y) => expect(fast[y]).toBeCloseTo(g, 12));
      const argmax = slow.indexOf(Math.max(...slow));
      expect(net.predict(image)).toBe(argmax);
    }
  });

  it('overlays the label as the authors do: first 10 pixels zeroed, pixel y set to the value', () => {
    const img = Array.from({ length: 16 }, (_, k) => (k + 1) / 16);
    const x = overlayLabel(img, 3, new Float64Array(16));
    expect([...x.slice(0, 10)]).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    expect([...x.slice(10)]).toEqual(img.slice(10));
  });
});
