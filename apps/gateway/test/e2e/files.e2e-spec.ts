import { createHash } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import {
  eventEnvelope,
  file as fileSchema,
  findEvent,
  serviceStreamName,
  type EventEnvelope,
} from '@vv/contracts';
import { eventually } from '@vv/testing';
import { bootSuite, type Suite } from './boot-suite';
import { Api, expectProblem, signUp, type Account, type Answer } from './http';
import { addMember } from './members';

const MIB = 1024 * 1024;

/**
 * Files over HTTP against a real S3-compatible server (s3rver, or S3_ENDPOINT): presigned upload
 * with plain fetch, complete (size, type, checksum checked; a mismatch deletes the object),
 * multipart, listing by folder, download through the 302, limits and quota, per-file permissions,
 * the download audit, and deletion removing the object.
 */
describe('files over HTTP', () => {
  let suite: Suite;
  let api: Api;
  let owner: Account;
  let admin: Account;
  let member: Account;
  let other: Account;
  let outsider: Account;
  let villageId: string;

  const ok = (answer: Answer, status: number): Answer => {
    if (answer.status !== status)
      throw new Error(`expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer;
  };
  const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('base64');

  /** Creates the file, PUTs `bytes` with the headers it was told to send; the create answer. */
  async function upload(
    token: string,
    fields: Record<string, unknown>,
    bytes: Buffer,
    put: { contentType?: string } = {},
  ): Promise<{ id: string; objectKey?: string; create: Answer; put: Response }> {
    const create = ok(await api.post(`/v1/villages/${villageId}/files`, { token, body: fields }), 201);
    const { url, headers } = create.body.upload;
    const response = await fetch(url, {
      method: 'PUT',
      headers: { ...headers, ...(put.contentType ? { 'content-type': put.contentType } : {}) },
      body: bytes,
    });
    return { id: String(create.body.file.id), create, put: response };
  }

  async function uploadReady(token: string, fields: Record<string, unknown>, bytes: Buffer): Promise<string> {
    const { id, put } = await upload(token, fields, bytes);
    expect(put.status).toBe(200);
    ok(await api.post(`/v1/files/${id}/complete`, { token, body: {} }), 200);
    return id;
  }

  const keyOf = (id: string): string => `villages/${villageId}/files/${id}`;

  beforeAll(async () => {
    suite = await bootSuite({
      files: {
        FILES_MAX_SIZE_BYTES: String(20 * MIB),
        FILES_MULTIPART_THRESHOLD_BYTES: String(5 * MIB),
        FILES_MULTIPART_PART_SIZE_BYTES: String(5 * MIB),
        FILES_ALLOWED_TYPES: 'text/*,image/*,application/pdf,application/octet-stream',
      },
    });
    api = new Api(suite.url);
    owner = await signUp(api, 'Owner');
    admin = await signUp(api, 'Admin');
    member = await signUp(api, 'Member');
    other = await signUp(api, 'Other');
    outsider = await signUp(api, 'Outsider');
    villageId = String(
      ok(
        await api.post('/v1/villages', {
          token: owner.accessToken,
          body: { name: 'Files', visibility: 'private' },
        }),
        201,
      ).body.id,
    );
    for (const [account, role] of [
      [admin, 'admin'],
      [member, 'member'],
      [other, 'member'],
    ] as const) {
      await addMember(api, villageId, owner.accessToken, account, role);
    }
  }, 60_000);

  afterAll(async () => {
    await suite.close();
  });

  it('uploads through the presigned URL, completes, lists and downloads through the redirect', async () => {
    const bytes = Buffer.from('Minutes of the village meeting\n');
    const { id, create, put } = await upload(
      member.accessToken,
      { name: 'minutes.txt', contentType: 'text/plain', size: bytes.length, folder: '/docs' },
      bytes,
    );
    expect(create.body.file).toMatchObject({ status: 'pending', folder: '/docs/', size: bytes.length });
    expect(create.body.upload).toMatchObject({ method: 'PUT', headers: { 'content-type': 'text/plain' } });
    expect(Date.parse(create.body.upload.expiresAt)).toBeGreaterThan(Date.now());
    expect(put.status).toBe(200);
    // Not listed while pending.
    let list = ok(
      await api.get(`/v1/villages/${villageId}/files?folder=/docs`, { token: member.accessToken }),
      200,
    );
    expect(list.body.items).toEqual([]);

    const completed = ok(
      await api.post(`/v1/files/${id}/complete`, { token: member.accessToken, body: {} }),
      200,
    );
    fileSchema.parse(completed.body);
    expect(completed.body).toMatchObject({ id, status: 'ready', name: 'minutes.txt' });
    // Completing again answers the ready file.
    expect(
      ok(await api.post(`/v1/files/${id}/complete`, { token: member.accessToken, body: {} }), 200).body
        .status,
    ).toBe('ready');

    list = ok(
      await api.get(`/v1/villages/${villageId}/files?folder=/docs`, { token: other.accessToken }),
      200,
    );
    expect(list.body.items.map((item: { id: string }) => item.id)).toEqual([id]);
    const root = ok(await api.get(`/v1/villages/${villageId}/files`, { token: other.accessToken }), 200);
    expect(root.body.folders).toContain('docs');

    const redirect = await fetch(`${suite.url}/v1/files/${id}/download`, {
      headers: { authorization: `Bearer ${other.accessToken}` },
      redirect: 'manual',
    });
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get('location')!;
    expect(location).toContain(keyOf(id));
    const got = await fetch(location);
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer())).toEqual(bytes);
    expect(got.headers.get('content-disposition')).toBe(
      `inline; filename="minutes.txt"; filename*=UTF-8''minutes.txt`,
    );
  });

  it('rejects an upload of another size or type at complete and removes the object', async () => {
    const declared = Buffer.from('twelve bytes');
    const bigger = Buffer.from('thirteen bytes');
    const wrongSize = await upload(
      member.accessToken,
      { name: 'a.txt', contentType: 'text/plain', size: declared.length },
      bigger,
    );
    // s3rver does not check the signed content-length; complete must.
    expect(await suite.s3.objectExists(keyOf(wrongSize.id))).toBe(true);
    const refused = await api.post(`/v1/files/${wrongSize.id}/complete`, {
      token: member.accessToken,
      body: {},
    });
    expectProblem(refused, 422, 'upload_mismatch');
    expect(refused.body.errors).toEqual([
      { field: 'size', reason: `declared ${declared.length} bytes, uploaded ${bigger.length}` },
    ]);
    expect(await suite.s3.objectExists(keyOf(wrongSize.id))).toBe(false);
    expectProblem(
      await api.get(`/v1/files/${wrongSize.id}`, { token: member.accessToken }),
      404,
      'not_found',
    );

    const wrongType = await upload(
      member.accessToken,
      { name: 'b.txt', contentType: 'text/plain', size: declared.length },
      declared,
      { contentType: 'text/html' },
    );
    const refusedType = await api.post(`/v1/files/${wrongType.id}/complete`, {
      token: member.accessToken,
      body: {},
    });
    expectProblem(refusedType, 422, 'upload_mismatch');
    expect(refusedType.body.errors[0].field).toBe('contentType');
    expect(await suite.s3.objectExists(keyOf(wrongType.id))).toBe(false);
  });

  it('checks a declared SHA-256 at complete', async () => {
    const bytes = Buffer.from('checked bytes');
    const good = await uploadReady(
      member.accessToken,
      { name: 'good.txt', contentType: 'text/plain', size: bytes.length, checksumSha256: sha256(bytes) },
      bytes,
    );
    expect(good).toBeDefined();
    const forged = Buffer.from('forged bytes!');
    const bad = await upload(
      member.accessToken,
      { name: 'bad.txt', contentType: 'text/plain', size: forged.length, checksumSha256: sha256(bytes) },
      forged,
    );
    const refused = await api.post(`/v1/files/${bad.id}/complete`, { token: member.accessToken, body: {} });
    expectProblem(refused, 422, 'upload_mismatch');
    expect(refused.body.errors[0].field).toBe('checksumSha256');
    expect(await suite.s3.objectExists(keyOf(bad.id))).toBe(false);
  });

  it('leaves a file pending when complete comes before the bytes', async () => {
    const create = ok(
      await api.post(`/v1/villages/${villageId}/files`, {
        token: member.accessToken,
        body: { name: 'later.txt', contentType: 'text/plain', size: 3 },
      }),
      201,
    );
    const id = create.body.file.id;
    expectProblem(
      await api.post(`/v1/files/${id}/complete`, { token: member.accessToken, body: {} }),
      409,
      'upload_incomplete',
    );
    expectProblem(
      await api.get(`/v1/files/${id}/download`, { token: member.accessToken }),
      409,
      'upload_incomplete',
    );
    // Another member does not see a pending file; only its uploader completes it.
    expectProblem(await api.get(`/v1/files/${id}`, { token: other.accessToken }), 404, 'not_found');
    expectProblem(
      await api.post(`/v1/files/${id}/complete`, { token: admin.accessToken, body: {} }),
      403,
      'forbidden',
    );
    await fetch(create.body.upload.url, { method: 'PUT', headers: create.body.upload.headers, body: 'abc' });
    expect(
      ok(await api.post(`/v1/files/${id}/complete`, { token: member.accessToken, body: {} }), 200).body
        .status,
    ).toBe('ready');
  });

  it('uploads a large file in parts', async () => {
    const bytes = Buffer.alloc(6 * MIB + 123, 7);
    const create = ok(
      await api.post(`/v1/villages/${villageId}/files`, {
        token: member.accessToken,
        body: { name: 'big.bin', contentType: 'application/octet-stream', size: bytes.length },
      }),
      201,
    );
    const upload = create.body.upload;
    expect(upload.method).toBe('MULTIPART');
    expect(upload.parts.map((part: { size: number }) => part.size)).toEqual([5 * MIB, MIB + 123]);
    // Without the parts' ETags there is nothing to assemble.
    expectProblem(
      await api.post(`/v1/files/${create.body.file.id}/complete`, { token: member.accessToken, body: {} }),
      400,
      'invalid',
    );
    const parts = [];
    for (const part of upload.parts as Array<{ partNumber: number; url: string; size: number }>) {
      const start = (part.partNumber - 1) * upload.partSize;
      const response = await fetch(part.url, {
        method: 'PUT',
        body: bytes.subarray(start, start + part.size),
      });
      expect(response.status).toBe(200);
      parts.push({ partNumber: part.partNumber, etag: response.headers.get('etag')! });
    }
    const done = ok(
      await api.post(`/v1/files/${create.body.file.id}/complete`, {
        token: member.accessToken,
        body: { parts },
      }),
      200,
    );
    expect(done.body).toMatchObject({ status: 'ready', size: bytes.length });
    const head = await suite.s3.objectExists(keyOf(create.body.file.id));
    expect(head).toBe(true);
  });

  it('refuses files over the size limit, of types not allowed, and past the quota', async () => {
    const body = (fields: Record<string, unknown>): Record<string, unknown> => ({
      name: 'x',
      contentType: 'text/plain',
      size: 10,
      ...fields,
    });
    const post = (fields: Record<string, unknown>): Promise<Answer> =>
      api.post(`/v1/villages/${villageId}/files`, { token: member.accessToken, body: body(fields) });
    expectProblem(await post({ size: 20 * MIB + 1 }), 413, 'payload_too_large');
    expectProblem(await post({ contentType: 'application/x-msdownload' }), 415, 'unsupported_media_type');
    expectProblem(await post({ name: '../etc/passwd' }), 400, 'invalid');
    expectProblem(await post({ folder: 'no-leading-slash' }), 400, 'invalid');

    // The village's own document narrows the limits (admins write it); identity checks its shape.
    const invalid = await api.request('PUT', `/v1/metadata/village:${villageId}/files`, {
      token: owner.accessToken,
      body: { maxSizeBytes: -1, defaultPermissions: { visibility: 'secret' } },
    });
    expectProblem(invalid, 400, 'invalid');
    expect(invalid.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'value.defaultPermissions.visibility',
      'value.maxSizeBytes',
    ]);
    ok(
      await api.request('PUT', `/v1/metadata/village:${villageId}/files`, {
        token: owner.accessToken,
        body: { maxSizeBytes: 1000, allowedTypes: ['text/plain'] },
      }),
      200,
    );
    await eventually(async () => expectProblem(await post({ size: 1001 }), 413, 'payload_too_large'));
    expectProblem(await post({ contentType: 'image/png' }), 415, 'unsupported_media_type');
    ok(
      await api.request('PUT', `/v1/metadata/village:${villageId}/files`, {
        token: owner.accessToken,
        body: { quotaBytes: 1 },
      }),
      200,
    );
    await eventually(async () => expectProblem(await post({ size: 5 }), 507, 'quota_exceeded'));
    // Default permissions come from the same document; what the request gives wins.
    ok(
      await api.request('PUT', `/v1/metadata/village:${villageId}/files`, {
        token: owner.accessToken,
        body: { defaultPermissions: { visibility: 'hidden', write: ['admin'] } },
      }),
      200,
    );
    await eventually(async () =>
      expect(ok(await post({ size: 5 }), 201).body.file.permissions).toEqual({
        visibility: 'hidden',
        read: [],
        write: ['admin'],
      }),
    );
    expect(
      ok(await post({ size: 5, permissions: { visibility: 'visible' } }), 201).body.file.permissions,
    ).toEqual({
      visibility: 'visible',
      read: [],
      write: ['admin'],
    });
    ok(
      await api.request('DELETE', `/v1/metadata/village:${villageId}/files`, { token: owner.accessToken }),
      204,
    );
    await eventually(async () =>
      expect(ok(await post({ size: 5 }), 201).body.file.permissions.visibility).toBe('visible'),
    );
  });

  it('keeps hidden files to their owner and admins, and honours read and write lists', async () => {
    const bytes = Buffer.from('secret');
    const fields = { contentType: 'text/plain', size: bytes.length, folder: '/perm' };
    const hidden = await uploadReady(
      member.accessToken,
      { ...fields, name: 'hidden.txt', permissions: { visibility: 'hidden' } },
      bytes,
    );
    const byUser = await uploadReady(
      owner.accessToken,
      { ...fields, name: 'for-member.txt', permissions: { read: [member.userId] } },
      bytes,
    );
    const byRole = await uploadReady(
      owner.accessToken,
      { ...fields, name: 'for-admins.txt', permissions: { read: ['admin'] } },
      bytes,
    );
    const writable = await uploadReady(
      owner.accessToken,
      { ...fields, name: 'shared.txt', permissions: { write: [other.userId] } },
      bytes,
    );
    const names = async (account: Account): Promise<string[]> =>
      (
        ok(await api.get(`/v1/villages/${villageId}/files?folder=/perm`, { token: account.accessToken }), 200)
          .body.items as Array<{ name: string }>
      ).map((item) => item.name);
    expect(await names(member)).toEqual(['for-member.txt', 'hidden.txt', 'shared.txt']);
    expect(await names(other)).toEqual(['shared.txt']);
    expect(await names(admin)).toEqual(['for-admins.txt', 'for-member.txt', 'hidden.txt', 'shared.txt']);

    expectProblem(await api.get(`/v1/files/${hidden}`, { token: other.accessToken }), 404, 'not_found');
    expectProblem(
      await api.get(`/v1/files/${hidden}/download`, { token: other.accessToken }),
      404,
      'not_found',
    );
    ok(await api.get(`/v1/files/${hidden}`, { token: admin.accessToken }), 200);
    expectProblem(await api.get(`/v1/files/${byUser}`, { token: other.accessToken }), 404, 'not_found');
    ok(await api.get(`/v1/files/${byUser}`, { token: member.accessToken }), 200);
    expectProblem(await api.get(`/v1/files/${byRole}`, { token: member.accessToken }), 404, 'not_found');
    expectProblem(await api.get(`/v1/files/${hidden}`, { token: outsider.accessToken }), 404, 'not_found');
    expectProblem(
      await api.get(`/v1/villages/${villageId}/files`, { token: outsider.accessToken }),
      404,
      'not_found',
    );

    // The write list renames and moves, but only the owner or an admin changes permissions.
    const renamed = ok(
      await api.patch(`/v1/files/${writable}`, {
        token: other.accessToken,
        body: { name: 'renamed.txt', folder: '/perm/sub' },
      }),
      200,
    );
    expect(renamed.body).toMatchObject({ name: 'renamed.txt', folder: '/perm/sub/' });
    expectProblem(
      await api.patch(`/v1/files/${writable}`, {
        token: other.accessToken,
        body: { permissions: { visibility: 'hidden' } },
      }),
      403,
      'forbidden',
    );
    expectProblem(
      await api.patch(`/v1/files/${byUser}`, { token: member.accessToken, body: { name: 'mine.txt' } }),
      403,
      'forbidden',
    );
    expectProblem(
      await api.patch(`/v1/files/${byUser}`, {
        token: owner.accessToken,
        body: { permissions: { read: ['nobody-role'] } },
      }),
      400,
      'invalid',
    );
    expectProblem(
      await api.patch(`/v1/files/${byUser}`, {
        token: owner.accessToken,
        body: { permissions: { read: [outsider.userId] } },
      }),
      400,
      'invalid',
    );
    ok(
      await api.patch(`/v1/files/${byUser}`, {
        token: owner.accessToken,
        body: { permissions: { read: [] } },
      }),
      200,
    );
    ok(await api.get(`/v1/files/${byUser}`, { token: other.accessToken }), 200);
  });

  it('lists folders and walks a recursive listing page by page', async () => {
    const bytes = Buffer.from('x');
    const ids: string[] = [];
    for (const [name, folder] of [
      ['one.txt', '/tree'],
      ['Two.txt', '/tree'],
      ['three.txt', '/tree/a'],
      ['four.txt', '/tree/a/b'],
      ['five.txt', '/tree/c'],
    ]) {
      ids.push(
        await uploadReady(member.accessToken, { name, folder, contentType: 'text/plain', size: 1 }, bytes),
      );
    }
    const top = ok(
      await api.get(`/v1/villages/${villageId}/files?folder=/tree`, { token: other.accessToken }),
      200,
    );
    expect(top.body.items.map((item: { name: string }) => item.name)).toEqual(['one.txt', 'Two.txt']);
    expect(top.body.folders).toEqual(['a', 'c']);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `folder=/tree&recursive=true&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page: Answer = ok(
        await api.get(`/v1/villages/${villageId}/files?${query}`, { token: other.accessToken }),
        200,
      );
      seen.push(...page.body.items.map((item: { name: string }) => item.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['one.txt', 'Two.txt', 'three.txt', 'four.txt', 'five.txt']);
  });

  it('records each download once and shows the audit to the owner and admins only', async () => {
    const id = await uploadReady(
      member.accessToken,
      { name: 'audit.pdf', contentType: 'application/pdf', size: 4 },
      Buffer.from('%PDF'),
    );
    const download = (account: Account): Promise<Response> =>
      fetch(`${suite.url}/v1/files/${id}/download`, {
        headers: { authorization: `Bearer ${account.accessToken}` },
        redirect: 'manual',
      });
    expect((await download(other)).status).toBe(302);
    expect((await download(admin)).status).toBe(302);
    expect((await download(other)).status).toBe(302);
    const audit = ok(await api.get(`/v1/files/${id}/downloads`, { token: member.accessToken }), 200);
    expect(audit.body.items.map((item: { userId: string }) => item.userId)).toEqual([
      other.userId,
      admin.userId,
      other.userId,
    ]);
    expect(new Set(audit.body.items.map((item: { id: string }) => item.id)).size).toBe(3);
    const firstPage = ok(
      await api.get(`/v1/files/${id}/downloads?limit=2`, { token: admin.accessToken }),
      200,
    );
    const secondPage = ok(
      await api.get(`/v1/files/${id}/downloads?limit=2&cursor=${firstPage.body.nextCursor}`, {
        token: admin.accessToken,
      }),
      200,
    );
    expect(
      [...firstPage.body.items, ...secondPage.body.items].map((item: { id: string }) => item.id),
    ).toEqual(audit.body.items.map((item: { id: string }) => item.id));
    expectProblem(await api.get(`/v1/files/${id}/downloads`, { token: other.accessToken }), 403, 'forbidden');
  });

  it('lets whoever sees the profile read an avatar; only a ready file of your own becomes one', async () => {
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    const avatar = await uploadReady(
      member.accessToken,
      { name: 'me.png', contentType: 'image/png', size: png.length, permissions: { visibility: 'hidden' } },
      png,
    );
    expectProblem(await api.get(`/v1/files/${avatar}`, { token: outsider.accessToken }), 404, 'not_found');
    ok(await api.patch('/v1/me', { token: member.accessToken, body: { avatarFileId: avatar } }), 200);
    // Avatars are public by default: anyone signed in who reads the profile reads the file.
    await eventually(async () =>
      ok(await api.get(`/v1/files/${avatar}`, { token: outsider.accessToken }), 200),
    );
    const redirect = await fetch(`${suite.url}/v1/files/${avatar}/download`, {
      headers: { authorization: `Bearer ${outsider.accessToken}` },
      redirect: 'manual',
    });
    expect(redirect.status).toBe(302);
    ok(
      await api.patch('/v1/me', {
        token: member.accessToken,
        body: { sharing: { avatarFileId: 'villagers' } },
      }),
      200,
    );
    expectProblem(await api.get(`/v1/files/${avatar}`, { token: outsider.accessToken }), 404, 'not_found');
    ok(await api.get(`/v1/files/${avatar}`, { token: other.accessToken }), 200);

    const someoneElses = await uploadReady(
      owner.accessToken,
      { name: 'o.png', contentType: 'image/png', size: png.length },
      png,
    );
    const refused = await api.patch('/v1/me', {
      token: member.accessToken,
      body: { avatarFileId: someoneElses },
    });
    expectProblem(refused, 400, 'invalid');
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'avatarFileId' })]);
    const pending = ok(
      await api.post(`/v1/villages/${villageId}/files`, {
        token: member.accessToken,
        body: { name: 'p.png', contentType: 'image/png', size: 1 },
      }),
      201,
    );
    expectProblem(
      await api.patch('/v1/me', { token: member.accessToken, body: { avatarFileId: pending.body.file.id } }),
      400,
      'invalid',
    );
    expect(ok(await api.get('/v1/me', { token: member.accessToken }), 200).body.avatarFileId).toBe(avatar);
  });

  it("lets a direct message's people read its attachments until the message is deleted", async () => {
    const bytes = Buffer.from('for your eyes');
    const attachment = await uploadReady(
      member.accessToken,
      {
        name: 'note.txt',
        contentType: 'text/plain',
        size: bytes.length,
        permissions: { visibility: 'hidden' },
      },
      bytes,
    );
    expectProblem(await api.get(`/v1/files/${attachment}`, { token: other.accessToken }), 404, 'not_found');
    const conversation = ok(
      await api.post(`/v1/villages/${villageId}/conversations`, {
        token: member.accessToken,
        body: { memberIds: [other.userId] },
      }),
      201,
    ).body.id;
    // Another's hidden file cannot be attached by someone who cannot read it.
    const stolen = await api.post(`/v1/conversations/${conversation}/messages`, {
      token: other.accessToken,
      body: { body: 'look', attachments: [attachment] },
    });
    expectProblem(stolen, 400, 'invalid');
    expect(stolen.body.errors).toEqual([expect.objectContaining({ field: 'attachments.0' })]);

    const message = ok(
      await api.post(`/v1/conversations/${conversation}/messages`, {
        token: member.accessToken,
        body: { body: 'see attached', attachments: [attachment] },
      }),
      201,
    ).body;
    expect(message.attachments).toEqual([attachment]);
    await eventually(async () =>
      ok(await api.get(`/v1/files/${attachment}`, { token: other.accessToken }), 200),
    );
    expectProblem(
      await api.get(`/v1/files/${attachment}`, { token: outsider.accessToken }),
      404,
      'not_found',
    );
    // Not listed in the village's folders: the grant reaches the file, not the listing.
    const listed = ok(await api.get(`/v1/villages/${villageId}/files`, { token: other.accessToken }), 200);
    expect(listed.body.items.map((item: { id: string }) => item.id)).not.toContain(attachment);

    ok(await api.delete(`/v1/messages/${message.id}`, { token: member.accessToken }), 204);
    await eventually(async () =>
      expectProblem(await api.get(`/v1/files/${attachment}`, { token: other.accessToken }), 404, 'not_found'),
    );
  });

  it('publishes file events valid against their contracts, with the file and its permissions', async () => {
    const nc = await connect({ servers: suite.environment.natsUrl });
    try {
      const consumer = await jetstream(nc).consumers.get(
        serviceStreamName(suite.environment.prefix, 'files'),
      );
      const byType = new Map<string, EventEnvelope[]>();
      for (;;) {
        const msg = await consumer.next({ expires: 1000 });
        if (!msg) break;
        const envelope = msg.json<EventEnvelope>();
        const definition = findEvent(envelope.type, envelope.version);
        expect(definition).toBeDefined();
        if (definition) eventEnvelope(definition.data).parse(envelope);
        expect(envelope.villageId).toBe(villageId);
        byType.set(envelope.type, [...(byType.get(envelope.type) ?? []), envelope]);
      }
      expect([...byType.keys()].sort()).toEqual([
        'files.file.deleted',
        'files.file.downloaded',
        'files.file.updated',
        'files.file.uploaded',
      ]);
      // The rejected uploads were deleted as such, while pending.
      expect(byType.get('files.file.deleted')!.map((event) => event.data)).toEqual(
        expect.arrayContaining([expect.objectContaining({ status: 'pending', reason: 'rejected' })]),
      );
      const moved = byType
        .get('files.file.updated')!
        .find((event) => (event.data as { name: string }).name === 'renamed.txt');
      expect(moved?.data).toMatchObject({
        changes: ['name', 'folder'],
        folder: '/perm/sub/',
        permissions: { visibility: 'visible', read: [], write: [other.userId] },
      });
    } finally {
      await nc.close();
    }
  });

  it('deletes the record at once and the object right after', async () => {
    const id = await uploadReady(
      member.accessToken,
      { name: 'gone.txt', contentType: 'text/plain', size: 1 },
      Buffer.from('g'),
    );
    expect(await suite.s3.objectExists(keyOf(id))).toBe(true);
    expectProblem(await api.delete(`/v1/files/${id}`, { token: other.accessToken }), 403, 'forbidden');
    ok(await api.delete(`/v1/files/${id}`, { token: member.accessToken }), 204);
    expectProblem(await api.get(`/v1/files/${id}`, { token: member.accessToken }), 404, 'not_found');
    await eventually(async () => expect(await suite.s3.objectExists(keyOf(id))).toBe(false));
  });
});
