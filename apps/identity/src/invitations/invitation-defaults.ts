/**
 * The development default of INVITATION_TOKEN_SECRET. Identity refuses to start with it when
 * NODE_ENV=production. Changing the secret makes every outstanding invitation link invalid.
 */
export const DEV_INVITATION_TOKEN_SECRET = 'development-only-invitation-token-secret-change-me';
