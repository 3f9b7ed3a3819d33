import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import {
  eventEnvelope,
  type EventEnvelope,
  file as fileSchema,
  findEvent,
  serviceStreamName,
} from '@vv/contracts';
import { type Account, expectProblem } from './http';
import { filesSuite, type FilesSuite } from './files-harness';

/**
 * Files over HTTP against a real S3-compatible server (s3rver, or S3_ENDPOINT): presigned upload
 * with plain fetch, complete (a size or type mismatch deletes the object), download through the
 * 302, per-file permissions, and the file events all of this publishes.
 */
describe('files over HTTP', () => {
  const s = filesSuite();
  let suite: FilesSuite['suite'];
  let api: FilesSuite['api'];
  let owner: FilesSuite['owner'];
  let admin: FilesSuite['admin'];
  let member: FilesSuite['member'];
  let other: FilesSuite['other'];
  let outsider: FilesSuite['outsider'];
  let villageId: FilesSuite['villageId'];
  let ok: FilesSuite['ok'];
  let upload: FilesSuite['upload'];
  let uploadReady: FilesSuite['uploadReady'];
  let keyOf: FilesSuite['keyOf'];

  beforeAll(() => {
    ({ suite, api, owner, admin, member, other, outsider, villageId, ok, upload, uploadReady, keyOf } = s);
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
});
