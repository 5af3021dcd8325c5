import { describe, expect, it } from 'vitest';
import { redactUrl } from './logging.ts';

describe('log redaction', () => {
  it('hides exact-search values and keeps the rest of the URL', () => {
    expect(redactUrl('/api/residents?phone=13812345678&limit=5')).toBe('/api/residents?phone=%5Bredacted%5D&limit=5');
    expect(redactUrl('/api/residents?name=%E5%BC%A0%E4%B8%89&idNumber=11010519491231002X')).not.toMatch(/E5%BC%A0|1101051949/);
    expect(redactUrl('/api/buildings?q=3')).toBe('/api/buildings?q=3');
    expect(redactUrl('/healthz')).toBe('/healthz');
  });
});
