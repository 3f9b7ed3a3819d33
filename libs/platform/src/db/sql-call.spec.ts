import { buildCall, mapRow, statementName } from './sql-call';

describe('buildCall', () => {
  it('passes arguments by name, camelCase keys as p_snake_case', () => {
    expect(buildCall('messaging.list_posts', { topicId: 't1', beforeCursor: 'c', limit: 20 })).toEqual({
      text: 'select * from messaging.list_posts(p_topic_id => $1, p_before_cursor => $2, p_limit => $3)',
      values: ['t1', 'c', 20],
    });
  });

  it('leaves undefined arguments out so the function default applies, but keeps null', () => {
    expect(buildCall('identity.update_profile', { userId: 'u', displayName: undefined, bio: null })).toEqual({
      text: 'select * from identity.update_profile(p_user_id => $1, p_bio => $2)',
      values: ['u', null],
    });
  });

  it('calls a function without arguments', () => {
    expect(buildCall('identity.count_pending_outbox')).toEqual({
      text: 'select * from identity.count_pending_outbox()',
      values: [],
    });
  });

  it('sets the request context in the same statement, before the call, when given one', () => {
    expect(buildCall('identity.create_note', { body: 'b' }, { requestId: 'r-1', traceparent: 't' })).toEqual({
      text:
        "select f.* from (select set_config('vv.request_id', $2, true) as request_id, " +
        "set_config('vv.traceparent', $3, true) as traceparent) ctx " +
        'cross join lateral (select * from identity.create_note(p_body => $1) ' +
        'where ctx.request_id is not null and ctx.traceparent is not null offset 0) f',
      values: ['b', 'r-1', 't'],
    });
    expect(buildCall('identity.count_pending_outbox', {}, { requestId: 'r-2' }).values).toEqual(['r-2', '']);
  });

  it.each([
    'list_posts',
    'Messaging.list_posts',
    'messaging.list_posts()',
    'messaging.list_posts; drop table x',
    'messaging."list_posts"',
    'a.b.c',
    '',
  ])('refuses %j as a function name', (fn) => {
    expect(() => buildCall(fn)).toThrow(/Not a <schema>\.<function> name/);
  });
});

describe('mapRow', () => {
  it('returns camelCase keys and ISO-8601 timestamps, other values untouched', () => {
    const data = { nested_key: { keep: true } };
    const row = mapRow<Record<string, unknown>>({
      village_id: 'v1',
      created_at: new Date('2024-05-06T07:08:09.010Z'),
      data,
      seq: '42',
      is_2fa_enabled: false,
      deleted_at: null,
    });
    expect(row).toEqual({
      villageId: 'v1',
      createdAt: '2024-05-06T07:08:09.010Z',
      data,
      seq: '42',
      is2faEnabled: false,
      deletedAt: null,
    });
    expect(row.data).toBe(data);
  });
});

describe('statementName', () => {
  it('names a text the same way every time, and two texts differently', () => {
    const text = 'select * from messaging.get_post(p_post_id => $1, p_actor_id => $2)';
    const name = statementName(text);
    expect(name).toMatch(/^vv_[0-9a-f]{20}$/);
    expect(statementName(text)).toBe(name);
    expect(statementName(`${text} `)).not.toBe(name);
  });
});
