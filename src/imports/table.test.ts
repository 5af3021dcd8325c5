import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { readTable, TableFormatError } from './table.ts';

async function xlsxOf(fill: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  fill(workbook.addWorksheet('住户'));
  workbook.addWorksheet('ignored').addRow(['not', 'read']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function formatError(promise: Promise<unknown>): Promise<TableFormatError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TableFormatError);
  return error as TableFormatError;
}

describe('readTable: CSV', () => {
  it('reads UTF-8 with and without a BOM, trimming cells', async () => {
    const text = '姓名, 手机号 \r\n 张三 ,13812345678\r\n';
    for (const input of [Buffer.from(text), Buffer.from('\uFEFF' + text)]) {
      const table = await readTable(input, 'residents.CSV');
      expect(table.headers).toEqual(['姓名', '手机号']);
      expect(table.rows).toEqual([{ rowNumber: 2, values: { 姓名: '张三', 手机号: '13812345678' } }]);
    }
  });

  it('decodes GBK/GB18030 files saved by Chinese Excel', async () => {
    // 姓=D0D5 名=C3FB 张=D5C5 三=C8FD in GBK; these bytes are not valid UTF-8.
    const bytes = Buffer.from([0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0x61, 0x0d, 0x0a, 0xd5, 0xc5, 0xc8, 0xfd, 0x2c, 0x31, 0x0d, 0x0a]);
    const table = await readTable(bytes, 'gbk.csv');
    expect(table.headers).toEqual(['姓名', 'a']);
    expect(table.rows[0].values).toEqual({ 姓名: '张三', a: '1' });
  });

  it('decodes UTF-16 tab-separated "Unicode text" from Excel', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('姓名\t房号\r\n张三\t0101\r\n', 'utf16le')]);
    const table = await readTable(bytes, 'export.txt');
    expect(table.rows[0].values).toEqual({ 姓名: '张三', 房号: '0101' });
  });

  it('numbers rows as the spreadsheet does: quoted line breaks and blank rows count, blank rows are skipped', async () => {
    const csv = 'name,note\n"Li","two\nlines"\n\n,,\nWang,x\n';
    const table = await readTable(Buffer.from(csv), 'r.csv');
    expect(table.rows.map((r) => [r.rowNumber, r.values.name])).toEqual([
      [2, 'Li'],
      [5, 'Wang'],
    ]);
    expect(table.rows[0].values.note).toBe('two\nlines');
  });

  it('drops headerless columns and takes off the formula guard our exports add', async () => {
    const table = await readTable(Buffer.from("a,,b\n'=1+1,x,'-3\n"), 'r.csv');
    expect(table.headers).toEqual(['a', 'b']);
    expect(table.rows[0].values).toEqual({ a: '=1+1', b: '-3' });
  });

  it('rejects unbalanced quotes, empty files and duplicate headers with a reason', async () => {
    expect((await formatError(readTable(Buffer.from('a,b\n"x,1\n'), 'r.csv'))).code).toBe('UNREADABLE_CSV');
    expect((await formatError(readTable(Buffer.from('\n,,\n'), 'r.csv'))).code).toBe('EMPTY');
    const duplicate = await formatError(readTable(Buffer.from('姓名,姓名\n1,2\n'), 'r.csv'));
    expect(duplicate.reasonIn('zh-CN')).toBe('表头中“姓名”出现了两次。');
  });

  it('parses 20,000 rows and reports progress at least every 1,000 rows', async () => {
    const lines = ['楼栋编号,单元,房号'];
    for (let i = 0; i < 20000; i++) lines.push(`B${i % 50},${(i % 4) + 1},${i}`);
    const progress: [number, number][] = [];
    const table = await readTable(Buffer.from(lines.join('\n')), 'big.csv', (done, total) => progress.push([done, total]));
    expect(table.rows).toHaveLength(20000);
    expect(table.rows[19999]).toEqual({ rowNumber: 20001, values: { 楼栋编号: 'B49', 单元: '4', 房号: '19999' } });
    expect(progress.length).toBeGreaterThanOrEqual(20);
    expect(progress.at(-1)).toEqual([20000, 20000]);
    progress.forEach(([done], i) => expect(done - (i === 0 ? 0 : progress[i - 1][0])).toBeLessThanOrEqual(1000));
  });
});

describe('readTable: XLSX', () => {
  it('reads the first sheet, turning numbers, dates, rich text and formulas into text', async () => {
    const input = await xlsxOf((sheet) => {
      sheet.addRow(['楼栋编号', '房号', '面积', '登记日期', '备注', '合计']);
      sheet.addRow([' A1 ', 101, 85.5, new Date(Date.UTC(2024, 2, 1)), { richText: [{ text: '一' }, { text: '楼' }] }, { formula: 'C2*2', result: 171 }]);
    });
    const table = await readTable(input, 'h.xlsx');
    expect(table.rows).toEqual([
      { rowNumber: 2, values: { 楼栋编号: 'A1', 房号: '101', 面积: '85.5', 登记日期: '2024-03-01', 备注: '一楼', 合计: '171' } },
    ]);
  });

  it('keeps ID numbers typed as text; ones Excel stored as numbers have already lost digits', async () => {
    const input = await xlsxOf((sheet) => {
      sheet.addRow(['身份证号']);
      sheet.addRow(['330206199001011234']);
      sheet.addRow([330206199001011234]);
    });
    const table = await readTable(input, 'r.xlsx');
    expect(table.rows[0].values.身份证号).toBe('330206199001011234');
    expect(table.rows[1].values.身份证号).not.toBe('330206199001011234');
  });

  it('skips empty rows but keeps the row numbers people see, even when the header is not on row 1', async () => {
    const input = await xlsxOf((sheet) => {
      sheet.getCell('A2').value = '姓名';
      sheet.getCell('A4').value = '张三';
      sheet.getCell('A6').value = '李四';
    });
    const table = await readTable(input, 'r.xlsx');
    expect(table.rows.map((r) => r.rowNumber)).toEqual([4, 6]);
  });

  it('refuses legacy .xls, damaged workbooks and unknown extensions', async () => {
    expect((await formatError(readTable(Buffer.from('x'), 'old.xls'))).code).toBe('LEGACY_XLS');
    expect((await formatError(readTable(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), 'renamed.xlsx'))).code).toBe('LEGACY_XLS');
    expect((await formatError(readTable(Buffer.from('not a zip'), 'broken.xlsx'))).code).toBe('UNREADABLE_XLSX');
    const unknown = await formatError(readTable(Buffer.from('x'), 'scan.pdf'));
    expect(unknown.code).toBe('UNKNOWN_EXTENSION');
    expect(unknown.reason).toContain('.pdf');
  });
});
