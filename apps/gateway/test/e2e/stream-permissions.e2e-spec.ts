import { type Account, type Api, signUp } from './http';
import { addMember } from './members';
import { StreamClient } from './stream-client';
import { ok, startStreamSuite, type StreamSuite } from './stream-harness';

/**
 * `GET /v1/stream` end to end: hidden files and busy calendar events, per viewer.
 */
describe('GET /v1/stream', () => {
  let s: StreamSuite;
  let api: Api;
  let stream: StreamSuite['stream'];
  let settle: StreamSuite['settle'];
  let createVillage: StreamSuite['createVillage'];

  beforeAll(async () => {
    s = await startStreamSuite();
    ({ api, stream, settle, createVillage } = s);
  });

  afterAll(() => s.close());

  describe('per-file and per-event permissions', () => {
    let owner: Account;
    let admin: Account;
    let member: Account;
    let other: Account;
    let villageId: string;
    let sockets: Record<'owner' | 'admin' | 'member' | 'other', StreamClient>;

    beforeAll(async () => {
      [owner, admin, member, other] = await Promise.all([
        signUp(api, 'Owner'),
        signUp(api, 'Admin'),
        signUp(api, 'Member'),
        signUp(api, 'Other'),
      ]);
      villageId = await createVillage(owner, 'Permissions');
      await addMember(api, villageId, owner.accessToken, admin, 'admin');
      await addMember(api, villageId, owner.accessToken, member);
      await addMember(api, villageId, owner.accessToken, other);
      await settle();
      sockets = {
        owner: await stream(owner),
        admin: await stream(admin),
        member: await stream(member),
        other: await stream(other),
      };
    });

    it("sends a hidden file's upload only to its owner and the village's admins", async () => {
      const bytes = Buffer.from('secret');
      const create = ok(
        await api.post(`/v1/villages/${villageId}/files`, {
          token: member.accessToken,
          body: {
            name: 'hidden.txt',
            contentType: 'text/plain',
            size: bytes.length,
            permissions: { visibility: 'hidden' },
          },
        }),
        201,
      );
      const { url, headers } = create.body.upload;
      expect((await fetch(url, { method: 'PUT', headers, body: bytes })).status).toBe(200);
      const fileId = String(create.body.file.id);
      ok(await api.post(`/v1/files/${fileId}/complete`, { token: member.accessToken, body: {} }), 200);
      const visible = String(
        ok(
          await api.post(`/v1/villages/${villageId}/topics`, {
            token: owner.accessToken,
            body: { title: 'Marker' },
          }),
          201,
        ).body.id,
      );
      for (const socket of Object.values(sockets))
        await socket.nextEvent((event) => event.data.topicId === visible);
      // The upload (files) and the marker (messaging) reach the feed from two streams: in either order.
      await settle(...Object.values(sockets));
      const uploaded = (socket: StreamClient): boolean =>
        socket.events.some((m) => m.event!.type === 'files.file.uploaded' && m.event!.data.fileId === fileId);
      expect([sockets.member, sockets.owner, sockets.admin, sockets.other].map(uploaded)).toEqual([
        true,
        true,
        true,
        false,
      ]);
    });

    it('redacts a busy calendar event for members who may not see its details', async () => {
      const created = ok(
        await api.post(`/v1/villages/${villageId}/events`, {
          token: member.accessToken,
          body: {
            title: 'Dentist',
            startsAt: '2026-12-01T10:00:00Z',
            endsAt: '2026-12-01T11:00:00Z',
            timeZone: 'Europe/Berlin',
            visibility: 'busy',
          },
        }),
        201,
      );
      const eventId = String(created.body.id);
      const seen = async (socket: StreamClient) =>
        socket.nextEvent(
          (event) => event.type === 'calendar.calendar_event.created' && event.data.eventId === eventId,
        );
      const [forMember, forAdmin, forOther] = await Promise.all([
        seen(sockets.member),
        seen(sockets.admin),
        seen(sockets.other),
      ]);
      expect(forMember.redacted).toBeUndefined();
      expect(forMember.event!.data).toMatchObject({ title: 'Dentist', createdBy: member.userId });
      expect(forAdmin.event!.data).toMatchObject({ title: 'Dentist' });
      expect(forOther.redacted).toBe(true);
      expect(forOther.event!.data).not.toHaveProperty('title');
      expect(forOther.event!.data).not.toHaveProperty('createdBy');
      expect(forOther.event!.data).toMatchObject({
        eventId,
        startsAt: expect.any(String),
        endsAt: expect.any(String),
        visibility: 'busy',
      });
      expect(forOther.event!.actorId).toBeNull();
      expect(forOther.id).toBe(forMember.id);
    });
  });
});
