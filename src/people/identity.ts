/**
 * Checks and masks for residents' identifiers: mainland ID numbers (GB 11643-1999),
 * mobile and landline phone numbers, and names. Masks are what every list and export shows.
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The GB 11643 check character for the first 17 digits. */
export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

/** Upper-cases the check character and strips spaces. */
export function normalizeIdNumber(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

/** True when an 18-character ID number has a valid birth date and check character. */
export function isValidIdNumber(raw: string): boolean {
  const id = normalizeIdNumber(raw);
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1880 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return false;
  return idNumberCheckChar(id) === id[17];
}

/** Birth year encoded in a valid ID number. */
export function birthYearFromIdNumber(id: string): number {
  return Number(normalizeIdNumber(id).slice(6, 10));
}

/** Digits only, with a leading +86/0086 country code removed. */
export function normalizePhone(raw: string): string {
  const digits = raw.replace(/[\s\-()]/g, '').replace(/^(\+86|0086)/, '');
  return digits;
}

/** Mainland mobile (1[3-9]x, 11 digits) or landline with area code (0 + 9–11 digits). */
export function isValidPhone(raw: string): boolean {
  const phone = normalizePhone(raw);
  return /^1[3-9]\d{9}$/.test(phone) || /^0\d{9,11}$/.test(phone);
}

/** 张三 → 张*, 欧阳娜娜 → 欧***; a one-character name shows as *. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}

/** 13812345678 → 138****5678; landlines keep the area code and last four. */
export function maskPhone(phone: string): string {
  const p = normalizePhone(phone);
  if (p.length <= 7) return '*'.repeat(p.length);
  const head = p.startsWith('0') ? p.slice(0, p.length - 8) : p.slice(0, 3);
  return head + '*'.repeat(p.length - head.length - 4) + p.slice(-4);
}

/** 330206199001011234 → 3302**********1234 */
export function maskIdNumber(id: string): string {
  const n = normalizeIdNumber(id);
  return n.slice(0, 4) + '*'.repeat(n.length - 8) + n.slice(-4);
}
