import { describe, expect, it } from 'vitest';
import { csvRows, parseCsv, readAudience } from './audience';

describe('parseCsv', () => {
  it('reads quoted cells with commas, doubled quotes and line breaks, CRLF, a BOM, and skips blank lines', () => {
    const rows = parseCsv('\ufeffphone,name\r\n+4915112345678,"Müller, Anna"\r\n\r\n+4915112345679,"Say ""hi""\nthere"\n');
    expect(rows).toEqual([
      { line: 1, cells: ['phone', 'name'] },
      { line: 2, cells: ['+4915112345678', 'Müller, Anna'] },
      { line: 4, cells: ['+4915112345679', 'Say "hi"\nthere'] },
    ]);
  });
});

describe('readAudience', () => {
  it('normalises phones with the default country, splits tags, keeps other columns as attributes, and drops repeats', () => {
    const { rows } = csvRows('Phone,Name,Tags,city\n0151 12345678,Anna,vip;new,Berlin\n+4915112345678,Anna again,,Hamburg\n+14155551234,,,\n');
    const { members, problems } = readAudience(rows, 'DE');
    expect(problems).toEqual([]);
    expect(members).toEqual([
      { phone: '+4915112345678', name: 'Anna', tags: ['vip', 'new'], attributes: { city: 'Berlin' } },
      { phone: '+14155551234', name: null, tags: [], attributes: {} },
    ]);
  });

  it('names every bad row by its line, and refuses the whole audience', () => {
    const { rows } = csvRows('phone,name,bad key\n+4915112345678,Anna,\nnope,Bob,\n,Carl,\n+4915112345679,Dora,x\n');
    const { problems } = readAudience(rows, undefined);
    expect(problems.map((problem) => problem.field)).toEqual(['audience.csv[line 3].phone', 'audience.csv[line 4].phone', 'audience.csv[line 5].bad key']);
  });

  it('lists at most 50 bad rows and counts the rest', () => {
    const { problems } = readAudience(Array.from({ length: 60 }, (_, index) => ({ label: `audience.rows[${index}]`, values: { phone: 'x' } })), undefined);
    expect(problems).toHaveLength(51);
    expect(problems[50]).toEqual({ field: 'audience', message: 'and 10 more invalid row(s)' });
  });

  it('needs a header naming phone', () => {
    expect(csvRows('name,city\nAnna,Berlin\n').problems).toEqual([{ field: 'audience.csv', message: 'the first line must name the columns and include phone, e.g. phone,name,city' }]);
  });
});
