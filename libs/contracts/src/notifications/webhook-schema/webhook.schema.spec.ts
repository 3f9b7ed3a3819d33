import { EVENTS } from '../../catalogue';
import { webhookCreate } from '../webhook-create/webhook-create.command';
import {
  unknownWebhookPatterns,
  webhookEventTypes,
  webhookFields,
  webhookPatch,
  webhookPatternMatches,
  webhookReceives,
} from './webhook.schema';

describe('webhook contracts', () => {
  const types = webhookEventTypes(EVENTS);

  it('matches a type, a prefix ending in .* and *', () => {
    expect(webhookPatternMatches('messaging.post.created', 'messaging.post.created')).toBe(true);
    expect(webhookPatternMatches('messaging.post.created', 'messaging.post.edited')).toBe(false);
    expect(webhookPatternMatches('messaging.*', 'messaging.post.created')).toBe(true);
    expect(webhookPatternMatches('messaging.post.*', 'messaging.post.created')).toBe(true);
    expect(webhookPatternMatches('messaging.post.*', 'messaging.posting.created')).toBe(false);
    expect(webhookPatternMatches('messaging.*', 'messagingx.post.created')).toBe(false);
    expect(webhookPatternMatches('*', 'files.file.uploaded')).toBe(true);
  });

  it('never lets a webhook receive direct-conversation events', () => {
    expect(webhookReceives(['*'], 'messaging.message.sent')).toBe(false);
    expect(webhookReceives(['messaging.*'], 'messaging.conversation.created')).toBe(false);
    expect(webhookReceives(['messaging.message.sent'], 'messaging.message.sent')).toBe(false);
    expect(webhookReceives(['messaging.*'], 'messaging.post.created')).toBe(true);
    expect(types).not.toContain('messaging.message.sent');
    expect(types).toContain('messaging.post.created');
    expect(types).toContain('notifications.webhook.disabled');
  });

  it('names the patterns that match nothing in the catalogue', () => {
    expect(
      unknownWebhookPatterns(
        ['*', 'files.*', 'identity.contact.created', 'messaging.message.*', 'nope.*', 'files.file.exploded'],
        types,
      ),
    ).toEqual(['messaging.message.*', 'nope.*', 'files.file.exploded']);
  });

  it('checks the fields of a new webhook', () => {
    const valid = { url: 'https://hooks.example.com/in?x=1', events: ['messaging.*', 'messaging.*'] };
    expect(webhookFields.parse(valid)).toEqual({ ...valid, events: ['messaging.*'] });
    const invalid = [
      { ...valid, url: 'ftp://hooks.example.com/' },
      { ...valid, url: 'https://me:pw@hooks.example.com/' },
      { ...valid, url: `https://example.com/${'a'.repeat(2048)}` },
      // Read as another host by some parser: a backslash, a tab (zod's url format would drop it), an empty userinfo.
      { ...valid, url: 'https://hooks.example.com\\@127.0.0.1/' },
      { ...valid, url: 'https://hooks.example.com/\tin' },
      { ...valid, url: 'https://@hooks.example.com/' },
      { ...valid, url: 'https:hooks.example.com/' },
      { ...valid, events: [] },
      { ...valid, events: ['Messaging.*'] },
      { ...valid, events: ['messaging'] },
      { ...valid, events: ['messaging.post.created.v1'] },
      { ...valid, secret: 'short' },
      { ...valid, enabled: true },
    ];
    for (const fields of invalid) expect(webhookFields.safeParse(fields).success).toBe(false);
    expect(webhookCreate.request.safeParse({ ...valid, villageId: 'nope' }).success).toBe(false);
  });

  it('refuses an empty change', () => {
    expect(webhookPatch.safeParse({}).success).toBe(false);
    expect(webhookPatch.safeParse({ enabled: true }).success).toBe(true);
  });
});
