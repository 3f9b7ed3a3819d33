import {
  authSignup,
  COMMANDS,
  commandSubject,
  DATA_MAX_BYTES,
  dataField,
  deadLetterSubject,
  email,
  ERROR_CODES,
  eventEnvelope,
  EVENTS,
  eventSubject,
  findEvent,
  isErrorCode,
  pageQuery,
  profileUpdate,
  serviceStreamName,
  userRegistered,
} from '../index';

describe('catalogue', () => {
  it.each(Object.entries(COMMANDS))(
    'command %s is keyed by its own service, name and version',
    (key, def) => {
      expect(def.kind).toBe('command');
      expect(key).toBe(`${def.service}.${def.name}.v${def.version}`);
      expect(commandSubject('vv', def)).toMatch(/^vv\.cmd\.[a-z]+\.[a-z_]+\.[a-z_]+\.v\d+$/);
    },
  );

  it.each(Object.entries(EVENTS))('event %s is keyed by its own service, name and version', (key, def) => {
    expect(def.kind).toBe('event');
    expect(key).toBe(`${def.service}.${def.name}.v${def.version}`);
    expect(eventSubject('vv', def)).toMatch(/^vv\.evt\.[a-z]+\.[a-z_]+\.[a-z_]+\.v\d+$/);
    expect(findEvent(`${def.service}.${def.name}`, def.version)).toBe(def);
  });

  it('has no two messages on one subject', () => {
    const subjects = [
      ...Object.values(COMMANDS).map((def) => commandSubject('vv', def)),
      ...Object.values(EVENTS).map((def) => eventSubject('vv', def)),
    ];
    expect(new Set(subjects).size).toBe(subjects.length);
  });

  it('names streams and dead letters under the prefix', () => {
    expect(serviceStreamName('vv', 'identity')).toBe('VV_IDENTITY');
    expect(serviceStreamName('t1-a', 'identity')).toBe('T1-A_IDENTITY');
    expect(deadLetterSubject('vv', 'notifications', 'notifications-mail')).toBe(
      'vv.dlq.notifications.notifications-mail',
    );
  });

  it('wraps event data in the envelope schema', () => {
    const envelope = eventEnvelope(userRegistered.data);
    const event = {
      id: '01a20124-3ffe-7b19-8c29-38dff25c89a2',
      type: 'identity.user.registered',
      version: 1,
      occurredAt: '2026-11-22T02:44:42.621Z',
      villageId: null,
      actorId: null,
      data: { userId: '01a20124-3ffe-7b19-8c29-38dff25c89a2', email: 'a@b.co', displayName: 'A' },
    };
    expect(envelope.safeParse(event).success).toBe(true);
    expect(envelope.safeParse({ ...event, data: { userId: 'nope' } }).success).toBe(false);
  });
});

describe('schemas', () => {
  it('normalises email addresses before checking them', () => {
    expect(email.parse('  Ada@Example.COM ')).toBe('ada@example.com');
    expect(email.safeParse('not-an-email').success).toBe(false);
  });

  it('refuses unknown fields in requests', () => {
    const result = authSignup.request.safeParse({
      email: 'a@b.co',
      password: 'x',
      displayName: 'A',
      role: 'admin',
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.code).toBe('unrecognized_keys');
  });

  it('limits the data field to 64 KiB of JSON', () => {
    expect(dataField.safeParse({ note: 'x'.repeat(DATA_MAX_BYTES - 100) }).success).toBe(true);
    expect(dataField.safeParse({ note: 'x'.repeat(DATA_MAX_BYTES) }).success).toBe(false);
  });

  it('refuses an empty profile update', () => {
    expect(profileUpdate.safeParse({}).success).toBe(false);
    expect(profileUpdate.safeParse({ displayName: 'Ada' }).success).toBe(true);
  });

  it('bounds page sizes and defaults them', () => {
    expect(pageQuery.parse({})).toEqual({ limit: 50 });
    expect(pageQuery.safeParse({ limit: '201' }).success).toBe(false);
    expect(pageQuery.parse({ limit: '10', cursor: 'abc' })).toEqual({ limit: 10, cursor: 'abc' });
  });

  it('knows its error codes', () => {
    expect(ERROR_CODES.every(isErrorCode)).toBe(true);
    expect(isErrorCode('teapot')).toBe(false);
  });
});
