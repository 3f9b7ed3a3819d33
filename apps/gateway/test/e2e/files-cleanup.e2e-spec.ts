import 'reflect-metadata';
import { createFilesApp } from '@vv/files';
import { createGatewayApp } from '@vv/gateway';
import { createIdentityApp } from '@vv/identity';
import type { RunningApp } from '@vv/platform';
import {
  createTestEnvironment,
  eventually,
  startTestS3,
  type TestEnvironment,
  type TestS3,
} from '@vv/testing';
import { Api, expectProblem, signUp, type Account, type Answer } from './http';

/**
 * Objects never outlive their records for good: a delete while S3 is down and the files service
 * is stopped right after still removes the object once both are back; abandoned uploads are
 * swept (record and object); an upload URL past its expiry is refused by S3.
 */
describe('files cleanup across failures', () => {
  let environment: TestEnvironment;
  let s3: TestS3;
  let api: Api;
  let owner: Account;
  let villageId: string;
  let files: RunningApp | undefined;

  const filesEnv = (): Record<string, string> => ({
    ...environment.env,
    ...s3.env,
    FILES_HTTP_PORT: '0',
    FILES_UPLOAD_URL_TTL_SECONDS: '1',
    FILES_PENDING_TTL_SECONDS: '2',
    FILES_SWEEP_INTERVAL_MS: '200',
  });
  const startFiles = async (): Promise<RunningApp> => (files = await createFilesApp(filesEnv()));
  const ok = (answer: Answer, status: number): Answer => {
    if (answer.status !== status)
      throw new Error(`expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer;
  };
  const keyOf = (id: string): string => `villages/${villageId}/files/${id}`;
  const create = async (name: string, size: number): Promise<Answer> =>
    ok(
      await api.post(`/v1/villages/${villageId}/files`, {
        token: owner.accessToken,
        body: { name, contentType: 'text/plain', size },
      }),
      201,
    );

  beforeAll(async () => {
    environment = await createTestEnvironment();
    environment.track(await createIdentityApp(environment.env));
    s3 = environment.track(await startTestS3());
    await startFiles();
    // Closed by the tests or at the end (closing twice is a no-op).
    environment.track({ close: () => files?.close() ?? Promise.resolve() });
    const gateway = environment.track(
      await createGatewayApp({
        ...environment.env,
        SERVICES: 'identity,files',
        RATE_LIMIT_IP_PER_MINUTE: '100000',
      }),
    );
    api = new Api(gateway.url);
    owner = await signUp(api, 'Owner');
    villageId = String(
      ok(
        await api.post('/v1/villages', {
          token: owner.accessToken,
          body: { name: 'Cleanup', visibility: 'private' },
        }),
        201,
      ).body.id,
    );
  }, 60_000);

  afterAll(async () => {
    await environment.cleanup();
  });

  it('removes the object after a delete made while S3 was down and the service was stopped right after', async () => {
    const created = await create('doomed.txt', 4);
    const id = String(created.body.file.id);
    await fetch(created.body.upload.url, {
      method: 'PUT',
      headers: created.body.upload.headers,
      body: 'gone',
    });
    ok(await api.post(`/v1/files/${id}/complete`, { token: owner.accessToken, body: {} }), 200);

    await s3.stop();
    ok(await api.delete(`/v1/files/${id}`, { token: owner.accessToken }), 204);
    // The record went at once; the service stops before it could remove the object.
    expectProblem(await api.get(`/v1/files/${id}`, { token: owner.accessToken }), 404, 'not_found');
    await files!.close();
    await s3.start();
    expect(await s3.objectExists(keyOf(id))).toBe(true);

    await startFiles();
    await eventually(async () => expect(await s3.objectExists(keyOf(id))).toBe(false), 30_000, 200);
  }, 60_000);

  it('sweeps an abandoned upload, record and object', async () => {
    const created = await create('abandoned.txt', 5);
    const id = String(created.body.file.id);
    const put = await fetch(created.body.upload.url, {
      method: 'PUT',
      headers: created.body.upload.headers,
      body: 'bytes',
    });
    expect(put.status).toBe(200);
    expect(await s3.objectExists(keyOf(id))).toBe(true);
    await eventually(
      async () =>
        expectProblem(await api.get(`/v1/files/${id}`, { token: owner.accessToken }), 404, 'not_found'),
      15_000,
      200,
    );
    await eventually(async () => expect(await s3.objectExists(keyOf(id))).toBe(false), 15_000, 200);
  }, 40_000);

  it('refuses an upload URL past its expiry', async () => {
    const created = await create('late.txt', 4);
    // A deadline under test: the URL's expiry (FILES_UPLOAD_URL_TTL_SECONDS, whole seconds) has to pass.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const put = await fetch(created.body.upload.url, {
      method: 'PUT',
      headers: created.body.upload.headers,
      body: 'late',
    });
    expect(put.status).toBe(403);
    expect(await put.text()).toContain('AccessDenied');
    expect(await s3.objectExists(keyOf(String(created.body.file.id)))).toBe(false);
  }, 20_000);
});
