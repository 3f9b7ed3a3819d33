import { derive } from './derivation';
import { sharedWith, snippetOf } from './derived';
import {
  alice,
  bob,
  calendarEvent,
  carol,
  envelope,
  file,
  id,
  permissions,
  villageId,
} from './derivation-fixture';

/** Which notifications an event makes: calendar events, shared files, disabled webhooks; what is ignored; snippets. */
describe('derivation', () => {
  it('event changed or cancelled: the attendees (one occurrence or all) and the creator', () => {
    const series = calendarEvent();
    const changed = derive(
      envelope(
        'calendar.calendar_event.updated',
        { ...series, changed: ['startsAt'], occurrence: null },
        bob,
      ),
    );
    expect(changed).toEqual([
      expect.objectContaining({
        kind: 'event_changed',
        actorId: bob,
        audience: { type: 'event_attendees', eventId: series.eventId, occurrenceStart: null, also: [alice] },
        subject: { eventId: series.eventId },
        data: {
          title: 'Picnic',
          changed: ['startsAt'],
          occurrence: null,
          startsAt: series.startsAt,
          endsAt: series.endsAt,
        },
      }),
    ]);
    const occurrence = {
      originalStart: '2026-06-08T10:00:00.000Z',
      cancelled: true,
      startsAt: null,
      endsAt: null,
    };
    const cancelled = derive(
      envelope('calendar.calendar_event.cancelled', { ...calendarEvent('busy'), occurrence }),
    );
    expect(cancelled).toEqual([
      expect.objectContaining({
        kind: 'event_cancelled',
        audience: expect.objectContaining({ occurrenceStart: occurrence.originalStart }),
        data: { occurrence: occurrence.originalStart, startsAt: occurrence.originalStart },
      }),
    ]);
    expect(derive(envelope('calendar.attendance.changed', { eventId: id() }))).toEqual([]);
  });

  it('file shared: user ids of a visible file on upload, and those newly added on a permissions change', () => {
    const uploaded = file(permissions([bob, 'member'], [carol]));
    expect(derive(envelope('files.file.uploaded', uploaded))).toEqual([
      expect.objectContaining({
        kind: 'file_shared',
        actorId: alice,
        audience: { type: 'users', userIds: [bob, carol] },
        subject: { fileId: uploaded.fileId },
        data: { name: 'minutes.txt', folder: '/docs/' },
      }),
    ]);
    expect(derive(envelope('files.file.uploaded', file(permissions([bob], [], 'hidden'))))).toEqual([]);
    expect(derive(envelope('files.file.uploaded', file(permissions(['admin']))))).toEqual([]);

    const updated = {
      ...file(permissions([bob, carol])),
      changes: ['permissions'],
      previousPermissions: permissions([bob]),
    };
    expect(derive(envelope('files.file.updated', updated))[0].audience).toEqual({
      type: 'users',
      userIds: [carol],
    });
    expect(derive(envelope('files.file.updated', { ...updated, changes: ['name'] }))).toEqual([]);
    // Made visible: everyone listed is new to it.
    expect(
      derive(
        envelope('files.file.updated', { ...updated, previousPermissions: permissions([bob], [], 'hidden') }),
      )[0].audience,
    ).toEqual({ type: 'users', userIds: [bob, carol] });
  });

  it("webhook disabled: the webhook's creator", () => {
    const data = {
      webhookId: id(),
      villageId,
      createdBy: bob,
      failingSince: '2026-01-01T00:00:00.000Z',
      disabledAt: '2026-01-02T00:00:00.000Z',
    };
    expect(derive(envelope('notifications.webhook.disabled', data, null))).toEqual([
      {
        kind: 'webhook_disabled',
        villageId,
        actorId: null,
        audience: { type: 'users', userIds: [bob] },
        topicId: null,
        subject: { webhookId: data.webhookId },
        data: { failingSince: data.failingSince, disabledAt: data.disabledAt },
      },
    ]);
    // Its own notifications come back on its stream: they make none.
    expect(derive(envelope('notifications.notification.created', { notificationId: id() }))).toEqual([]);
  });

  it('ignores other versions and types, and refuses a payload that breaks its contract', () => {
    expect(derive({ ...envelope('messaging.broadcast.sent', {}), version: 2 })).toEqual([]);
    expect(derive(envelope('identity.user.registered', { userId: bob }))).toEqual([]);
    expect(derive(envelope('constructor', {}))).toEqual([]);
    expect(() => derive(envelope('messaging.broadcast.sent', { villageId }))).toThrow();
  });

  it('cuts snippets at 140 characters and reads user ids only from access lists', () => {
    const graphemes = (text: string): number =>
      Array.from(new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text)).length;
    expect(graphemes(snippetOf('é'.repeat(200)))).toBe(140);
    expect(graphemes(snippetOf('👍🏽'.repeat(200)))).toBe(140);
    expect(snippetOf('é'.repeat(200)).endsWith('…')).toBe(true);
    expect(snippetOf('short')).toBe('short');
    expect([...sharedWith(permissions([bob, 'member', 'a1b2c3d4'], [bob]))]).toEqual([bob]);
  });
});
