import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  eventSubject,
  invitationMailGet,
  type EventEnvelope,
  type ParsedRequestOf,
  type ResponseOf,
} from '@vv/contracts';
import {
  Command,
  createLogger,
  ensureServiceStream,
  Metrics,
  NatsTransport,
  ServiceError,
  startCommandServer,
  type RunningApp,
} from '@vv/platform';
import {
  createTestEnvironment,
  eventually,
  startSmtpSink,
  tokenInMail,
  type SmtpSink,
  type TestEnvironment,
} from '@vv/testing';
import { Client } from 'pg';
import { createNotificationsApp } from '../src/app';

type MailData = ResponseOf<typeof invitationMailGet>;

/**
 * Notifications against real PostgreSQL, NATS and an SMTP server. Identity is stood in for by a
 * responder of its internal `invitation_mail.get` command on the same NATS; events are published
 * to identity's stream as its outbox relay would.
 */
describe('notifications: invitation mail', () => {
  let t: TestEnvironment;
  let sink: SmtpSink;
  let nc: NatsConnection;
  let sql: Client;
  let app: RunningApp | undefined;
  const invitations = new Map<string, MailData>();
  const lookups: string[] = [];
  const logLines: string[] = [];

  const env = (): Record<string, string> => ({
    ...t.env,
    NOTIFICATIONS_HTTP_PORT: '0',
    SMTP_URL: sink.url,
    MAIL_FROM: 'Village <no-reply@village.test>',
    PUBLIC_BASE_URL: 'https://app.example.com',
    MAIL_POLL_INTERVAL_MS: '100',
    LOG_LEVEL: 'info',
  });

  const startApp = async (): Promise<RunningApp> => {
    app = await createNotificationsApp(env());
    // Keep every line the app logs from now on, to check that no token reaches one.
    const stream = (app.services.logger as unknown as Record<symbol, { write(line: string): boolean }>)[
      pino.symbols.streamSym
    ];
    stream.write = (line: string) => logLines.push(line) > 0;
    return app;
  };

  const stopApp = async (): Promise<void> => {
    await app?.close();
    app = undefined;
  };

  const invite = (overrides: Partial<MailData> = {}): MailData => {
    const data: MailData = {
      invitationId: randomUUID(),
      villageId: randomUUID(),
      villageName: 'Maple Street',
      email: `invitee-${randomUUID()}@example.com`,
      role: 'member',
      message: 'Come and join us!',
      inviterName: 'Ann',
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      token: Buffer.from(randomUUID() + randomUUID())
        .toString('base64url')
        .slice(0, 43),
      templates: null,
      ...overrides,
    };
    invitations.set(data.invitationId, data);
    return data;
  };

  const publishCreated = async (data: MailData, eventId: string = randomUUID()): Promise<EventEnvelope> => {
    const event: EventEnvelope = {
      id: eventId,
      type: 'identity.invitation.created',
      version: 1,
      occurredAt: new Date().toISOString(),
      villageId: data.villageId,
      actorId: randomUUID(),
      data: {
        invitationId: data.invitationId,
        villageId: data.villageId,
        email: data.email,
        role: data.role,
        invitedBy: null,
        maxUses: 1,
        expiresAt: data.expiresAt,
        tokenVersion: 1,
      },
    };
    const subject = eventSubject(t.prefix, { service: 'identity', name: 'invitation.created', version: 1 });
    // A fresh Nats-Msg-Id each time, so JetStream keeps a re-publish: a redelivery of the event.
    await jetstream(nc).publish(subject, JSON.stringify(event), { msgID: randomUUID() });
    return event;
  };

  const mailRow = async (eventId: string): Promise<{ status: string; attempts: number } | undefined> => {
    const { rows } = await sql.query<{ status: string; attempts: number }>(
      'select status, attempts from notifications.outgoing_mail where event_id = $1',
      [eventId],
    );
    return rows[0];
  };

  beforeAll(async () => {
    t = await createTestEnvironment();
    sink = await startSmtpSink();
    t.track(sink);
    nc = await connect({ servers: t.natsUrl });
    t.track({ close: () => nc.close() });
    await ensureServiceStream(nc, t.prefix, 'identity');
    @Controller()
    class IdentityStandIn {
      @Command(invitationMailGet)
      get(@Payload() request: ParsedRequestOf<typeof invitationMailGet>): Promise<MailData> {
        lookups.push(request.invitationId);
        const data = invitations.get(request.invitationId);
        if (!data) return Promise.reject(new ServiceError('gone', 'This invitation is no longer pending'));
        return Promise.resolve(data);
      }
    }
    const transport = new NatsTransport({
      nc,
      service: 'identity',
      prefix: t.prefix,
      metrics: new Metrics('identity'),
      defaultTimeoutMs: 5000,
      logger: createLogger('identity', 'silent'),
    });
    const identity = await startCommandServer(transport, [IdentityStandIn]);
    t.track({ close: () => identity.close() });
    await startApp();
    t.track({ close: stopApp });
    sql = new Client({ connectionString: t.database.url });
    await sql.connect();
    t.track({ close: () => sql.end() });
  });

  afterAll(async () => {
    await t.cleanup();
  });

  it('sends one mail per invitation.created, with the default template and the accept link', async () => {
    const data = invite();
    const event = await publishCreated(data);
    const [mail] = await sink.waitFor(1, data.email);
    expect(mail.subject).toBe('Ann invited you to Maple Street');
    expect(mail.messageId).toBe(`<${event.id}@village.test>`);
    expect(mail.text).toContain('Come and join us!');
    expect(mail.text).toContain(`https://app.example.com/invitations/accept?token=${data.token}`);
    expect(tokenInMail(mail)).toBe(data.token);
    expect(mail.html).toContain('<strong>Maple Street</strong>');
    await eventually(async () => expect((await mailRow(event.id))?.status).toBe('sent'));
  });

  it('applies the templates of metadata app/email-templates, HTML-escaping values in html', async () => {
    const data = invite({
      villageName: 'Tom & Jerry',
      templates: {
        invitation: {
          subject: 'Join {{villageName}}, from {{inviterName}}',
          text: 'Dear {{email}}: {{message}} -> {{acceptUrl}} ({{role}})',
          html: '<p>{{villageName}}</p>',
        },
      },
    });
    await publishCreated(data);
    const [mail] = await sink.waitFor(1, data.email);
    expect(mail.subject).toBe('Join Tom & Jerry, from Ann');
    expect(mail.text).toBe(
      `Dear ${data.email}: Come and join us! -> https://app.example.com/invitations/accept?token=${data.token} (member)`,
    );
    expect(mail.html).toBe('<p>Tom &#38; Jerry</p>');
  });

  it('falls back to the default template when the stored document is not valid', async () => {
    const data = invite({ templates: { invitation: { subject: '' } } });
    await publishCreated(data);
    const [mail] = await sink.waitFor(1, data.email);
    expect(mail.subject).toBe('Ann invited you to Maple Street');
  });

  it('sends exactly one mail when the event is delivered again (JetStream redelivery)', async () => {
    const data = invite();
    const event = await publishCreated(data);
    await sink.waitFor(1, data.email);
    await publishCreated(data, event.id);
    await publishCreated(data, event.id);
    // A later event proves the consumer went past the duplicates.
    const marker = invite();
    await publishCreated(marker);
    await sink.waitFor(1, marker.email);
    expect(await sink.waitFor(1, data.email)).toHaveLength(1);
  });

  it('sends exactly one mail across a restart of the app, and catches up on events published meanwhile', async () => {
    const before = invite();
    const first = await publishCreated(before);
    await sink.waitFor(1, before.email);
    await stopApp();
    const during = invite();
    await publishCreated(during);
    await publishCreated(before, first.id); // redelivered while the app was down
    await startApp();
    await sink.waitFor(1, during.email);
    const marker = invite();
    await publishCreated(marker);
    await sink.waitFor(1, marker.email);
    expect(sink.messages.filter((m) => m.to.includes(before.email))).toHaveLength(1);
    expect(sink.messages.filter((m) => m.to.includes(during.email))).toHaveLength(1);
  });

  it('re-sends a mail whose sender died between SMTP and the mark, with the same Message-ID', async () => {
    const data = invite();
    const event = await publishCreated(data);
    const [first] = await sink.waitFor(1, data.email);
    await eventually(async () => expect((await mailRow(event.id))?.status).toBe('sent'));
    // The state a crash after SMTP's 250 and before mark_mail_sent leaves: a lease that ran out.
    await sql.query(
      "update notifications.outgoing_mail set status = 'sending', sent_at = null, lease_until = now() - interval '1 second' where event_id = $1",
      [event.id],
    );
    const both = await sink.waitFor(2, data.email);
    expect(both[1].messageId).toBe(first.messageId);
    await eventually(async () => expect((await mailRow(event.id))?.status).toBe('sent'));
  });

  it('skips the mail of an invitation that is no longer pending (resent, revoked) and sends nothing', async () => {
    const data = invite();
    invitations.delete(data.invitationId);
    const event = await publishCreated(data);
    await eventually(async () => expect((await mailRow(event.id))?.status).toBe('skipped'));
    expect(lookups).toContain(data.invitationId);
    expect(sink.messages.filter((m) => m.to.includes(data.email))).toHaveLength(0);
  });

  it('retries a mail the SMTP server could not take, then sends it', async () => {
    const data = invite();
    await stopApp();
    const good = sink.url;
    try {
      // Nothing listens on port 9 of localhost: the first attempt fails and is retried later.
      sink.url = 'smtp://127.0.0.1:9';
      await startApp();
      const event = await publishCreated(data);
      // Pending again after its first attempt (the row is pending with no attempt before it, too).
      await eventually(async () => {
        const row = await mailRow(event.id);
        expect(row?.status).toBe('pending');
        expect(row?.attempts).toBeGreaterThan(0);
      });
      expect((await mailRow(event.id))?.attempts).toBe(1);
    } finally {
      await stopApp();
      sink.url = good;
      await startApp();
    }
    await sink.waitFor(1, data.email);
  });

  it('never writes a token or an accept link to its logs', () => {
    const logs = logLines.join('');
    expect(logs).toContain('invitation mail sent');
    for (const data of invitations.values()) expect(logs).not.toContain(data.token);
    expect(logs).not.toContain('token=');
  });
});
