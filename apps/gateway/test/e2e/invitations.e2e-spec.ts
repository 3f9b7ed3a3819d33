import { randomUUID } from 'node:crypto';
import { eventually, tokenInMail, type SmtpSink } from '@vv/testing';
import { bootSuite, type Suite } from './boot-suite';
import { Api, expectProblem, PASSWORD, signUp, type Account } from './http';

describe('invitations: invite → email → accept / signup', () => {
  let suite: Suite;
  let api: Api;
  let mail: SmtpSink;
  let owner: Account;
  let villageId: string;

  beforeAll(async () => {
    suite = await bootSuite({ mail: true, notifications: { PUBLIC_BASE_URL: 'https://app.example.com' } });
    api = new Api(suite.url);
    mail = suite.mail!;
    owner = await signUp(api, 'Olive Owner');
    const village = await api.post('/v1/villages', {
      token: owner.accessToken,
      body: { name: 'Maple Street', visibility: 'private' },
    });
    expect(village.status).toBe(201);
    villageId = village.body.id;
  });

  afterAll(() => suite.close());

  const invite = (email: string, body: Record<string, unknown> = {}) =>
    api.post(`/v1/villages/${villageId}/invitations`, { token: owner.accessToken, body: { email, ...body } });

  it('a new user: the email arrives over SMTP, signup with its token joins the village at once', async () => {
    const email = `newbie-${randomUUID()}@example.com`;
    const created = await invite(email, { message: 'See you at the barbecue' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      email,
      status: 'pending',
      role: 'member',
      villageName: 'Maple Street',
    });
    expect(JSON.stringify(created.body)).not.toMatch(/token/i);

    const [received] = await mail.waitFor(1, email);
    expect(received.subject).toBe('Olive Owner invited you to Maple Street');
    expect(received.text).toContain('See you at the barbecue');
    expect(received.text).toContain('https://app.example.com/invitations/accept?token=');
    const token = tokenInMail(received);

    const signup = await api.post('/v1/auth/signup', {
      body: { email, password: PASSWORD, displayName: 'Newbie', invitationToken: token },
    });
    expect(signup.status).toBe(201);
    const members = await api.get(`/v1/villages/${villageId}/members`, { token: signup.body.accessToken });
    expect(members.status).toBe(200);
    expect(members.body.items.map((m: { userId: string }) => m.userId)).toContain(signup.body.user.id);

    const again = await api.post('/v1/invitations/accept', {
      token: signup.body.accessToken,
      body: { token },
    });
    expectProblem(again, 409, 'conflict');
  });

  it('an existing user: lists it as theirs, accepts through the link token; wrong address 403', async () => {
    const bea = await signUp(api, 'Bea');
    const other = await signUp(api, 'Other');
    const created = await invite(bea.email, { role: 'admin' });
    expect(created.status).toBe(201);
    const mine = await api.get('/v1/me/invitations', { token: bea.accessToken });
    expect(mine.body.items.map((i: { id: string }) => i.id)).toEqual([created.body.id]);

    const token = tokenInMail((await mail.waitFor(1, bea.email))[0]);
    expectProblem(
      await api.post('/v1/invitations/accept', { token: other.accessToken, body: { token } }),
      403,
      'forbidden',
    );
    const accepted = await api.post('/v1/invitations/accept', { token: bea.accessToken, body: { token } });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ villageId, userId: bea.userId, role: 'admin' });
    expect((await api.get(`/v1/villages/${villageId}`, { token: bea.accessToken })).status).toBe(200);
  });

  it('resend mails a new link (the old one answers 410); revoke makes it 410; decline closes it', async () => {
    const cleo = await signUp(api, 'Cleo');
    const created = await invite(cleo.email);
    const oldToken = tokenInMail((await mail.waitFor(1, cleo.email))[0]);
    const resent = await api.post(`/v1/villages/${villageId}/invitations/${created.body.id}/resend`, {
      token: owner.accessToken,
    });
    expect(resent.status).toBe(200);
    const mails = await mail.waitFor(2, cleo.email);
    const newToken = tokenInMail(mails[1]);
    expect(newToken).not.toBe(oldToken);
    expectProblem(
      await api.post('/v1/invitations/accept', { token: cleo.accessToken, body: { token: oldToken } }),
      410,
      'gone',
    );
    const declined = await api.post('/v1/invitations/decline', {
      token: cleo.accessToken,
      body: { token: newToken },
    });
    expect(declined.status).toBe(200);
    expect(declined.body.status).toBe('declined');

    const dan = await signUp(api, 'Dan');
    const second = await invite(dan.email);
    const danToken = tokenInMail((await mail.waitFor(1, dan.email))[0]);
    const revoked = await api.delete(`/v1/villages/${villageId}/invitations/${second.body.id}`, {
      token: owner.accessToken,
    });
    expect(revoked.status).toBe(200);
    expectProblem(
      await api.post('/v1/invitations/accept', { token: dan.accessToken, body: { token: danToken } }),
      410,
      'gone',
    );

    const list = await api.get(`/v1/villages/${villageId}/invitations?status=revoked`, {
      token: owner.accessToken,
    });
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(second.body.id);
  });

  it('refuses outsiders of a private village with 404 and unknown body fields with 400', async () => {
    const outsider = await signUp(api, 'Outsider');
    const answer = await api.post(`/v1/villages/${villageId}/invitations`, {
      token: outsider.accessToken,
      body: { email: 'x@example.com' },
    });
    expectProblem(answer, 404, 'not_found');
    expectProblem(await invite('y@example.com', { admin: true }), 400, 'invalid');
  });

  describe('adding an existing user by id asks for their consent', () => {
    const addById = (userId: string, role = 'member') =>
      api.post(`/v1/villages/${villageId}/members`, { token: owner.accessToken, body: { userId, role } });
    const acceptMine = (id: string, account: Account) =>
      api.post(`/v1/me/invitations/${id}/accept`, { token: account.accessToken });
    const declineMine = (id: string, account: Account) =>
      api.post(`/v1/me/invitations/${id}/decline`, { token: account.accessToken });
    /** A user who shares their phone number with villagers only. */
    const privateUser = async (): Promise<Account> => {
      const account = await signUp(api, 'Pat Private');
      const patched = await api.patch('/v1/me', {
        token: account.accessToken,
        body: { contact: { phone: '+49 30 1234567' }, sharing: { contact: 'villagers' } },
      });
      expect(patched.status).toBe(200);
      return account;
    };

    it('invites the account: no membership and only public fields until they accept it in the app, where they are told', async () => {
      const pat = await privateUser();
      const added = await addById(pat.userId, 'admin');
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({
        outcome: 'invited',
        inviteeUserId: pat.userId,
        email: null,
        role: 'admin',
        status: 'pending',
        villageName: 'Maple Street',
      });
      expect(JSON.stringify(added.body)).not.toContain(pat.email);

      expect(
        (await api.get(`/v1/users/${pat.userId}`, { token: owner.accessToken })).body,
      ).not.toHaveProperty('contact');
      const directory = await api.get(`/v1/villages/${villageId}/members`, { token: owner.accessToken });
      expect(directory.body.items.map((m: { userId: string }) => m.userId)).not.toContain(pat.userId);
      expectProblem(await api.get(`/v1/villages/${villageId}`, { token: pat.accessToken }), 404, 'not_found');

      const mine = await api.get('/v1/me/invitations', { token: pat.accessToken });
      expect(mine.body.items).toEqual([
        expect.objectContaining({ id: added.body.id, inviteeUserId: pat.userId }),
      ]);
      await eventually(async () => {
        const notifications = await api.get('/v1/me/notifications', { token: pat.accessToken });
        expect(notifications.body.items).toContainEqual(
          expect.objectContaining({ kind: 'invited', villageId, subject: { invitationId: added.body.id } }),
        );
      });

      expectProblem(await acceptMine(added.body.id, owner), 404, 'not_found');
      const accepted = await acceptMine(added.body.id, pat);
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ villageId, userId: pat.userId, role: 'admin' });
      expect((await api.get(`/v1/users/${pat.userId}`, { token: owner.accessToken })).body).toMatchObject({
        contact: { phone: '+49 30 1234567' },
      });
      expectProblem(await acceptMine(added.body.id, pat), 409, 'conflict');
    });

    it('lets the invitee decline by id: the invitation is closed, accepting it afterwards is 410', async () => {
      const pat = await privateUser();
      const added = await addById(pat.userId);
      expectProblem(await addById(pat.userId), 409, 'conflict');
      expectProblem(await declineMine(added.body.id, owner), 404, 'not_found');
      const declined = await declineMine(added.body.id, pat);
      expect(declined.status).toBe(200);
      expect(declined.body).toMatchObject({ id: added.body.id, status: 'declined' });
      expectProblem(await acceptMine(added.body.id, pat), 410, 'gone');
      expectProblem(await acceptMine(randomUUID(), pat), 404, 'not_found');
      expectProblem(
        await api.post('/v1/me/invitations/not-an-id/accept', { token: pat.accessToken }),
        400,
        'invalid',
      );
    });

    it('documents POST …/members as answering a membership or an invitation', async () => {
      const doc = (await api.get('/docs/openapi.json')).body;
      const created = doc.paths['/v1/villages/{villageId}/members'].post.responses['201'];
      expect(created.content['application/json'].schema).toEqual({
        $ref: '#/components/schemas/MemberAddResult',
      });
      const variants = doc.components.schemas.MemberAddResult.oneOf as Array<{
        properties: { outcome: { const: string } };
      }>;
      expect(variants.map((variant) => variant.properties.outcome.const)).toEqual(['added', 'invited']);
      expect(doc.paths['/v1/me/invitations/{id}/accept'].post.responses).toHaveProperty('200');
      expect(doc.paths['/v1/me/invitations/{id}/decline'].post.responses).toHaveProperty('200');
    });
  });
});
