import { randomUUID } from 'node:crypto';
import { bootSuite, type Suite } from './boot-suite';
import {
  documentedOperations,
  FILES_PATH,
  expectFormerMembersAsOutsiders,
  memberWrite,
  MatrixPeople,
  VISIBILITIES,
  type Caller,
  type Expected,
  type MatrixRow,
  type Visibility,
} from './access-matrix';
import { Api, signUp, type Answer } from './http';
import { addMember } from './members';

/**
 * The access matrix of every files route: each operation × caller (outsider, member, admin, owner)
 * × village visibility (files.policy.ts):
 * - members upload (`files.upload`) and list; a private village is 404 to its outsiders, a public
 *   one 403 (they may read the village, not its files);
 * - a file never exists for an outsider (404, public village or not); members read a visible
 *   file, and only its owner, a `files.manage` holder (the admin) or its write list rename or
 *   delete it (403 to other members); the download audit is the owner's and the admin's;
 * - a pending upload is its uploader's and the admin's to see, and its uploader's only to complete.
 * The fixtures are made by the owner with default permissions. The table is checked against the
 * OpenAPI document. A former member, who uploaded the same fixtures before being removed, gets what
 * an outsider gets on every row, on their own files too.
 */

interface Village {
  id: string;
  visibility: Visibility;
  /** The token of whoever uploaded the fixtures (and each row's target). */
  author: string;
  /** A ready file of the owner, default permissions. */
  fileId: string;
}

const BYTES = Buffer.from('Matrix file\n');
const FIELDS = { name: 'matrix.txt', contentType: 'text/plain', size: BYTES.length };

/** The same statuses in either village: a file is 404 to outsiders, public village or not. */
const onFile = (member: number, allowed: number): Expected => ({
  private: [404, member, allowed, allowed],
  public: [404, member, allowed, allowed],
});

