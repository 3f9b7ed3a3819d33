import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { infrastructure, withDatabase } from './infrastructure';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: (await infrastructure()).adminDatabaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database for one test file, so files run in parallel without sharing state. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `vv_test_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`create database ${name}`));
  const url = withDatabase((await infrastructure()).adminDatabaseUrl, name);
  return {
    name,
    url,
    drop: () =>
      admin((client) => client.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}
