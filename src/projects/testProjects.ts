/** Helpers of the projects tests: photos made on the spot, the files in the uploads folder, a new project. */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Agent } from '../../test/app.ts';
import { multipart } from '../../test/multipart.ts';

/** A photo as a phone sends it: a JPEG with EXIF that must not survive. */
export function phonePhoto(width = 2400, height = 1800): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#8a6' } })
    .withExif({ IFD0: { Artist: 'phone of a resident', Copyright: 'GPS 29.80N 121.50E' } })
    .jpeg()
    .toBuffer();
}

/** Every file under the uploads folder, relative to it. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((name) => fs.statSync(path.join(dir, name)).isFile()).sort();
}

/** A project of a community, as a writer makes it; any field can be overridden. */
export async function newProject(agent: Agent, communityId: number, fields: Record<string, unknown> = {}) {
  const res = await agent.send('POST', '/api/projects', {
    communityId, title: '增设幼儿园', responsibleUnit: '社区居委会', level: 'community', budgetYuan: 500_000,
    funding: [{ source: 'district', amountYuan: 400_000 }], plannedStart: '2026-12-01', plannedEnd: '2027-06-30', ...fields,
  });
  if (res.status !== 201) throw new Error(`project not created: ${res.raw}`);
  return res.body as { id: number; status: string; timeline: unknown[] };
}

/** A progress note (or acceptance) form: text fields and photos. */
export function noteForm(fields: Record<string, string>, photos: { fileName: string; body: Buffer | string }[] = []) {
  return multipart(fields, photos.map((p) => ({ name: 'photos', ...p })));
}

/** Moves a project forward through the given statuses, failing loudly on a refusal. */
export async function advance(agent: Agent, id: number, ...statuses: string[]) {
  for (const to of statuses) {
    const res = await agent.send('POST', `/api/projects/${id}/status`, { to });
    if (res.status !== 200) throw new Error(`→ ${to}: ${res.raw}`);
  }
}
