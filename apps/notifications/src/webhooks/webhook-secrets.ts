import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const PLAIN = 'plain:';
const SEALED = 'v1:';

/**
 * Webhook secrets at rest. They must sign, so they cannot be hashed: with WEBHOOK_SECRET_KEY they
 * are sealed with AES-256-GCM (key = SHA-256 of the variable) as `v1:<iv>.<tag>.<ciphertext>`
 * (base64url); without it they are stored as given (`plain:<secret>`) and the database must be
 * protected like identity's signing keys. A stored plain secret keeps working after a key is set.
 */
export class WebhookSecrets {
  private readonly key?: Buffer;

  constructor(secretKey: string | undefined) {
    this.key = secretKey ? createHash('sha256').update(secretKey, 'utf8').digest() : undefined;
  }

  /** A new random secret for a webhook registered without one. */
  static generate(): string {
    return `whsec_${randomBytes(32).toString('base64url')}`;
  }

  seal(secret: string): string {
    if (!this.key) return `${PLAIN}${secret}`;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return `${SEALED}${[iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url')).join('.')}`;
  }

  /** The secret a stored value holds; throws when it is sealed and cannot be opened with the key. */
  open(stored: string): string {
    if (stored.startsWith(PLAIN)) return stored.slice(PLAIN.length);
    if (!stored.startsWith(SEALED)) throw new Error('unknown webhook secret format');
    if (!this.key) throw new Error('the webhook secret is sealed and WEBHOOK_SECRET_KEY is not set');
    const [iv, tag, ciphertext] = stored
      .slice(SEALED.length)
      .split('.')
      .map((part) => Buffer.from(part, 'base64url'));
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('the webhook secret cannot be opened with WEBHOOK_SECRET_KEY (was the key changed?)');
    }
  }
}
