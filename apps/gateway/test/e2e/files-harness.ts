import { createHash } from 'node:crypto';
import { bootSuite, type Suite } from './boot-suite';
import { type Account, type Answer, Api, signUp } from './http';
import { addMember } from './members';

export const MIB = 1024 * 1024;

export type FilesSuite = ReturnType<typeof filesSuite>;

/**
 * Every app booted with files against a real S3-compatible server, and a village with an owner,
 * an admin, two members and an outsider. Registers the suite's beforeAll/afterAll; the tests read what it set up.
 */
export function filesSuite() {
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

  return {
    get suite() {
      return suite;
    },
    get api() {
      return api;
    },
    get owner() {
      return owner;
    },
    get admin() {
      return admin;
    },
    get member() {
      return member;
    },
    get other() {
      return other;
    },
    get outsider() {
      return outsider;
    },
    get villageId() {
      return villageId;
    },
    ok,
    sha256,
    upload,
    uploadReady,
    keyOf,
  };
}
