import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.ts';

type Row = { name: string | null; count: number | null; note?: string };
const columns = [
  { header: 'Name', value: (r: Row) => r.name },
  { header: 'Count', value: (r: Row) => r.count },
  { header: 'Note', value: (r: Row) => r.note },
];

describe('toCsv', () => {
  it('writes a header row and CRLF-terminated records', () => {
    expect(toCsv([{ name: 'VPN', count: 3, note: 'ok' }], columns)).toBe('Name,Count,Note\r\nVPN,3,ok\r\n');
  });

  it('is only the header when there are no rows', () => {
    expect(toCsv([], columns)).toBe('Name,Count,Note\r\n');
  });

  it('quotes cells with commas, quotes, CR or LF and doubles embedded quotes', () => {
    const csv = toCsv(
      [{ name: 'Printer, 2nd floor', count: 1, note: 'said "it jams"\nagain\rand again' }],
      columns,
    );
    expect(csv).toBe('Name,Count,Note\r\n"Printer, 2nd floor",1,"said ""it jams""\nagain\rand again"\r\n');
  });

  it('leaves null and undefined cells empty', () => {
    expect(toCsv([{ name: null, count: null }], columns)).toBe('Name,Count,Note\r\n,,\r\n');
  });

  it('prefixes text that a spreadsheet would run as a formula', () => {
    const names = [
      '=HYPERLINK("http://evil.example","x")',
      '+1+1',
      '-2+3',
      '@SUM(A1)',
      '\tcmd',
      '\rcmd',
      'safe = text',
    ];
    const csv = toCsv(
      names.map((name) => ({ name, count: 0 })),
      [columns[0]!],
    );
    expect(csv.split('\r\n').slice(1, 5)).toEqual([
      '"\'=HYPERLINK(""http://evil.example"",""x"")"',
      "'+1+1",
      "'-2+3",
      "'@SUM(A1)",
    ]);
    expect(csv).toContain("\r\n'\tcmd\r\n");
    expect(csv).toContain('\r\n"\'\rcmd"\r\n');
    expect(csv).toContain('\r\nsafe = text\r\n');
  });

  it('prefixes full-width formula signs too, which spreadsheets read as = + - @', () => {
    const csv = toCsv(
      ['＝1+1', '＋1', '－1', '＠SUM(A1)'].map((name) => ({ name, count: 0 })),
      [columns[0]!],
    );
    expect(csv.split('\r\n').slice(1, 5)).toEqual(["'＝1+1", "'＋1", "'－1", "'＠SUM(A1)"]);
  });

  it('writes numbers plainly and never guards a negative number', () => {
    const csv = toCsv(
      [-5, 1234567, 0.25, -0, Number.NaN, Number.POSITIVE_INFINITY].map((count) => ({ name: 'x', count })),
      [columns[1]!],
    );
    expect(csv).toBe('Count\r\n-5\r\n1234567\r\n0.25\r\n0\r\n\r\n\r\n');
  });

  it('does not add a byte order mark', () => {
    expect(toCsv([{ name: 'é', count: 1 }], columns).charCodeAt(0)).toBe('N'.charCodeAt(0));
  });
});
