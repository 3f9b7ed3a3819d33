import { randomUUID } from 'node:crypto';
import type { FilePermissions } from '@vv/contracts';
import { audienceOf, viewOf } from './audience';
import {
  admin,
  coach,
  elsewhere,
  envelope,
  member,
  outsider,
  owner,
  V,
  viewer,
  views,
} from './audience-fixture';

/** Who gets the stream's file and calendar events: hidden files and busy events per viewer. */
describe('stream audience', () => {
  describe('files', () => {
    const file = (permissions: FilePermissions, ownerId = member.userId) => ({
      fileId: randomUUID(),
      villageId: V,
      ownerId,
      name: 'a.txt',
      folder: '/',
      contentType: 'text/plain',
      size: 1,
      permissions,
    });
    const listed = viewer({ [V]: 'member' });
    const roleListed = viewer({ [V]: 'COACH' });

    it('sends a hidden file only to its owner and files.manage holders', () => {
      const uploaded = envelope(
        'files.file.uploaded',
        file({ visibility: 'hidden', read: [listed.userId], write: [] }),
      );
      expect(views(uploaded, [member, owner, admin, listed, outsider])).toEqual([
        'full',
        'full',
        'full',
        null,
        null,
      ]);
    });

    it('sends a visible file to every member when its read list is empty, else to those listed', () => {
      const open = envelope('files.file.uploaded', file({ visibility: 'visible', read: [], write: [] }));
      expect(views(open, [listed, roleListed, elsewhere])).toEqual(['full', 'full', null]);
      const narrow = envelope(
        'files.file.uploaded',
        file({ visibility: 'visible', read: [listed.userId, 'COACH'], write: [] }, owner.userId),
      );
      const writer = viewer({ [V]: 'member' });
      const writable = envelope(
        'files.file.uploaded',
        file({ visibility: 'visible', read: ['COACH'], write: [writer.userId] }, owner.userId),
      );
      expect(views(narrow, [listed, roleListed, member, admin])).toEqual(['full', 'full', null, 'full']);
      expect(views(writable, [writer, member])).toEqual(['full', null]);
    });

    it('sends an update to those who could see the file before or can see it now', () => {
      const updated = envelope('files.file.updated', {
        ...file({ visibility: 'hidden', read: [], write: [] }, owner.userId),
        changes: ['permissions'],
        previousPermissions: { visibility: 'visible', read: [listed.userId], write: [] },
      });
      expect(views(updated, [listed, member, owner])).toEqual(['full', null, 'full']);
    });

    it('sends a deleted pending upload, and downloads, to the owner and files.manage holders', () => {
      const deleted = envelope('files.file.deleted', {
        ...file({ visibility: 'visible', read: [], write: [] }),
        status: 'pending',
        reason: 'expired',
      });
      expect(views(deleted, [member, admin, listed])).toEqual(['full', 'full', null]);
      const downloaded = envelope('files.file.downloaded', {
        downloadId: randomUUID(),
        fileId: randomUUID(),
        villageId: V,
        ownerId: member.userId,
        userId: listed.userId,
      });
      expect(views(downloaded, [member, admin, listed])).toEqual(['full', 'full', null]);
    });
  });

  describe('calendar', () => {
    const fields = (visibility: 'village' | 'busy') => ({
      eventId: randomUUID(),
      villageId: V,
      createdBy: member.userId,
      title: 'Dentist',
      startsAt: '2026-12-01T10:00:00.000Z',
      endsAt: '2026-12-01T11:00:00.000Z',
      allDay: false,
      timeZone: 'Europe/Berlin',
      rrule: null,
      visibility,
      data: { room: 3 },
    });

    it('redacts a busy event for members who do not see its details', () => {
      const busy = envelope('calendar.calendar_event.created', fields('busy'));
      const other = viewer({ [V]: 'member' });
      expect(views(busy, [member, admin, coach, other, outsider])).toEqual([
        'full',
        'full',
        'full',
        'redacted',
        null,
      ]);
      const result = audienceOf(busy);
      if (result.kind !== 'audience') throw new Error('no audience');
      const copy = viewOf(busy, result.audience, other)!.event;
      expect(copy.data).toEqual({
        eventId: busy.data && (busy.data as { eventId: string }).eventId,
        villageId: V,
        startsAt: '2026-12-01T10:00:00.000Z',
        endsAt: '2026-12-01T11:00:00.000Z',
        allDay: false,
        timeZone: 'Europe/Berlin',
        rrule: null,
        visibility: 'busy',
      });
      expect(copy.actorId).toBeNull();
      expect(views(envelope('calendar.calendar_event.created', fields('village')), [other])).toEqual([
        'full',
      ]);
    });

    it('sends an RSVP to the member who gave it and events.manage holders', () => {
      const rsvp = envelope('calendar.attendance.changed', {
        eventId: randomUUID(),
        villageId: V,
        memberId: member.userId,
        occurrenceStart: null,
        status: 'yes',
        previousStatus: null,
      });
      expect(views(rsvp, [member, admin, coach, viewer({ [V]: 'member' })])).toEqual([
        'full',
        'full',
        'full',
        null,
      ]);
    });
  });
});
