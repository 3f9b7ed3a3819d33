import { createHmac } from 'node:crypto';
import { signatureHeader, signatureOf, verifySignature } from './webhook-signature';

describe('webhook signature', () => {
  const secret = 'a-secret-of-sixteen+';
  const body = '{"id":"1","type":"messaging.post.created"}';
  const now = new Date('2026-03-01T12:00:00.500Z');

  it('is t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">', () => {
    const header = signatureHeader(secret, body, now);
    const t = Math.floor(now.getTime() / 1000);
    const hmac = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(header).toBe(`t=${t},v1=${hmac}`);
    expect(signatureOf(secret, t, body)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('verifies its own header and refuses a changed body, secret, signature or an old timestamp', () => {
    const header = signatureHeader(secret, body, now);
    expect(verifySignature(secret, header, body, 300, now)).toBe(true);
    expect(verifySignature(secret, header, `${body} `, 300, now)).toBe(false);
    expect(verifySignature('another-secret-of-16', header, body, 300, now)).toBe(false);
    const tampered = header.replace(/v1=(.)/, (_match, first: string) => `v1=${first === 'a' ? 'b' : 'a'}`);
    expect(verifySignature(secret, tampered, body, 300, now)).toBe(false);
    expect(verifySignature(secret, header, body, 300, new Date(now.getTime() + 301_000))).toBe(false);
    expect(verifySignature(secret, 'v1=abc', body, 300, now)).toBe(false);
  });
});
