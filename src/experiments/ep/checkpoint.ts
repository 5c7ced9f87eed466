import { writeFileAtomic } from '../../out-path';
import { createHash } from 'crypto';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { SpecError } from '../../errors';
import { EpSpec } from './ep-spec';
import { EpState } from './ep-train';

/** The checkpoint file of a run folder. */
export const CHECKPOINT_FILE = 'checkpoint.bin';
const MAGIC = 'PHLSCKP2';

/**
 * A run's state after an epoch: weights, biases and the persistent states of every example, as
 * raw Float64 data behind a small JSON header (epoch, array lengths, SHA-256 of the data), all in
 * one file; a run on the event engine adds the engine's and the presenter's state as JSON after
 * the numbers, under the same checksum. It is written to a temporary name and renamed: one rename is atomic, so a kill at
 * any moment leaves either the previous checkpoint or the new one, whole. The checksum also
 * catches a file damaged after the fact.
 */
export function saveCheckpoint(dir: string, state: EpState): void {
  const arrays = parts(state);
  const data = new Float64Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    data.set(a, at);
    at += a.length;
  }
  // The event engine's state (plain JSON) follows the numbers, under the same checksum.
  const online = state.online ? Buffer.from(JSON.stringify(state.online), 'utf8') : Buffer.alloc(0);
  const bytes = Buffer.concat([Buffer.from(data.buffer), online]);
  const header = { epoch: state.epoch, lengths: arrays.map((a) => a.length), sha256: sha256(bytes), ...(state.online ? { online: online.length } : {}) };
  // magic, header length (8 ASCII digits), header padded with spaces to a multiple of 8 bytes, data
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((16 + json.length) % 8)) % 8);
  const file = join(dir, CHECKPOINT_FILE);
  writeFileAtomic(file, Buffer.concat([Buffer.from(MAGIC + String(json.length).padStart(8, '0') + json, 'ascii'), bytes]));
}

/** Reads the checkpoint of a run directory for the given spec; every problem is a clear error naming the file. */
export function loadCheckpoint(dir: string, spec: EpSpec): EpState {
  const file = join(dir, CHECKPOINT_FILE);
  if (!existsSync(file)) throw new SpecError('--resume', `a run folder with a checkpoint (${file})`);
  if (existsSync(join(dir, 'checkpoint.json'))) {
    throw new SpecError(file, 'a checkpoint of this version (the two-file checkpoints of earlier versions cannot be checked for a torn write; start the run again)');
  }
  const buf = readFileSync(file);
  const bad = (why: string) => new SpecError(file, `an intact checkpoint (${why}); the run can only start again`);
  if (buf.length < 16 || buf.toString('ascii', 0, 8) !== MAGIC) throw bad('not a phaseless checkpoint');
  const headerLength = Number(buf.toString('ascii', 8, 16));
  if (!Number.isInteger(headerLength) || 16 + headerLength > buf.length) throw bad('its header is cut');
  let meta: { epoch: number; lengths: number[]; sha256: string; online?: number };
  try {
    meta = JSON.parse(buf.toString('ascii', 16, 16 + headerLength));
  } catch {
    throw bad('its header is not JSON');
  }
  const bytes = buf.subarray(16 + headerLength);
  if (!Array.isArray(meta.lengths) || typeof meta.sha256 !== 'string' || !Number.isInteger(meta.epoch)) throw bad('its header lacks fields');
  if (sha256(bytes) !== meta.sha256) throw bad('its data do not match their checksum');
  const onlineBytes = meta.online ?? 0;
  if (!Number.isInteger(onlineBytes) || onlineBytes < 0 || onlineBytes > bytes.length || (bytes.length - onlineBytes) % 8 !== 0) throw bad('its header lacks fields');
  if ((spec.engine === 'event') !== onlineBytes > 0) {
    throw new SpecError(file, `a checkpoint of this spec (engine ${spec.engine ?? 'array'}; it was written by a run on ${onlineBytes > 0 ? 'the event engine' : 'the array engine'})`);
  }
  const numbers = bytes.subarray(0, bytes.length - onlineBytes);
  const all = new Float64Array(numbers.buffer.slice(numbers.byteOffset, numbers.byteOffset + numbers.byteLength));
  const sizes = spec.layers;
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
    throw new SpecError(file, `a checkpoint of this spec (${sizes.length} layers ${sizes.join('-')}, ${spec.data.train}/${spec.data.test} digits)`);
  }
  let at = 0;
  for (const a of arrays) {
    a.set(all.subarray(at, at + a.length));
    at += a.length;
  }
  if (onlineBytes > 0) shell.online = JSON.parse(bytes.subarray(bytes.length - onlineBytes).toString('utf8'));
  return shell;
}

function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

function parts(s: EpState): Float64Array[] {
  return [...s.net.weights, ...s.net.biases.slice(1), ...s.trainPersistent.slice(1), ...s.testPersistent.slice(1)];
}
