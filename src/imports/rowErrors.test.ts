import { describe, expect, it } from 'vitest';
import { rowError, rowErrorCatalogue, rowErrorMessage, TableFormatError, type RowErrorCode } from './rowErrors.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('row error catalogue', () => {
  it('has a zh-CN and an en message with the same placeholders for every code', () => {
    for (const [code, entry] of Object.entries(rowErrorCatalogue)) {
      expect(entry.zh, code).not.toBe('');
      expect(entry.en, code).not.toBe('');
      expect(placeholders(entry.zh), code).toEqual(placeholders(entry.en));
    }
  });

  it('reads as a sentence that names the row and the column, in either language', () => {
    const params = { row: 5, column: '手机号' };
    expect(rowErrorMessage('INVALID_PHONE', 'zh-CN', params)).toMatch(/^第 5 行“手机号”：电话号码格式不正确/);
    expect(rowErrorMessage('INVALID_PHONE', 'en', params)).toMatch(/^Row 5, "手机号": not a valid phone number/);
  });

  it('fills placeholders and says "feature N" for GeoJSON', () => {
    const message = rowErrorMessage('UNKNOWN_FACILITY_KIND', 'en', { row: 3, column: 'kind', where: 'feature', value: 'spa' });
    expect(message).toBe('Feature 3, "kind": unknown facility kind "spa"; use a facility kind code from the standard.');
    expect(rowErrorMessage('UNKNOWN_FACILITY_KIND', 'zh-CN', { row: 3, column: 'kind', where: 'feature', value: 'spa' })).toMatch(
      /^第 3 个要素“kind”：未知的设施类型“spa”/,
    );
  });

  it('without a row gives just the problem, capitalised in English', () => {
    expect(rowErrorMessage('REQUIRED', 'en')).toBe('This field is required.');
  });

  it('builds an ErrorDetail with row, column, code and the localized message', () => {
    const detail = rowError('DUPLICATE_ROW' satisfies RowErrorCode, 'zh-CN', { row: 7, column: '房号' }, { firstRow: 3 });
    expect(detail).toEqual({ row: 7, column: '房号', code: 'DUPLICATE_ROW', message: '第 7 行“房号”：与第 3 行是同一户（楼栋、单元、房号都相同）。' });
  });
});

describe('TableFormatError', () => {
  it('carries a code, an English reason and the reason in zh-CN', () => {
    const error = new TableFormatError('UNKNOWN_EXTENSION', { ext: '.pdf' });
    expect(error).toBeInstanceOf(Error);
    expect(error.reason).toBe('unsupported file type ".pdf"; upload a .csv or .xlsx file.');
    expect(error.reasonIn('zh-CN')).toBe('不支持的文件类型“.pdf”，请上传 .csv 或 .xlsx 文件。');
  });
});
