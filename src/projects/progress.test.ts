import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Agent } from '../../test/app.ts';
import type { Actor } from '../platform/actor.ts';
import { addNote } from './progress.ts';
import { advance, filesUnder, newProject, noteForm, phonePhoto } from './testProjects.ts';

let t: Awaited<ReturnType<typeof startTestApp>>;
let staff: Agent;
let photo: Buffer;
beforeAll(async () => {
  t = await startTestApp();
  staff = await t.login('staff');
  photo = await phonePhoto();
});
afterAll(async () => t?.close());

const status = (agent: Agent, id: number, to: string, reason?: string) => agent.send('POST', `/api/projects/${id}/status`, { to, reason });

describe('carrying a project to acceptance', () => {
  it('goes through every status, with a progress note and photos, to an acceptance that records who accepted', async () => {
    const project = await newProject(staff, t.world.communityA.id);
    await advance(staff, project.id, 'approved', 'funded', 'under_construction');
    const note = await staff.sendRaw('POST', `/api/projects/${project.id}/notes`, noteForm({ text: '主体结构完工', progressPercent: '60' }, [{ fileName: '现场.jpg', body: photo }]));
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ progressPercent: 60 });
    expect(note.body.timeline.at(-1)).toMatchObject({ kind: 'note', body: '主体结构完工', progressPercent: 60, photos: [{ width: 1600, height: 1200 }] });
    await advance(staff, project.id, 'completed');
    const accepted = await staff.sendRaw('POST', `/api/projects/${project.id}/accept`, noteForm({ note: '验收合格' }, [{ fileName: 'ok.jpg', body: photo }]));
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', progressPercent: 100, acceptedBy: 'staff', acceptanceNote: '验收合格', acceptedAt: '2026-11-26T08:00:00.000Z' });
    expect(accepted.body.timeline.map((e: { kind: string; toStatus: string | null }) => `${e.kind}:${e.toStatus ?? ''}`)).toEqual([
      'created:proposed', 'status:approved', 'status:funded', 'status:under_construction', 'note:', 'status:completed', 'accepted:accepted',
    ]);
    const audit = (await staff.get('/api/audit?entity=project')).body.items.filter((e: { entityId: string }) => e.entityId === String(project.id));
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['project.accept', ...Array(4).fill('project.status'), 'project.create']);
  });

  it('serves the photos, resized and without EXIF, only to those who may read the project', async () => {
    const project = await newProject(staff, t.world.communityA.id);
    const noted = await staff.sendRaw('POST', `/api/projects/${project.id}/notes`, noteForm({}, [{ fileName: 'a.jpg', body: photo }]));
    const photoId = noted.body.timeline.at(-1).photos[0].id;
    const res = await staff.get(`/api/projects/${project.id}/photos/${photoId}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    const meta = await sharp(res.bytes).metadata();
    expect({ width: meta.width, height: meta.height, exif: meta.exif }).toEqual({ width: 1600, height: 1200, exif: undefined });
    expect((await (await t.login('staffB')).get(`/api/projects/${project.id}/photos/${photoId}`)).body.error.code).toBe('OUT_OF_SCOPE');
    const other = await newProject(staff, t.world.communityA.id);
    expect((await staff.get(`/api/projects/${other.id}/photos/${photoId}`)).body.error.code).toBe('PHOTO_NOT_FOUND');
  });
});

describe('status rules', () => {
  it('refuses a skipped step, accepted by a status change, and a step back without a reason', async () => {
    const project = await newProject(staff, t.world.communityA.id, { funding: [] });
    expect((await status(staff, project.id, 'funded')).body.error.code).toBe('PROJECT_STATUS_STEP');
    expect((await status(staff, project.id, 'accepted')).body.error.code).toBe('PROJECT_ACCEPTANCE_ONLY');
    await advance(staff, project.id, 'approved');
    expect((await status(staff, project.id, 'funded')).body.error.code).toBe('FUNDING_REQUIRED');
    expect((await status(staff, project.id, 'proposed')).body.error.code).toBe('STEP_BACK_REASON_REQUIRED');
    const back = await status(staff, project.id, 'proposed', '审批材料退回补充');
    expect(back.body.status).toBe('proposed');
    expect(back.body.timeline.at(-1)).toMatchObject({ kind: 'status', fromStatus: 'approved', toStatus: 'proposed', body: '审批材料退回补充' });
  });

  it('keeps an accepted project final: no status change, edit or note', async () => {
    const project = await newProject(staff, t.world.communityA.id);
    await advance(staff, project.id, 'approved', 'funded', 'under_construction', 'completed');
    await staff.sendRaw('POST', `/api/projects/${project.id}/accept`, noteForm({}));
    expect((await status(staff, project.id, 'completed', '返工')).body.error.code).toBe('PROJECT_ACCEPTED_FINAL');
    expect((await staff.send('PATCH', `/api/projects/${project.id}`, { title: '改名' })).body.error.code).toBe('PROJECT_ACCEPTED_FINAL');
    expect((await staff.sendRaw('POST', `/api/projects/${project.id}/notes`, noteForm({ text: '补记' }))).body.error.code).toBe('PROJECT_ACCEPTED_FINAL');
    await expect(t.database.db.deleteFrom('project_event').where('project_id', '=', project.id).execute()).rejects.toThrow(/append-only/);
  });

  it('lets only those with the acceptance right accept, in scope, and only a completed project', async () => {
    const project = await newProject(staff, t.world.communityA.id);
    await advance(staff, project.id, 'approved', 'funded', 'under_construction');
    expect((await staff.sendRaw('POST', `/api/projects/${project.id}/accept`, noteForm({}))).body.error.code).toBe('PROJECT_NOT_COMPLETED');
    await advance(staff, project.id, 'completed');
    const department = await t.login('department');
    expect((await department.sendRaw('POST', `/api/projects/${project.id}/accept`, noteForm({}))).body.error.code).toBe('FORBIDDEN');
    const staffB = await t.login('staffB');
    expect((await staffB.sendRaw('POST', `/api/projects/${project.id}/accept`, noteForm({}))).body.error.code).toBe('OUT_OF_SCOPE');
    const subdistrict = await t.login('subdistrict');
    expect((await subdistrict.sendRaw('POST', `/api/projects/${project.id}/accept`, noteForm({ note: '街道验收' }))).body.acceptedBy).toBe('subdistrict');
  });
});

describe('photos that must not be kept', () => {
  const eventsOf = async (id: number) => (await staff.get(`/api/projects/${id}`)).body.timeline.length;

  it('refuses a note with a file that is not a photo: no event, no photo row, no file', async () => {
    const project = await newProject(staff, t.world.communityA.id);
    const files = filesUnder(t.uploadsDir);
    const res = await staff.sendRaw('POST', `/api/projects/${project.id}/notes`, noteForm({ text: '进场' }, [
      { fileName: 'good.jpg', body: photo }, { fileName: '合同.pdf', body: '%PDF-1.7 not a photo' },
    ]));
    expect(res.status).toBe(415);
    expect(res.body.error).toMatchObject({ code: 'PHOTO_NOT_IMAGE', message: '“合同.pdf”不是 JPEG、PNG 或 WebP 格式的图片，未保存任何内容。' });
    expect(await eventsOf(project.id)).toBe(1);
    expect(await t.database.db.selectFrom('project_photo').select('id').where('project_id', '=', project.id).execute()).toEqual([]);
    expect(filesUnder(t.uploadsDir)).toEqual(files);
  });

  it('removes the stored photo again when the database refuses the note', async () => {
    const project = await newProject(staff, t.world.communityA.id);
    const files = filesUnder(t.uploadsDir);
    const area = await t.database.db.selectFrom('area').select('path').where('id', '=', t.world.communityA.id).executeTakeFirstOrThrow();
    const user = await t.database.db.selectFrom('app_user').select('id').where('username', '=', 'staff').executeTakeFirstOrThrow();
    const actor: Actor = {
      userId: user.id, username: 'staff', displayName: 'staff', locale: 'zh-CN', householdId: null, residentId: null, departmentId: null, ip: null,
      grants: [{ role: 'community_staff', areaId: t.world.communityA.id, areaPath: area.path, areaLevel: 'community', areaName: 'CA名' }],
    };
    // 101 % gets past the service (the route's schema would stop it) and fails the table's CHECK.
    const failing = addNote({ db: t.database.db, clock: t.clock, storage: t.storage }, actor, project.id, { text: '进度', progressPercent: 101 }, [
      { field: 'photos', fileName: 'a.jpg', bytes: photo },
    ]);
    await expect(failing).rejects.toThrow(/check constraint/);
    expect(filesUnder(t.uploadsDir)).toEqual(files);
    expect(await eventsOf(project.id)).toBe(1);
  });

  it('wants some text or a photo, and at most six photos', async () => {
    const project = await newProject(staff, t.world.communityA.id);
    const empty = await staff.sendRaw('POST', `/api/projects/${project.id}/notes`, noteForm({ text: '  ' }));
    expect(empty.body.error.details[0]).toMatchObject({ path: 'body.text', code: 'NOTE_EMPTY' });
    const seven = Array.from({ length: 7 }, (_, i) => ({ fileName: `${i}.jpg`, body: photo }));
    const many = await staff.sendRaw('POST', `/api/projects/${project.id}/notes`, noteForm({ text: '多图' }, seven));
    expect(many.body.error).toMatchObject({ code: 'TOO_MANY_FILES', message: '一次最多上传 6 个文件。' });
    const json = await staff.send('POST', `/api/projects/${project.id}/notes`, { text: 'json' });
    expect(json.body.error.details[0].code).toBe('MULTIPART_REQUIRED');
    expect(await eventsOf(project.id)).toBe(1);
  });
});
