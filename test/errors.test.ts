import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { startTestApp } from './app.ts';

describe('unexpected failures', () => {
  it('answer 500 with a request id and no internals', async () => {
    const t = await startTestApp();
    const staff = await t.login('staff');
    // A store query that fails inside the database: the table is gone.
    await sql`DROP TABLE facility`.execute(t.database.db);
    const res = await staff.get('/api/facilities');
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('INTERNAL');
    expect(res.body.error.message).toContain(res.body.error.requestId);
    expect(res.raw).not.toMatch(/facility|relation|select|stack|error:/i);
    await t.close();
  });
});
