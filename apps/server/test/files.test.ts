import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeUnusedUploads, UNUSED_UPLOAD_MS } from '../src/modules/files/index.ts';
import { countRows, setupEnv, TEST_DB, type Client, type TestEnv } from './harness.ts';

let env: TestEnv;
let admin: Client;
let other: Client;
let allianceId: string;

/** A multipart/form-data body with one file part. */
function multipartBody(bytes: Buffer, filename: string, contentType = 'application/octet-stream', field = 'file') {
  const boundary = `----tongxin${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, bytes, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(c: Client | null, url: string, bytes: Buffer, filename = 'photo.jpg', contentType = 'image/jpeg') {
  const body = multipartBody(bytes, filename, contentType);
  return env.app.inject({ method: 'POST', url, payload: body.payload, headers: { ...body.headers, ...(c?.cookie ? { cookie: c.cookie } : {}) } });
}

const jpegWithExif = () =>
  sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .jpeg()
    .withExif({ IFD0: { Make: 'TongxinCam', Copyright: 'secret-owner' } })
    .toBuffer();

beforeAll(async () => {
  env = await setupEnv();
  const a = await env.alliance('FIL');
  allianceId = a.id;
  admin = env.city;
  const b = await env.alliance('FIB');
  other = await env.member(b.id, b.roles['联盟管理员'] ?? Object.values(b.roles)[0]!);
  await env.city.ok('POST', '/api/v1/auth/switch', { allianceId });
});
afterAll(() => env.close());

describe(`files (${TEST_DB})`, () => {
  it('re-encodes a JPEG without EXIF, with a smaller thumbnail, readable only in its alliance', async () => {
    const input = await jpegWithExif();
    expect((await sharp(input).metadata()).exif).toBeDefined();
    const r = await upload(admin, '/api/v1/files', input);
    expect(r.statusCode).toBe(201);
    const ref = r.json();
    expect(ref).toEqual({ id: ref.id, url: `/api/v1/files/${ref.id}`, thumbUrl: `/api/v1/files/${ref.id}/thumb` });

    const full = await admin.get(ref.url);
    expect(full.statusCode).toBe(200);
    expect(full.headers['content-type']).toBe('image/jpeg');
    expect(full.headers['cache-control']).toContain('private');
    expect(full.headers['x-content-type-options']).toBe('nosniff');
    const meta = await sharp(full.rawPayload).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    expect(meta.width).toBe(1200);
    expect(full.rawPayload.includes(Buffer.from('secret-owner'))).toBe(false);

    const thumb = await admin.get(ref.thumbUrl);
    expect(thumb.statusCode).toBe(200);
    const tm = await sharp(thumb.rawPayload).metadata();
    expect(Math.max(tm.width!, tm.height!)).toBe(320);
    expect(thumb.rawPayload.length).toBeLessThan(full.rawPayload.length);

    const row = await env.deps.db
      .selectFrom('files')
      .select(['alliance_id', 'width', 'height', 'sha256', 'mime'])
      .where('id', '=', ref.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ alliance_id: allianceId, width: 1200, height: 800, mime: 'image/jpeg' });
    expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);

    expect((await other.get(ref.url)).statusCode).toBe(404);
    expect((await other.get(ref.thumbUrl)).statusCode).toBe(404);
    expect((await env.anon.get(ref.url)).statusCode).toBe(401);
  });

  it('lets a member upload only with a permission that takes photos (a read-only leader cannot)', async () => {
    const roles = (await env.city.ok('GET', '/api/v1/roles?pageSize=100')).items as Array<{ id: string; name: string }>;
    const role = (name: string) => roles.find((r) => r.name === name)?.id as string;
    const before = await countRows(env, 'files', allianceId);
    const leader = await env.member(allianceId, role('领导（只读）'));
    expect((await upload(leader, '/api/v1/files', await jpegWithExif())).statusCode).toBe(403);
    expect(await countRows(env, 'files', allianceId)).toBe(before);
    const volunteer = await env.member(allianceId, role('志愿者'));
    expect((await upload(volunteer, '/api/v1/files', await jpegWithExif())).statusCode).toBe(201);
  });

  it('accepts PNG and WebP and shrinks the long side to 2048 px', async () => {
    const png = await sharp({ create: { width: 3000, height: 1000, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 1 } } })
      .png()
      .toBuffer();
    const r1 = await upload(admin, '/api/v1/files', png, 'a.png', 'image/png');
    expect(r1.statusCode).toBe(201);
    const m1 = await sharp((await admin.get(r1.json().url)).rawPayload).metadata();
    expect([m1.format, m1.width, m1.height]).toEqual(['jpeg', 2048, 683]);
    const webp = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#0a0' } })
      .webp()
      .toBuffer();
    const r2 = await upload(admin, '/api/v1/files', webp, 'a.webp', 'image/webp');
    expect(r2.statusCode).toBe(201);
    expect((await sharp((await admin.get(r2.json().url)).rawPayload).metadata()).format).toBe('jpeg');
  });

  it('refuses a text file named .jpg, a GIF and a non-multipart body with 415', async () => {
    const txt = await upload(admin, '/api/v1/files', Buffer.from('hello, I am not an image\n'.repeat(20)), 'fake.jpg', 'image/jpeg');
    expect(txt.statusCode).toBe(415);
    expect(txt.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const gif = await upload(
      admin,
      '/api/v1/files',
      await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
        .gif()
        .toBuffer(),
      'a.gif',
    );
    expect(gif.statusCode).toBe(415);
    const json = await admin.post('/api/v1/files', { file: 'aGVsbG8=' });
    expect(json.statusCode).toBe(415);
    expect(json.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const none = await admin.req('POST', '/api/v1/files');
    expect(none.statusCode).toBe(415);
    const truncated = await upload(admin, '/api/v1/files', (await jpegWithExif()).subarray(0, 200));
    expect(truncated.statusCode).toBe(415);
  });

  it('refuses more than 10 MB and pixel bombs with 413', async () => {
    const big = Buffer.concat([await jpegWithExif(), Buffer.alloc(11 * 1024 * 1024, 7)]);
    const r = await upload(admin, '/api/v1/files', big);
    expect(r.statusCode).toBe(413);
    expect(r.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    // 6500 × 6500 = 42 megapixels of one colour compresses to a few hundred kilobytes
    const bomb = await sharp({ create: { width: 6500, height: 6500, channels: 3, background: '#fff' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(bomb.length).toBeLessThan(10 * 1024 * 1024);
    const b = await upload(admin, '/api/v1/files', bomb, 'bomb.png', 'image/png');
    expect(b.statusCode).toBe(413);
  });

  it('takes public uploads without a session (alliance null), readable by members once a ticket references it', async () => {
    const r = await upload(null, '/api/public/files', await jpegWithExif());
    expect(r.statusCode).toBe(201);
    const { id } = r.json();
    const row = await env.deps.db.selectFrom('files').select(['alliance_id', 'owner_user_id']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ alliance_id: null, owner_user_id: null });
    // no ticket references it yet
    expect((await admin.get(`/api/v1/files/${id}`)).statusCode).toBe(404);
    expect((await upload(null, '/api/v1/files', await jpegWithExif())).statusCode).toBe(401);
    const txt = await upload(null, '/api/public/files', Buffer.from('<script>alert(1)</script>'), 'x.jpg');
    expect(txt.statusCode).toBe(415);
  });

  it("deletes a member's uploads that no record took within a day, and keeps those a case or its timeline uses", async () => {
    const photo = async () => (await upload(admin, '/api/v1/files', await jpegWithExif())).json().id as string;
    const [onCase, onEvent, unused, fresh] = [await photo(), await photo(), await photo(), await photo()];
    const cats = await admin.ok('GET', '/api/v1/categories');
    const t = await admin.ok('POST', '/api/v1/tickets', { kind: 'report', categoryId: cats.items[0].id, description: '人行道地砖松动', photos: [onCase] });
    await admin.ok('POST', `/api/v1/tickets/${t.id}/actions/comment`, { note: '现场照片', photos: [onEvent] });
    // a refused record keeps nothing: its photos still wait (the 400 rolled back the transaction that took them)
    const refused = await admin.post('/api/v1/tickets', {
      kind: 'report',
      categoryId: cats.items[0].id,
      description: 'x',
      photos: [unused, '01a00000-0000-7000-8000-00000000dead'],
    });
    expect(refused.statusCode).toBe(400);
    expect(await env.deps.db.selectFrom('pending_uploads').select('file_id').where('file_id', '=', unused).executeTakeFirst()).toBeDefined();
    // a day and a bit ago, as if the form had been given up
    const old = env.clock.now() - UNUSED_UPLOAD_MS - 60_000;
    await env.deps.db.updateTable('pending_uploads').set({ created_at: old }).where('file_id', 'in', [onCase, onEvent, unused]).execute();
    expect(await purgeUnusedUploads(env.deps)).toBe(1);
    const left = await env.deps.db.selectFrom('files').select('id').where('id', 'in', [onCase, onEvent, unused, fresh]).execute();
    expect(left.map((f) => f.id).sort()).toEqual([onCase, onEvent, fresh].sort());
    expect((await admin.get(`/api/v1/files/${onCase}/thumb`)).statusCode).toBe(200);
    expect((await admin.get(`/api/v1/files/${unused}`)).statusCode).toBe(404);
    // a record naming a deleted upload is refused, naming the field
    const late = await admin.post(`/api/v1/tickets/${t.id}/actions/comment`, { note: '补充', photos: [unused] });
    expect(late.statusCode).toBe(400);
    expect(late.json().error.details).toEqual([expect.objectContaining({ path: 'photos', code: 'unknown_file' })]);
    expect(await purgeUnusedUploads(env.deps)).toBe(0);
  });

  it('the migration lets public uploads no case took wait, and keeps every other file of before', async () => {
    const member = (await upload(admin, '/api/v1/files', await jpegWithExif())).json().id as string;
    const waiting = (await upload(null, '/api/public/files', await jpegWithExif())).json().id as string;
    const used = (await upload(null, '/api/public/files', await jpegWithExif())).json().id as string;
    const cats = await admin.ok('GET', '/api/v1/categories');
    await admin.ok('POST', '/api/v1/tickets', { kind: 'report', categoryId: cats.items[0].id, description: '井盖缺失', photos: [used] });
    // as a database of before the change: the attached flag of migration 0013 only
    const mig = await import('../src/db/migrations/0026_pending_uploads.ts');
    await mig.down(env.deps.db as never);
    const flags = await env.deps.db.selectFrom('files').select(['id', 'attached']).where('id', 'in', [member, waiting, used]).execute();
    expect(Object.fromEntries(flags.map((f) => [f.id, Number(f.attached)]))).toEqual({ [member]: 0, [waiting]: 0, [used]: 1 });
    await mig.up(env.deps.db as never);
    const pending = (await env.deps.db.selectFrom('pending_uploads').select('file_id').execute()).map((r) => r.file_id);
    expect(pending).toContain(waiting);
    expect(pending).not.toContain(used);
    expect(pending).not.toContain(member);
  });

  it('the photo-holder migration takes a photo list that is no array of strings as holding nothing', async () => {
    const cats = await admin.ok('GET', '/api/v1/categories');
    const good = (await upload(admin, '/api/v1/files', await jpegWithExif())).json().id as string;
    const t = await admin.ok('POST', '/api/v1/tickets', { kind: 'report', categoryId: cats.items[0].id, description: '路灯不亮', photos: [good] });
    const damaged: string[] = [];
    for (const photos of ['', 'not json', '{}', '"abc"', "['abc']", '[abc]', '[1, null, {"id": "x"}]', `["${good}", null]`]) {
      const d = await admin.ok('POST', '/api/v1/tickets', { kind: 'report', categoryId: cats.items[0].id, description: '照片列表损坏' });
      await env.deps.db.updateTable('tickets').set({ photos }).where('id', '=', d.id).execute();
      damaged.push(d.id);
    }
    const mig = await import('../src/db/migrations/0028_file_refs.ts');
    await mig.down(env.deps.db as never);
    await mig.up(env.deps.db as never);
    const refs = await env.deps.db
      .selectFrom('file_refs')
      .select(['file_id', 'entity_id'])
      .where('entity_id', 'in', [t.id, ...damaged])
      .execute();
    // the good list, and the one string of the last damaged list
    expect(refs.map((r) => `${r.entity_id === t.id ? 'good' : damaged.indexOf(r.entity_id)}:${r.file_id === good}`).sort()).toEqual(['7:true', 'good:true']);
  });

  it('rate-limits public uploads per address (20 a minute)', async () => {
    const small = multipartBody(
      await sharp({ create: { width: 8, height: 8, channels: 3, background: '#123' } })
        .jpeg()
        .toBuffer(),
      'a.jpg',
    );
    const codes: number[] = [];
    for (let i = 0; i < 21; i++) {
      const r = await env.app.inject({ method: 'POST', url: '/api/public/files', payload: small.payload, headers: small.headers, remoteAddress: '10.99.0.1' });
      codes.push(r.statusCode);
    }
    expect(codes.slice(0, 20).every((c) => c === 201)).toBe(true);
    expect(codes[20]).toBe(429);
  });
});
