import { WebhookSecrets } from './webhook-secrets';

describe('webhook secrets at rest', () => {
  const key = 'k'.repeat(40);

  it('seals with the key and opens again; the stored value does not hold the secret', () => {
    const secrets = new WebhookSecrets(key);
    const stored = secrets.seal('my-signing-secret-123');
    expect(stored).toMatch(/^v1:/);
    expect(stored).not.toContain('my-signing-secret-123');
    expect(secrets.seal('my-signing-secret-123')).not.toBe(stored); // a fresh IV each time
    expect(secrets.open(stored)).toBe('my-signing-secret-123');
  });

  it('stores as given without a key, and still opens such values once a key is set', () => {
    const stored = new WebhookSecrets(undefined).seal('my-signing-secret-123');
    expect(stored).toBe('plain:my-signing-secret-123');
    expect(new WebhookSecrets(key).open(stored)).toBe('my-signing-secret-123');
  });

  it('refuses a sealed value without the key, or with another key, or tampered', () => {
    const stored = new WebhookSecrets(key).seal('my-signing-secret-123');
    expect(() => new WebhookSecrets(undefined).open(stored)).toThrow('WEBHOOK_SECRET_KEY is not set');
    expect(() => new WebhookSecrets('x'.repeat(40)).open(stored)).toThrow('cannot be opened');
    const tampered = `${stored.slice(0, -2)}${stored.endsWith('A') ? 'B' : 'A'}A`;
    expect(() => new WebhookSecrets(key).open(tampered)).toThrow();
  });

  it('generates long random secrets', () => {
    const secret = WebhookSecrets.generate();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(WebhookSecrets.generate()).not.toBe(secret);
  });
});
