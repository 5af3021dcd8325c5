import { describe, expect, it } from 'vitest';
import {
  birthYearFromIdNumber,
  idNumberCheckChar,
  isValidIdNumber,
  isValidPhone,
  maskIdNumber,
  maskName,
  maskPhone,
} from './identity.ts';

describe('ID numbers (GB 11643)', () => {
  it('accepts the standard’s worked example and rejects a wrong check character', () => {
    // The example in GB 11643-1999: 11010519491231002X.
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('11010519491231002x')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
  });
  it('rejects impossible birth dates and wrong lengths', () => {
    const first17 = '33020619900230123';
    expect(isValidIdNumber(first17 + idNumberCheckChar(first17))).toBe(false);
    expect(isValidIdNumber('3302061990010112')).toBe(false);
  });
  it('reads the birth year', () => {
    expect(birthYearFromIdNumber('11010519491231002X')).toBe(1949);
  });
});

describe('phones', () => {
  it('accepts mobiles and landlines, rejects the rest', () => {
    expect(isValidPhone('13812345678')).toBe(true);
    expect(isValidPhone('+86 138-1234-5678')).toBe(true);
    expect(isValidPhone('057487654321')).toBe(true);
    expect(isValidPhone('12812345678')).toBe(false);
    expect(isValidPhone('1381234567')).toBe(false);
  });
});

describe('masks', () => {
  it('masks as the issue shows', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskIdNumber('330206199001011234')).toBe('3302**********1234');
  });
});
