import { z } from 'zod';
import { baseConfigSchema, ConfigError, databaseConfigSchema, env, loadConfig } from './config';

const schema = baseConfigSchema
  .extend(databaseConfigSchema.shape)
  .extend({ FEATURE_ON: env.bool.default(false) });

describe('loadConfig', () => {
  it('applies the defaults to an empty environment', () => {
    expect(loadConfig(schema, {})).toEqual({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      SUBJECT_PREFIX: 'vv',
      NATS_URL: 'nats://127.0.0.1:4222',
      NATS_REQUEST_TIMEOUT_MS: 5000,
      RPC_MAX_IN_FLIGHT: 64,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/virtual_village',
      DB_POOL_SIZE: 10,
      DB_STATEMENT_TIMEOUT_MS: 5000,
      DB_CONNECT_TIMEOUT_MS: 5000,
      DB_IDLE_TIMEOUT_MS: 30000,
      MIGRATE_ON_START: true,
      OUTBOX_POLL_INTERVAL_MS: 1000,
      REPLICA_REBUILD: [],
      TOMBSTONE_PURGE_INTERVAL_MS: 3_600_000,
      FEATURE_ON: false,
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig(schema, { LOG_LEVEL: '', DB_POOL_SIZE: '' })).toMatchObject({
      LOG_LEVEL: 'info',
      DB_POOL_SIZE: 10,
    });
  });

  it('coerces numbers and reads the values given', () => {
    expect(
      loadConfig(schema, { DB_POOL_SIZE: '3', SUBJECT_PREFIX: 'app_1', NODE_ENV: 'test' }),
    ).toMatchObject({
      DB_POOL_SIZE: 3,
      SUBJECT_PREFIX: 'app_1',
      NODE_ENV: 'test',
    });
  });

  it.each([
    ['true', true],
    ['1', true],
    ['yes', true],
    ['false', false],
    ['0', false],
    ['no', false],
  ])('parses the boolean %j as %s', (value, expected) => {
    expect(loadConfig(schema, { MIGRATE_ON_START: value }).MIGRATE_ON_START).toBe(expected);
  });

  it('refuses a boolean it does not know', () => {
    expect(() => loadConfig(schema, { FEATURE_ON: 'TRUE!' })).toThrow(/FEATURE_ON/);
  });

  it('lists every bad variable in one error', () => {
    let caught: unknown;
    try {
      loadConfig(schema, {
        LOG_LEVEL: 'loud',
        SUBJECT_PREFIX: 'Not Valid',
        DB_POOL_SIZE: '0',
        MIGRATE_ON_START: 'maybe',
        DATABASE_URL: 'not a url',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const message = (caught as ConfigError).message;
    for (const name of ['LOG_LEVEL', 'SUBJECT_PREFIX', 'DB_POOL_SIZE', 'MIGRATE_ON_START', 'DATABASE_URL']) {
      expect(message).toContain(`  ${name}: `);
    }
    expect(message.split('\n')).toHaveLength(6);
  });

  it('splits lists on commas and drops blanks', () => {
    expect(loadConfig(z.object({ ORIGINS: env.list() }), { ORIGINS: 'a, b,,c ' })).toEqual({
      ORIGINS: ['a', 'b', 'c'],
    });
  });
});
