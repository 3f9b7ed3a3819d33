import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DeleteBucketCommand,
  DeleteObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import S3rver from 's3rver';

/** An S3-compatible store for one test file, with its own bucket. */
export interface TestS3 {
  /**
   * The variables the files service reads: S3_ENDPOINT, S3_BUCKET (unique to this call, not created:
   * the service creates it, or the test with `client`), S3_REGION, S3_ACCESS_KEY_ID,
   * S3_SECRET_ACCESS_KEY, S3_FORCE_PATH_STYLE.
   */
  env: Record<string, string>;
  /** The bucket's name (`env.S3_BUCKET`). */
  bucket: string;
  /** Path-style, checksums only where required (as the files service configures its own). */
  client: S3Client;
  /** True when the bucket holds `key`; false on 404 (missing key or bucket). */
  objectExists(key: string): Promise<boolean>;
  /** Every key of the bucket (under `prefix`), sorted; [] when the bucket does not exist. */
  listKeys(prefix?: string): Promise<string[]>;
  /** Stops the embedded server, keeping its data: S3 is down until `start()`. Embedded server only. */
  stop(): Promise<void>;
  /** Starts the embedded server again on the same port with the same data. Embedded server only. */
  start(): Promise<void>;
  /** Stops the server and deletes its data (or, with S3_ENDPOINT, empties and deletes the bucket). Idempotent. */
  close(): Promise<void>;
}

/** s3rver's fixed credentials (it checks the access key id, not the signature). */
const S3RVER_KEY = 'S3RVER';
const REGION = 'us-east-1';

const uniqueBucket = (): string => `vv-test-${randomBytes(6).toString('hex')}`;

const isNotFound = (error: unknown): boolean =>
  error instanceof S3ServiceException &&
  (error.$metadata.httpStatusCode === 404 || ['NotFound', 'NoSuchKey', 'NoSuchBucket'].includes(error.name));

const listen = (server: Server, port: number): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.removeListener('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });

const closeServer = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.close(() => resolve());
    // Keep-alive sockets of SDK clients would hold close() open; "S3 is down" means they break too.
    server.closeAllConnections();
  });

function s3Client(endpoint: string, accessKeyId: string, secretAccessKey: string, region: string): S3Client {
  return new S3Client({
    endpoint,
    region,
    forcePathStyle: true,
    credentials: { accessKeyId, secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/**
 * An S3 for tests. With `S3_ENDPOINT` set (e.g. a MinIO in CI), that store with
 * S3_ACCESS_KEY_ID/S3_SECRET_ACCESS_KEY (default S3RVER/S3RVER) and a fresh bucket; otherwise an
 * in-process s3rver on 127.0.0.1 (a free port) over a fresh temporary directory, which `stop()` and
 * `start()` can take down and bring back to test S3 outages. Pass it to `TestEnvironment.track`.
 */
export async function startTestS3(): Promise<TestS3> {
  const bucket = uniqueBucket();
  const external = process.env.S3_ENDPOINT;
  return external ? useExternal(external, bucket) : startEmbedded(bucket);
}

function helpers(client: S3Client, bucket: string): Pick<TestS3, 'objectExists' | 'listKeys'> {
  return {
    async objectExists(key) {
      try {
        await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
    },
    async listKeys(prefix) {
      const keys: string[] = [];
      let token: string | undefined;
      try {
        do {
          const page = await client.send(
            new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
          );
          for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key);
          token = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (token);
      } catch (error) {
        if (isNotFound(error)) return [];
        throw error;
      }
      return keys.sort();
    },
  };
}

function useExternal(endpoint: string, bucket: string): TestS3 {
  const accessKeyId = process.env.S3_ACCESS_KEY_ID ?? S3RVER_KEY;
  const secretAccessKey = process.env.S3_SECRET_ACCESS_KEY ?? S3RVER_KEY;
  const region = process.env.S3_REGION ?? REGION;
  const client = s3Client(endpoint, accessKeyId, secretAccessKey, region);
  const { objectExists, listKeys } = helpers(client, bucket);
  const embeddedOnly = (what: string): Promise<void> =>
    Promise.reject(
      new Error(
        `startTestS3: ${what}() needs the embedded s3rver, but S3_ENDPOINT=${endpoint} is set; ` +
          'unset S3_ENDPOINT to run this test',
      ),
    );
  let closing: Promise<void> | undefined;
  return {
    env: {
      S3_ENDPOINT: endpoint,
      S3_BUCKET: bucket,
      S3_REGION: region,
      S3_ACCESS_KEY_ID: accessKeyId,
      S3_SECRET_ACCESS_KEY: secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
    },
    bucket,
    client,
    objectExists,
    listKeys,
    stop: () => embeddedOnly('stop'),
    start: () => embeddedOnly('start'),
    close: () =>
      (closing ??= (async () => {
        // Best effort: leave the shared store as it was found.
        try {
          for (const key of await listKeys()) {
            await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
          }
          await client.send(new DeleteBucketCommand({ Bucket: bucket }));
        } catch {
          // the bucket was never created, or the store is gone
        }
        client.destroy();
      })()),
  };
}

async function startEmbedded(bucket: string): Promise<TestS3> {
  const directory = await mkdtemp(join(tmpdir(), 'vv-test-s3-'));
  // Our own HTTP server around s3rver's handler: it can be closed and reopened on the same port.
  const s3rver = new S3rver({ directory, silent: true, address: '127.0.0.1' });
  const handler = s3rver.callback();
  let server: Server | undefined = createServer(handler);
  let port: number;
  try {
    port = await listen(server, 0);
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
  const endpoint = `http://127.0.0.1:${port}`;
  const client = s3Client(endpoint, S3RVER_KEY, S3RVER_KEY, REGION);
  let closing: Promise<void> | undefined;

  const stop = async (): Promise<void> => {
    const running = server;
    server = undefined;
    if (running) await closeServer(running);
  };

  return {
    env: {
      S3_ENDPOINT: endpoint,
      S3_BUCKET: bucket,
      S3_REGION: REGION,
      S3_ACCESS_KEY_ID: S3RVER_KEY,
      S3_SECRET_ACCESS_KEY: S3RVER_KEY,
      S3_FORCE_PATH_STYLE: 'true',
    },
    bucket,
    client,
    ...helpers(client, bucket),
    stop,
    async start() {
      if (closing) throw new Error('startTestS3: start() after close()');
      if (server) return;
      const next = createServer(handler);
      // The port was ours a moment ago; give the OS a few tries should it still hold it.
      for (let attempt = 1; ; attempt++) {
        try {
          await listen(next, port);
          break;
        } catch (error) {
          if (attempt >= 20 || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      server = next;
    },
    close: () =>
      (closing ??= (async () => {
        client.destroy();
        await stop();
        await rm(directory, { recursive: true, force: true });
      })()),
  };
}
