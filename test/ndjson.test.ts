import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { readNdjson } from '../src/ndjson';

describe('readNdjson', () => {
  let dir = '';
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'phaseless-ndjson-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('drops (and cuts) a last line an interrupted write left without its newline', () => {
    const p = join(dir, 'm.ndjson');
    writeFileSync(p, '{"a":1}\n{"a":2}\n{"a":');
    expect(readNdjson(p)).toEqual([{ a: 1 }, { a: 2 }]);
    expect(readFileSync(p, 'utf8')).toBe('{"a":1}\n{"a":2}\n');
  });

  it('refuses a damaged line before the last, naming file and line, and changes nothing', () => {
    const p = join(dir, 'm.ndjson');
    writeFileSync(p, '{"a":1}\n{"a":\n{"a":3}\n');
    expect(() => readNdjson(p)).toThrow(`${p}:2: expected a JSON line (the file is damaged; move it away to start again), got "{\\"a\\":"`);
    expect(readFileSync(p, 'utf8')).toBe('{"a":1}\n{"a":\n{"a":3}\n');
  });

  it('a missing file holds no rows', () => {
    expect(readNdjson(join(dir, 'none'))).toEqual([]);
  });
});
