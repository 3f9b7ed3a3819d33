import { PASSWORD_MIN_LENGTH } from '@vv/contracts';
import { ServiceError } from '@vv/platform';

/** Why a password is too weak, or undefined when it is acceptable. */
export function passwordWeakness(password: string, email: string): string | undefined {
  if (Array.from(password).length < PASSWORD_MIN_LENGTH)
    return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.trim().toLowerCase() === email.trim().toLowerCase()) return 'must not be the email address';
  return undefined;
}

/** Throws `weak_password` with the reason as a field error. */
export function assertStrongPassword(password: string, email: string): void {
  const reason = passwordWeakness(password, email);
  if (reason !== undefined) {
    throw new ServiceError('weak_password', `The password ${reason}`, {
      errors: [{ field: 'password', reason }],
    });
  }
}
