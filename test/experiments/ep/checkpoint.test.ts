import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { CHECKPOINT_FILE, loadCheckpoint, saveCheckpoint } from '../../../src/experiments/ep/checkpoint';
import { readEpSpec } from '../../../src/experiments/ep/ep-spec';
import { EpState } from '../../../src/experiments/ep/ep-train';
import { SpecError } from '../../../src/errors';

const spec = readEpSpec({ layers: [784, 6, 10], data: { train: 30, test: 10 }, batch: 10, rule: { kind: 'classic' } });

/** A state with distinct values everywhere (not the code's own output: a counter). */
function state(epoch: number, offset: number): EpState {
  let k = offset;
  const fill = (n: number) => Float64Array.from({ length: n }, () => (k++ % 997) / 997 - 0.5);
  const s = spec.layers;
  return {
    epoch,
    net: { sizes: s, weights: s.slice(0, -1).map((n, l) => fill(n * s[l + 1])), biases: s.map((n, l) => fill(l === 0 ? 0 : n)) },
    trainPersistent: s.map((n, l) => fill(l === 0 ? 0 : 30 * n)),
    testPersistent: s.map((n, l) => fill(l === 0 ? 0 : 10 * n)),
  };
}

describe('EP checkpoint: one atomic, checksummed file', () => {
  let dir = '';
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'phaseless-ckpt-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const refusal = (): string => {
    try {
      loadCheckpoint(dir, spec);
    } catch (e) {
      expect(e).toBeInstanceOf(SpecError);
      return (e as SpecError).message;
    }
    throw new Error('expected a refusal');
  };

  it('round-trips a state exactly; a leftover temporary file of an interrupted save changes nothing', () => {
    const a = state(3, 1);
    saveCheckpoint(dir, a);
    writeFileSync(join(dir, CHECKPOINT_FILE + '.tmp'), 'half a checkpoint');
    const b = loadCheckpoint(dir, spec);
    expect(b.epoch).toBe(3);
    expect(b.net.weights).toEqual(a.net.weights);
    expect(b.net.biases).toEqual(a.net.biases);
    expect(b.trainPersistent).toEqual(a.trainPersistent);
    expect(b.testPersistent).toEqual(a.testPersistent);
  });

  it('refuses a damaged data byte, a cut file, a foreign file and the old two-file format', () => {
    saveCheckpoint(dir, state(2, 5));
    const file = join(dir, CHECKPOINT_FILE);
    const good = readFileSync(file);
    const flipped = Buffer.from(good);
    flipped[flipped.length - 3] ^= 0x40;
    writeFileSync(file, flipped);
    expect(refusal()).toMatch(/do not match their checksum/);
    writeFileSync(file, good.subarray(0, good.length - 8));
    expect(refusal()).toMatch(/do not match their checksum/);
    writeFileSync(file, good.subarray(0, 12));
    expect(refusal()).toMatch(/not a phaseless checkpoint|header is cut/);
    writeFileSync(file, 'hello');
    expect(refusal()).toMatch(/not a phaseless checkpoint/);
    writeFileSync(file, good);
    writeFileSync(join(dir, 'checkpoint.json'), '{"epoch": 2}');
    expect(refusal()).toMatch(/two-file checkpoints of earlier versions/);
  });

  it('refuses a checkpoint of another spec', () => {
    saveCheckpoint(dir, state(1, 0));
    const other = readEpSpec({ layers: [784, 7, 10], data: { train: 30, test: 10 }, batch: 10, rule: { kind: 'classic' } });
    expect(() => loadCheckpoint(dir, other)).toThrow(/a checkpoint of this spec \(3 layers 784-7-10/);
    expect(existsSync(join(dir, CHECKPOINT_FILE))).toBe(true);
  });
});
