import { SpecError } from '../errors';
import { isDecimal } from '../validate';

/**
 * A numeric CSV table as the user wrote it: a header row naming the columns, then one row per
 * example. Numbers only, comma-separated, no quoting (a task file holds node names and numbers,
 * neither of which needs it); the one text column a table may have is named in `textColumn`.
 */
export interface CsvTable {
  /** Column names, as in the header (surrounding spaces and double quotes removed). */
  header: string[];
  /** Numeric cells by row, one Float64Array per data row (the text column's cell is NaN). */
  rows: Float64Array[];
  /** The text column's cells by row, when the table has that column. */
  text?: string[];
  /** The file line of each data row (1 is the header), for messages about a row found later. */
  lines: number[];
}

/** Ceilings checked before anything sized by them is allocated (a table of these fits in 32 MB). */
export const CSV_LIMITS = { columns: 1024, rows: 100_000, cells: 4_000_000 };


/**
 * Parses CSV text; `where` names the file in errors (`task.file (examples.csv)`), which say the
 * line, the column's number and name, and what was found. Blank lines are skipped.
 */
export function parseCsv(text: string, where: string, textColumn?: string): CsvTable {
  // Spreadsheets often save UTF-8 with a byte-order mark, which would stick to the first column's name.
  const all = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const numbered = all.map((l, i) => ({ l, line: i + 1 })).filter(({ l }) => l.trim() !== '');
  if (numbered.length === 0) throw new SpecError(where, 'a header row naming the columns, then one row per example', 'an empty file');
  const [head, ...body] = numbered;
  const header = head.l.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1').trim());
  if (header[0] !== undefined && isDecimal(header[0])) {
    // A file without a header would otherwise fail on "unknown column 0.5": say what is missing.
    throw new SpecError(`${where} line ${head.line}`, 'a header row naming the columns (the first row holds numbers)', head.l.slice(0, 60));
  }
  if (header.length > CSV_LIMITS.columns) throw new SpecError(`${where} header`, `at most ${CSV_LIMITS.columns} columns`, header.length);
  header.forEach((name, c) => {
    if (name === '') throw new SpecError(`${where} line ${head.line} column ${c + 1}`, 'a column name in the header row', '');
    const first = header.indexOf(name);
    if (first !== c) throw new SpecError(`${where} line ${head.line} column ${c + 1}`, `a column name not already used (column ${first + 1})`, name);
  });
  if (body.length === 0) throw new SpecError(where, 'at least one row of values after the header', 'a header only');
  if (body.length > CSV_LIMITS.rows) throw new SpecError(where, `at most ${CSV_LIMITS.rows} rows`, body.length);
  if (body.length * header.length > CSV_LIMITS.cells) {
    throw new SpecError(where, `at most ${CSV_LIMITS.cells} cells (rows x columns)`, `${body.length} x ${header.length}`);
  }
  const textAt = textColumn === undefined ? -1 : header.indexOf(textColumn);
  const rows: Float64Array[] = [];
  const texts: string[] = [];
  for (const { l, line } of body) {
    const cells = l.split(',');
    if (cells.length !== header.length) {
      throw new SpecError(`${where} line ${line}`, `${header.length} cells, one per header column`, `${cells.length} cells`);
    }
    const row = new Float64Array(header.length);
    cells.forEach((raw, c) => {
      const cell = raw.trim();
      if (c === textAt) {
        texts.push(cell);
        row[c] = NaN;
        return;
      }
      if (!isDecimal(cell)) throw new SpecError(`${where} line ${line} column ${c + 1} "${header[c]}"`, 'a number', cell);
      row[c] = Number(cell);
      if (!Number.isFinite(row[c])) throw new SpecError(`${where} line ${line} column ${c + 1} "${header[c]}"`, 'a finite number', cell);
    });
    rows.push(row);
  }
  return { header, rows, ...(textAt >= 0 ? { text: texts } : {}), lines: body.map((b) => b.line) };
}

/**
 * Writes a number so that parseCsv reads back the same double: JavaScript's shortest
 * round-trip form, and -0 kept (String(-0) is "0").
 */
export function csvNumber(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}
