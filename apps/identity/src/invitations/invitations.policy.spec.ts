import { assertSenderMayStill, type InvitationAuthority } from './invitations.policy';

const authority = (overrides: Partial<InvitationAuthority> = {}): InvitationAuthority => ({
  role: 'member',
  toAccount: false,
  inviterRole: 'admin',
  appRoles: {},
  ...overrides,
});

describe('invitations policy: a use stands on its sender’s current role', () => {
  it('honours an invitation its sender could still make', () => {
    expect(() => assertSenderMayStill(authority())).not.toThrow();
    expect(() => assertSenderMayStill(authority({ toAccount: true }))).not.toThrow();
    expect(() => assertSenderMayStill(authority({ role: 'owner', inviterRole: 'owner' }))).not.toThrow();
  });

  it('refuses (gone) once the sender left, lost the permission or may no longer give the role', () => {
    const gone = expect.objectContaining({ code: 'gone' });
    expect(() => assertSenderMayStill(authority({ inviterRole: null }))).toThrow(gone);
    expect(() => assertSenderMayStill(authority({ inviterRole: 'member' }))).toThrow(gone);
    expect(() => assertSenderMayStill(authority({ role: 'owner' }))).toThrow(gone);
  });

  it('asks the permission the invitation was made with, as app/roles defines it', () => {
    const appRoles = { HOST: ['invitations.manage' as const] };
    expect(() => assertSenderMayStill(authority({ inviterRole: 'HOST', appRoles }))).not.toThrow();
    expect(() => assertSenderMayStill(authority({ inviterRole: 'HOST', appRoles, toAccount: true }))).toThrow(
      expect.objectContaining({ code: 'gone' }),
    );
  });
});
