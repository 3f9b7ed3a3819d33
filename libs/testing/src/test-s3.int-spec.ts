import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { startTestS3, type TestS3 } from './test-s3';

const embedded = !process.env.S3_ENDPOINT;

const read = async (client: S3Client, bucket: string, key: string): Promise<string> => {
  const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return answer.Body!.transformToString();
};

describe('startTestS3', () => {
  let s3: TestS3;

  beforeAll(async () => {
    s3 = await startTestS3();
    await s3.client.send(new CreateBucketCommand({ Bucket: s3.bucket }));
  });

  afterAll(() => s3.close());

  it('gives a unique bucket and the variables the files service reads', async () => {
    expect(s3.env).toEqual({
      S3_ENDPOINT: expect.stringMatching(/^https?:\/\//),
      S3_BUCKET: s3.bucket,
      S3_REGION: expect.any(String),
      S3_ACCESS_KEY_ID: expect.any(String),
      S3_SECRET_ACCESS_KEY: expect.any(String),
      S3_FORCE_PATH_STYLE: 'true',
    });
    expect(s3.bucket).toMatch(/^vv-test-[0-9a-f]{12}$/);
    const other = await startTestS3();
    try {
      expect(other.bucket).not.toBe(s3.bucket);
    } finally {
      await other.close();
    }
  });

  it('puts and heads an object through its client', async () => {
    expect(await s3.objectExists('a/one.txt')).toBe(false);
    await s3.client.send(
      new PutObjectCommand({ Bucket: s3.bucket, Key: 'a/one.txt', Body: 'one', ContentType: 'text/plain' }),
    );
    expect(await s3.objectExists('a/one.txt')).toBe(true);
    expect(await s3.listKeys('a/')).toEqual(['a/one.txt']);
    expect(await read(s3.client, s3.bucket, 'a/one.txt')).toBe('one');
  });

  it('accepts a presigned PUT sent with plain fetch', async () => {
    const signer = new S3Client({
      endpoint: s3.env.S3_ENDPOINT,
      region: s3.env.S3_REGION,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.env.S3_ACCESS_KEY_ID, secretAccessKey: s3.env.S3_SECRET_ACCESS_KEY },
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    const url = await getSignedUrl(
      signer,
      new PutObjectCommand({ Bucket: s3.bucket, Key: 'b/two.txt', ContentType: 'text/plain' }),
      { expiresIn: 60 },
    );
    signer.destroy();
    expect(url).not.toContain('x-amz-checksum');
    const answer = await fetch(url, {
      method: 'PUT',
      body: 'two',
      headers: { 'content-type': 'text/plain' },
    });
    expect(answer.status).toBe(200);
    expect(await s3.objectExists('b/two.txt')).toBe(true);
    expect(await read(s3.client, s3.bucket, 'b/two.txt')).toBe('two');
    expect(await s3.listKeys()).toEqual(['a/one.txt', 'b/two.txt']);
  });

  (embedded ? it : it.skip)('stop() takes S3 down and start() brings it back with its data', async () => {
    const objectUrl = `${s3.env.S3_ENDPOINT}/${s3.bucket}/a/one.txt`;
    await s3.stop();
    await expect(fetch(objectUrl)).rejects.toThrow();
    await expect(s3.objectExists('a/one.txt')).rejects.toThrow();
    await s3.stop(); // idempotent
    await s3.start();
    expect(new URL(s3.env.S3_ENDPOINT).port).toBe(new URL(objectUrl).port);
    expect((await fetch(objectUrl)).status).toBe(200);
    expect(await s3.objectExists('a/one.txt')).toBe(true);
    expect(await read(s3.client, s3.bucket, 'a/one.txt')).toBe('one');
    await s3.start(); // idempotent
  });

  (embedded ? it : it.skip)(
    'with S3_ENDPOINT set, uses that store with a fresh bucket and refuses stop/start',
    async () => {
      const saved = process.env.S3_ENDPOINT;
      process.env.S3_ENDPOINT = s3.env.S3_ENDPOINT;
      let shared: TestS3 | undefined;
      try {
        shared = await startTestS3();
      } finally {
        if (saved === undefined) delete process.env.S3_ENDPOINT;
        else process.env.S3_ENDPOINT = saved;
      }
      expect(shared.env.S3_ENDPOINT).toBe(s3.env.S3_ENDPOINT);
      expect(shared.bucket).not.toBe(s3.bucket);
      await expect(shared.stop()).rejects.toThrow(/needs the embedded s3rver/);
      await expect(shared.start()).rejects.toThrow(/needs the embedded s3rver/);
      await shared.client.send(new CreateBucketCommand({ Bucket: shared.bucket }));
      await shared.client.send(new PutObjectCommand({ Bucket: shared.bucket, Key: 'x', Body: 'x' }));
      expect(await shared.listKeys()).toEqual(['x']);
      await shared.close();
      await shared.close(); // idempotent
      // close() empties and deletes its bucket on a shared store, and leaves the others alone.
      await expect(s3.client.send(new HeadBucketCommand({ Bucket: shared.bucket }))).rejects.toMatchObject({
        $metadata: { httpStatusCode: 404 },
      });
      expect(await s3.objectExists('a/one.txt')).toBe(true);
    },
  );

  it('close() is idempotent and removes the data', async () => {
    const once = await startTestS3();
    await once.close();
    await once.close();
    if (embedded) await expect(once.start()).rejects.toThrow(/after close/);
  });
});
