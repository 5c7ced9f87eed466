import { existsSync, readFileSync, renameSync, writeFileSync } from 'fs';
import { join } from 'path';
import { SpecError } from '../errors';
import { EpSpec } from './ep-spec';
import { EpState } from './ep-train';

/**
 * A run's state after an epoch: weights, biases and the persistent states of every example,
 * as raw Float64 data (checkpoint.bin) with a small JSON header (checkpoint.json). Written to
 * temporary names and renamed, so an interrupted write never leaves a torn checkpoint.
 */
export function saveCheckpoint(dir: string, state: EpState): void {
  const arrays = parts(state);
  const total = arrays.reduce((n, a) => n + a.length, 0);
  const all = new Float64Array(total);
  let at = 0;
  for (const a of arrays) {
    all.set(a, at);
    at += a.length;
  }
  const bin = join(dir, 'checkpoint.bin');
  const head = join(dir, 'checkpoint.json');
  writeFileSync(bin + '.tmp', Buffer.from(all.buffer));
  writeFileSync(head + '.tmp', JSON.stringify({ epoch: state.epoch, lengths: arrays.map((a) => a.length) }) + '\n');
  renameSync(bin + '.tmp', bin);
  renameSync(head + '.tmp', head);
}

/** Reads the checkpoint of a run directory for the given spec; errors name the file. */
export function loadCheckpoint(dir: string, spec: EpSpec): EpState {
  const head = join(dir, 'checkpoint.json');
  const bin = join(dir, 'checkpoint.bin');
  if (!existsSync(head) || !existsSync(bin)) throw new SpecError('--resume', `a run folder with a checkpoint (${head})`);
  const meta = JSON.parse(readFileSync(head, 'utf8')) as { epoch: number; lengths: number[] };
  const buf = readFileSync(bin);
  const all = new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  const sizes = spec.layers;
  const L = sizes.length;
  const shell: EpState = {
    epoch: meta.epoch,
    net: {
      sizes,
      weights: sizes.slice(0, -1).map((n, l) => new Float64Array(n * sizes[l + 1])),
      biases: sizes.map((n, l) => new Float64Array(l === 0 ? 0 : n)),
    },
    trainPersistent: sizes.map((n, l) => new Float64Array(l === 0 ? 0 : spec.data.train * n)),
    testPersistent: sizes.map((n, l) => new Float64Array(l === 0 ? 0 : spec.data.test * n)),
  };
  const arrays = parts(shell);
  const expected = arrays.map((a) => a.length);
  if (expected.join(',') !== meta.lengths.join(',') || all.length !== expected.reduce((a, b) => a + b, 0)) {
    throw new SpecError(bin, `a checkpoint of this spec (${L} layers ${sizes.join('-')}, ${spec.data.train}/${spec.data.test} digits)`);
  }
  let at = 0;
  for (const a of arrays) {
    a.set(all.subarray(at, at + a.length));
    at += a.length;
  }
  return shell;
}

function parts(s: EpState): Float64Array[] {
  return [...s.net.weights, ...s.net.biases.slice(1), ...s.trainPersistent.slice(1), ...s.testPersistent.slice(1)];
}
