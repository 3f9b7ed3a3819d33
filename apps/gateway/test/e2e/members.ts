import { Api, type Account } from './http';

/** The membership a village's directory shows after a member was added. */
export interface AddedMember {
  villageId: string;
  userId: string;
  role: string;
}

/**
 * Puts `account` in a village as the holder of `token` asks, with the account's consent where the
 * app wants it: `POST …/members`, then, when that invited them (`outcome: invited`), the account
 * accepts in the app (`POST /v1/me/invitations/{id}/accept`). Throws unless they end up a member.
 */
export async function addMember(
  api: Api,
  villageId: string,
  token: string,
  account: Account,
  role = 'member',
): Promise<AddedMember> {
  const added = await api.post(`/v1/villages/${villageId}/members`, {
    token,
    body: { userId: account.userId, role },
  });
  if (added.status !== 201)
    throw new Error(`adding a member failed: ${added.status} ${JSON.stringify(added.body)}`);
  if (added.body.outcome === 'added') return added.body as AddedMember;
  const accepted = await api.post(`/v1/me/invitations/${added.body.id}/accept`, {
    token: account.accessToken,
  });
  if (accepted.status !== 200)
    throw new Error(`accepting the invitation failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  return accepted.body as AddedMember;
}

/** The app admin `allowDirectAdds` signs up: boot identity with `APP_ADMIN_EMAILS` set to it. */
export const MEMBERS_APP_ADMIN = 'members-app-admin@example.com';

/**
 * Lets `POST …/members` add users at once in this suite (metadata `app/members`), for tests about
 * what follows a direct add (e.g. the `added_to_village` notification). Needs a suite booted with
 * `identity: { APP_ADMIN_EMAILS: MEMBERS_APP_ADMIN }`.
 */
export async function allowDirectAdds(api: Api, password: string): Promise<void> {
  const admin = await api.post('/v1/auth/signup', {
    body: { email: MEMBERS_APP_ADMIN, password, displayName: 'App admin' },
  });
  if (admin.status !== 201) throw new Error(`signup failed: ${admin.status} ${JSON.stringify(admin.body)}`);
  const put = await api.request('PUT', '/v1/metadata/app/members', {
    token: admin.body.accessToken,
    body: { directAdd: true },
  });
  if (put.status !== 200) throw new Error(`app/members failed: ${put.status} ${JSON.stringify(put.body)}`);
}
