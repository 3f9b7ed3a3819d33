import { randomUUID } from 'node:crypto';
import { tokenInMail, type SmtpSink } from '@vv/testing';
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
});
