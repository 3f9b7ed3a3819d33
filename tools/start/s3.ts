import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  CreateBucketCommand,
  PutBucketCorsCommand,
  S3Client,
  S3ServiceException,
  type CORSRule,
} from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { Dependency, DependencyError, ResolvedDependency } from './dependency';
import { DATA_DIR, ROOT, errorMessage, probeTcp, redact, say } from './util';

export interface S3Options {
  /** S3_ENDPOINT from the environment, used as is (with the other S3_* variables) when set. */
  readonly fromEnv: string | undefined;
  readonly host: string;
  readonly port: number;
  /** Where the embedded s3rver keeps buckets and objects. */
  readonly dataDir: string;
  /** The bucket the files service uses (S3_BUCKET), created with a permissive CORS configuration. */
  readonly bucket: string;
}

export const s3Defaults: S3Options = {
  fromEnv: process.env.S3_ENDPOINT,
  host: '127.0.0.1',
  port: 4569,
  dataDir: join(DATA_DIR, 's3'),
  bucket: process.env.S3_BUCKET || 'virtual-village-files',
};

/** s3rver's fixed credentials. */
const S3RVER_KEY = 'S3RVER';

/** Browser apps upload (PUT) and download (GET) straight from any origin in development. */
const CORS_RULE: CORSRule = {
  AllowedOrigins: ['*'],
  AllowedMethods: ['GET', 'PUT', 'HEAD'],
  AllowedHeaders: ['*'],
  ExposeHeaders: ['ETag'],
  MaxAgeSeconds: 3000,
};

export const CORS_XML =
  '<CORSConfiguration><CORSRule>' +
  CORS_RULE.AllowedOrigins!.map((origin) => `<AllowedOrigin>${origin}</AllowedOrigin>`).join('') +
  CORS_RULE.AllowedMethods!.map((method) => `<AllowedMethod>${method}</AllowedMethod>`).join('') +
  CORS_RULE.AllowedHeaders!.map((header) => `<AllowedHeader>${header}</AllowedHeader>`).join('') +
  CORS_RULE.ExposeHeaders!.map((header) => `<ExposeHeader>${header}</ExposeHeader>`).join('') +
  `<MaxAgeSeconds>${CORS_RULE.MaxAgeSeconds!}</MaxAgeSeconds>` +
  '</CORSRule></CORSConfiguration>';

const endpointOf = (options: S3Options): string => `http://${options.host}:${options.port}`;

/** What the apps get for an s3rver-compatible store on host:port. */
const s3rverEnv = (options: S3Options): Record<string, string> => ({
  S3_ENDPOINT: endpointOf(options),
  S3_BUCKET: options.bucket,
  S3_ACCESS_KEY_ID: S3RVER_KEY,
  S3_SECRET_ACCESS_KEY: S3RVER_KEY,
  S3_FORCE_PATH_STYLE: 'true',
});

/** True when an HTTP server on host:port answers like S3 (an XML ListAllMyBucketsResult or Error). */
export async function answersS3(host: string, port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://${host}:${port}/`, { signal: AbortSignal.timeout(2000) });
    const body = await response.text();
    return /<(ListAllMyBucketsResult|Error)[\s>]/.test(body);
  } catch {
    return false;
  }
}

/** Creates the bucket unless it exists and sets its CORS rule, through the S3 API. */
async function configureBucket(options: S3Options): Promise<void> {
  const client = new S3Client({
    endpoint: endpointOf(options),
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: S3RVER_KEY, secretAccessKey: S3RVER_KEY },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
  });
  try {
    await client.send(new CreateBucketCommand({ Bucket: options.bucket })).catch((error: unknown) => {
      const name = error instanceof S3ServiceException ? error.name : '';
      if (!['BucketAlreadyOwnedByYou', 'BucketAlreadyExists'].includes(name)) throw error;
    });
    await client.send(
      new PutBucketCorsCommand({ Bucket: options.bucket, CORSConfiguration: { CORSRules: [CORS_RULE] } }),
    );
  } finally {
    client.destroy();
  }
}

/** An in-process s3rver with its data in `dataDir`, the bucket created with its CORS rule. */
async function startEmbedded(options: S3Options): Promise<ResolvedDependency> {
  mkdirSync(options.dataDir, { recursive: true });
  const shownDir = relative(ROOT, options.dataDir);
  const server = new S3rver({
    address: options.host,
    port: options.port,
    directory: options.dataDir,
    silent: true,
    configureBuckets: [{ name: options.bucket, configs: [CORS_XML] }],
  });
  await server.run().catch((error: unknown) => {
    throw new DependencyError(
      `s3rver could not start on ${options.host}:${options.port}: ${errorMessage(error)}`,
    );
  });
  const summary =
    `s3rver on ${endpointOf(options)} (S3RVER/S3RVER), bucket ${options.bucket} (CORS: any origin), ` +
    `data in ${shownDir}/`;
  say(`S3: embedded ${summary}`);
  let stopping: Promise<void> | undefined;
  return {
    env: s3rverEnv(options),
    origin: 'embedded',
    summary,
    stop: () =>
      (stopping ??= server.close().catch((error: unknown) => say(`stopping s3rver: ${errorMessage(error)}`))),
  };
}

/**
 * S3 for the files service: S3_ENDPOINT (with the other S3_* variables) as given; else an S3 already
 * answering on 127.0.0.1:4569 (an earlier s3rver), given the bucket; else an embedded s3rver there.
 */
export function s3(options: S3Options = s3Defaults): Dependency {
  return {
    name: 'S3',
    envVar: 'S3_ENDPOINT',
    async resolve(): Promise<ResolvedDependency> {
      if (options.fromEnv) {
        const summary = `${redact(options.fromEnv)} (S3_ENDPOINT), bucket ${process.env.S3_BUCKET || 'virtual-village-files'}`;
        say(`S3: ${summary}`);
        return { env: { S3_ENDPOINT: options.fromEnv }, origin: 'env', summary };
      }
      const address = `${options.host}:${options.port}`;
      if ((await probeTcp(options.host, options.port, 500)) === null) return startEmbedded(options);
      if (!(await answersS3(options.host, options.port))) {
        throw new DependencyError(
          `${address} is in use by something that is not S3; free it or set S3_ENDPOINT (and S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY)`,
        );
      }
      await configureBucket(options).catch((error: unknown) => {
        throw new DependencyError(
          `the S3 on ${address} refused to set up bucket ${options.bucket} with S3RVER/S3RVER ` +
            `(${errorMessage(error)}); stop it or set S3_ENDPOINT and its credentials`,
        );
      });
      const summary = `${endpointOf(options)} (the S3 on localhost), bucket ${options.bucket}`;
      say(`S3: ${summary}`);
      return { env: s3rverEnv(options), origin: 'localhost', summary };
    },
  };
}
