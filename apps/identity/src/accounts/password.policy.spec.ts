import { ServiceError } from '@vv/platform';
import { assertStrongPassword, passwordWeakness } from './password.policy';

describe('password policy', () => {
  it('requires at least 10 characters (code points)', () => {
    expect(passwordWeakness('123456789', 'a@example.com')).toMatch(/at least 10/);
    expect(passwordWeakness('1234567890', 'a@example.com')).toBeUndefined();
    expect(passwordWeakness('🔑🔑🔑🔑🔑🔑🔑🔑🔑', 'a@example.com')).toMatch(/at least 10/);
  });

  it('refuses the email address as the password, in any case', () => {
    expect(passwordWeakness('Someone@Example.com', 'someone@example.com')).toMatch(/email/);
  });

  it('throws weak_password with a field error', () => {
    expect(() => assertStrongPassword('short', 'a@example.com')).toThrow(ServiceError);
    try {
      assertStrongPassword('short', 'a@example.com');
    } catch (error) {
      expect(error).toMatchObject({ code: 'weak_password', details: { errors: [{ field: 'password' }] } });
    }
  });
});
