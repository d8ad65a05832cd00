/** CSV export of report tables, for managers who open them in a spreadsheet. */

export type CsvColumn<T> = { header: string; value: (row: T) => string | number | null | undefined };

/** Characters that make a spreadsheet read a cell as a formula (CSV injection, OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/;
// Spreadsheets also read full-width forms (＝ ＋ － ＠) as formula signs; NFKC folds them to ASCII.
const startsFormula = (text: string) => FORMULA_START.test(text.slice(0, 1).normalize('NFKC'));
const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180 CSV with a header row; cells that start with = + - @ tab or CR are prefixed with ' so spreadsheets do not run them as formulas. */
export function toCsv<T>(rows: T[], columns: Array<CsvColumn<T>>): string {
  return [...csvRecords(rows, columns)].join('');
}

/**
 * The same CSV one record at a time (the header first), for exports too large to build in memory.
 * Every record ends with CRLF, the last one too (RFC 4180 allows it; spreadsheets ignore it).
 */
export function* csvRecords<T>(rows: Iterable<T>, columns: Array<CsvColumn<T>>): Generator<string> {
  yield `${columns.map((c) => formatCell(c.header)).join(',')}\r\n`;
  for (const row of rows) yield `${columns.map((c) => formatCell(c.value(row))).join(',')}\r\n`;
}

function formatCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  // Numbers are data, never formulas: -3 stays -3. String(n) has no thousands separators; NaN/Infinity are not data.
  if (typeof value === 'number')
    return Number.isFinite(value) ? String(Object.is(value, -0) ? 0 : value) : '';
  const text = startsFormula(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