describe('access matrix of the files routes', () => {
  let suite: Suite;
  let api: Api;
  let m: MatrixPeople;
  const villages = {} as Record<Visibility, Village>;

  const owner = (): string => m.token('owner');

  /** `by` (the owner unless told) creates the file and PUTs its bytes; the id of the (pending) file. */
  async function newUpload(
    villageId: string,
    fields: Record<string, unknown> = {},
    by = owner(),
  ): Promise<string> {
    const create = m.ok(
      await api.post(`/v1/villages/${villageId}/files`, { token: by, body: { ...FIELDS, ...fields } }),
      201,
    );
    const { url, headers } = create.body.upload;
    const put = await fetch(url, { method: 'PUT', headers, body: BYTES });
    if (put.status !== 200) throw new Error(`setup failed: PUT ${put.status}`);
    return String(create.body.file.id);
  }

  /** A ready file of `by` (the owner unless told). */
  async function newFile(
    villageId: string,
    fields: Record<string, unknown> = {},
    by = owner(),
  ): Promise<string> {
    const id = await newUpload(villageId, fields, by);
    m.ok(await api.post(`/v1/files/${id}/complete`, { token: by, body: {} }), 200);
    return id;
  }

  /** GET …/download without following the 302 (Api's fetch would follow it to S3). */
  async function download(token: string, id: string): Promise<Answer> {
    const response = await fetch(`${suite.url}/v1/files/${id}/download`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      redirect: 'manual',
    });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      headers: response.headers,
      body: text === '' ? null : type.includes('json') ? JSON.parse(text) : text,
    };
  }

  /** The fixtures of a village, uploaded by `author`. */
  async function fixturesIn(id: string, visibility: Visibility, author: string): Promise<Village> {
    return { id, visibility, author, fileId: await newFile(id, {}, author) };
  }

  const rows: MatrixRow<Village>[] = [
    {
      operation: 'post /v1/villages/{villageId}/files',
      call: (v, token) => api.post(`/v1/villages/${v.id}/files`, { token, body: FIELDS }),
      expected: memberWrite(201),
    },
    {
      // Members only: a public village's outsiders read the village, not its files.
      operation: 'get /v1/villages/{villageId}/files',
      call: (v, token) => api.get(`/v1/villages/${v.id}/files`, { token }),
      expected: { private: [404, 200, 200, 200], public: [403, 200, 200, 200] },
    },
    {
      operation: 'get /v1/files/{id}',
      call: (v, token) => api.get(`/v1/files/${v.fileId}`, { token }),
      expected: onFile(200, 200),
    },
    {
      operation: 'get /v1/files/{id}/download',
      call: (v, token) => download(token, v.fileId),
      expected: onFile(302, 302),
    },
    {
      // The owner's file: the admin manages files, a member not on its write list may not change it.
      operation: 'patch /v1/files/{id}',
      call: (v, token) => api.patch(`/v1/files/${v.fileId}`, { token, body: { name: 'renamed.txt' } }),
      expected: onFile(403, 200),
    },
    {
      operation: 'delete /v1/files/{id}',
      prepare: (v) => newFile(v.id, {}, v.author),
      call: (_v, token, id) => api.delete(`/v1/files/${id}`, { token }),
      expected: onFile(403, 204),
    },
    {
      // The owner's pending upload: invisible to members, seen by the admin, completed by its uploader only.
      operation: 'post /v1/files/{id}/complete',
      prepare: (v) => newUpload(v.id, {}, v.author),
      call: (_v, token, id) => api.post(`/v1/files/${id}/complete`, { token, body: {} }),
      expected: { private: [404, 404, 403, 200], public: [404, 404, 403, 200] },
    },
    {
      operation: 'get /v1/files/{id}/downloads',
      call: (v, token) => api.get(`/v1/files/${v.fileId}/downloads`, { token }),
      expected: onFile(403, 200),
    },
  ];

  beforeAll(async () => {
    suite = await bootSuite();
    api = new Api(suite.url);
    m = new MatrixPeople(api);
    await m.signUp();
    for (const visibility of VISIBILITIES) {
      const id = await m.createVillage(visibility, `Files ${visibility}`);
      villages[visibility] = await fixturesIn(id, visibility, owner());
    }
  });

  afterAll(() => suite.close());

  it('has a row for every files route of the OpenAPI document, and no other', async () => {
    const filesOperations = await documentedOperations(api, (path) => FILES_PATH.test(path));
    expect(filesOperations).toEqual(
      expect.arrayContaining(['get /v1/villages/{villageId}/files', 'get /v1/files/{id}/download']),
    );
    expect(rows.map((row) => row.operation).sort()).toEqual(filesOperations.sort());
  });

  it.each(rows.map((row) => [row.operation, row] as const))('%s', async (_operation, row) => {
    for (const visibility of VISIBILITIES) {
      const statuses = await m.statuses(row, villages[visibility]);
      expect({ visibility, statuses }).toEqual({ visibility, statuses: row.expected[visibility] });
    }
  });

  it('keeps a hidden file to its owner and the admin: 404 to members and outsiders', async () => {
    const hidden: Record<Visibility, string> = {} as Record<Visibility, string>;
    for (const visibility of VISIBILITIES) {
      hidden[visibility] = await newFile(villages[visibility].id, { permissions: { visibility: 'hidden' } });
    }
    const hiddenRows: Array<MatrixRow<Village>> = [
      {
        operation: 'get /v1/files/{id} (hidden)',
        call: (v, token) => api.get(`/v1/files/${hidden[v.visibility]}`, { token }),
        expected: onFile(404, 200),
      },
      {
        operation: 'get /v1/files/{id}/download (hidden)',
        call: (v, token) => download(token, hidden[v.visibility]),
        expected: onFile(404, 302),
      },
    ];
    for (const row of hiddenRows) {
      for (const visibility of VISIBILITIES) {
        const statuses = await m.statuses(row, villages[visibility]);
        expect({ operation: row.operation, visibility, statuses }).toEqual({
          operation: row.operation,
          visibility,
          statuses: row.expected[visibility],
        });
      }
    }
    // Nor is it listed to a member.
    for (const visibility of VISIBILITIES) {
      const listed = async (caller: Caller): Promise<string[]> => {
        const path = `/v1/villages/${villages[visibility].id}/files`;
        const items = m.ok(await api.get(path, { token: m.token(caller) }), 200).body.items as Array<{
          id: string;
        }>;
        return items.map((item) => item.id);
      };
      expect(await listed('member')).not.toContain(hidden[visibility]);
      expect(await listed('admin')).toContain(hidden[visibility]);
    }
  });

  it('answers a removed member as an outsider, on the files they uploaded too', async () => {
    await expectFormerMembersAsOutsiders(m, rows, {
      role: 'member',
      probe: 'get /v1/villages/{villageId}/files',
      createVillage: (visibility) => m.createVillage(visibility, `Files ${visibility}`),
      fixtures: fixturesIn,
    });
  });

  it('answers 404 to a member of one village using the file ids of another', async () => {
    const b = villages.private;
    const a = await m.createVillage('private', 'Files A');
    const fileOfA = await newFile(a);
    const pendingOfB = await newUpload(b.id);
    // The member belongs to A and to B; a fresh account of A alone is the foreign caller.
    const onlyA = await signUp(api, 'Member of A');
    await addMember(api, a, owner(), onlyA);
    const foreign = onlyA.accessToken;
    const answers: Array<[string, Answer]> = [
      ['file', await api.get(`/v1/files/${b.fileId}`, { token: foreign })],
      ['download', await download(foreign, b.fileId)],
      ['rename', await api.patch(`/v1/files/${b.fileId}`, { token: foreign, body: { name: 'x.txt' } })],
      ['delete', await api.delete(`/v1/files/${b.fileId}`, { token: foreign })],
      ['audit', await api.get(`/v1/files/${b.fileId}/downloads`, { token: foreign })],
      ['complete', await api.post(`/v1/files/${pendingOfB}/complete`, { token: foreign, body: {} })],
      ["B's files", await api.get(`/v1/villages/${b.id}/files`, { token: foreign })],
      ['upload to B', await api.post(`/v1/villages/${b.id}/files`, { token: foreign, body: FIELDS })],
      ['unknown file', await api.get(`/v1/files/${randomUUID()}`, { token: foreign })],
    ];
    expect(answers.map(([what, answer]) => ({ what, status: answer.status }))).toEqual(
      answers.map(([what]) => ({ what, status: 404 })),
    );
    // A's own file is theirs to read; B's file is untouched and not in A's listing.
    expect((await api.get(`/v1/files/${fileOfA}`, { token: foreign })).status).toBe(200);
    const inA = m.ok(await api.get(`/v1/villages/${a}/files`, { token: foreign }), 200);
    expect(inA.body.items.map((item: { id: string }) => item.id)).toEqual([fileOfA]);
    expect(m.ok(await api.get(`/v1/files/${b.fileId}`, { token: owner() }), 200).body.id).toBe(b.fileId);
  });

  it('answers 401 to every files route without a token', async () => {
    for (const row of rows) {
      const answer = await row.call(villages.private, '', randomUUID());
      expect({ operation: row.operation, status: answer.status }).toEqual({
        operation: row.operation,
        status: 401,
      });
    }
  });
});
