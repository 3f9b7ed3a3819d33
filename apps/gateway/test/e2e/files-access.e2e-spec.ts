import { eventually } from '@vv/testing';
import { type Account, type Answer, expectProblem } from './http';
import { filesSuite, type FilesSuite } from './files-harness';

/**
 * Files over HTTP: listing by folder, the download audit, avatars and attachments readable by whoever
 * sees the profile or the message, and deletion removing the object.
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
  let uploadReady: FilesSuite['uploadReady'];
  let keyOf: FilesSuite['keyOf'];

  beforeAll(() => {
    ({ suite, api, owner, admin, member, other, outsider, villageId, ok, uploadReady, keyOf } = s);
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
