import { describe, expect, it } from 'vitest';
import { parseCsvRecords } from './csv-records';

const columns = ['station', 'ts', 'temp'];

describe('parseCsvRecords', () => {
  it('keys each line by the configured header, skips a header line and blank lines, keeps cells as text', () => {
    expect(parseCsvRecords('station,ts,temp\r\n007,1700000000, 20.5 \n\n008,1700000001,21\n', columns, ',')).toEqual({
      ok: true,
      records: [
        { station: '007', ts: '1700000000', temp: '20.5' },
        { station: '008', ts: '1700000001', temp: '21' },
      ],
    });
  });

  it('reads RFC 4180 quotes, doubled quotes, delimiters and line breaks inside quotes', () => {
    expect(parseCsvRecords('"a;""b""";1;"x\ny"', columns, ';')).toEqual({ ok: true, records: [{ station: 'a;"b"', ts: '1', temp: 'x\ny' }] });
    expect(parseCsvRecords('a,,', columns, ',')).toEqual({ ok: true, records: [{ station: 'a', ts: '', temp: '' }] });
  });

  it('refuses a line with another cell count, an unclosed quote, and text after a closing quote', () => {
    expect(parseCsvRecords('a,1\n', columns, ',')).toEqual({ ok: false, problem: 'CSV line 1 has 2 cells; the configured header (station,ts,temp) has 3' });
    expect(parseCsvRecords('station,ts,temp\na,1,2,3', columns, ',')).toEqual({ ok: false, problem: 'CSV line 2 has 4 cells; the configured header (station,ts,temp) has 3' });
    expect(parseCsvRecords('"a,1,2', columns, ',')).toEqual({ ok: false, problem: 'CSV line 1: a quoted cell is not closed' });
    expect(parseCsvRecords('"a"x,1,2', columns, ',')).toEqual({ ok: false, problem: 'CSV line 1: text after a closing quote' });
  });

  it('answers no records for an empty message and makes "__proto__" an own field', () => {
    expect(parseCsvRecords('\n\n', columns, ',')).toEqual({ ok: true, records: [] });
    const result = parseCsvRecords('x', ['__proto__'], ',');
    expect(result.ok && Object.keys(result.records[0]!)).toEqual(['__proto__']);
  });
});
