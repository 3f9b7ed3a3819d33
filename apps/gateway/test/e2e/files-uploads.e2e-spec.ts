import { eventually } from '@vv/testing';
import { type Answer, expectProblem } from './http';
import { filesSuite, MIB, type FilesSuite } from './files-harness';

/**
 * Files over HTTP: checksums at complete, complete before the bytes, multipart uploads, and the size,
 * type and quota limits.
 */
describe('files over HTTP', () => {
  const s = filesSuite();
  let suite: FilesSuite['suite'];
  let api: FilesSuite['api'];
  let owner: FilesSuite['owner'];
  let admin: FilesSuite['admin'];
  let member: FilesSuite['member'];
  let other: FilesSuite['other'];
  let villageId: FilesSuite['villageId'];
  let ok: FilesSuite['ok'];
  let sha256: FilesSuite['sha256'];
  let upload: FilesSuite['upload'];
  let uploadReady: FilesSuite['uploadReady'];
  let keyOf: FilesSuite['keyOf'];

  beforeAll(() => {
    ({ suite, api, owner, admin, member, other, villageId, ok, sha256, upload, uploadReady, keyOf } = s);
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
});
