import { randomUUID } from 'node:crypto';
import { documentedOperations, MESSAGING_PATH, VISIBILITIES } from './access-matrix';
import { messagingAccessSuite, type MessagingAccessSuite } from './messaging-access-harness';

/**
 * The access matrix of every messaging route: each operation × caller (outsider, member, admin,
 * owner) × village visibility, with the status the rules ask for (API.md, issue 4):
 * - a private village and everything in it is 404 to non-members; a public one is readable by
 *   anyone signed in, and writing in it is 403 to outsiders;
 * - conversations are private to their members: anyone else gets 404, admins included;
 *   only a message's author edits or deletes it (403 to the other members);
 * - posts are changed by their author or a moderator (admin+), 403 to other members;
 * - broadcasts are sent by admins (403 to members).
 * The fixtures and the table (messaging-access-harness.ts) are made by the owner; the conversation is
 * the owner's with the member, so the admin is the "not a participant" case. The table is checked
 * against the OpenAPI document.
 * A former member, who made the same fixtures as an admin before being removed, gets what an
 * outsider gets on every row: authorship never outlives membership.
 */
describe('access matrix of the messaging routes', () => {
  const s = messagingAccessSuite();
  let api: MessagingAccessSuite['api'];
  let m: MessagingAccessSuite['m'];
  let villages: MessagingAccessSuite['villages'];

  beforeAll(() => {
    ({ api, m, villages } = s);
  });

  it('has a row for every messaging route of the OpenAPI document, and no other', async () => {
    const messagingOperations = await documentedOperations(api, (path) => MESSAGING_PATH.test(path));
    expect(s.rows.map((row) => row.operation).sort()).toEqual(messagingOperations.sort());
  });

  it.each(s.rows.map((row) => [row.operation, row] as const))('%s', async (_operation, row) => {
    for (const visibility of VISIBILITIES) {
      const statuses = await m.statuses(row, villages[visibility]);
      expect({ visibility, statuses }).toEqual({ visibility, statuses: row.expected[visibility] });
    }
  });

  it('answers 401 to every messaging route without a token', async () => {
    for (const row of s.rows) {
      const answer = await row.call(villages.private, '', randomUUID());
      expect({ operation: row.operation, status: answer.status }).toEqual({
        operation: row.operation,
        status: 401,
      });
    }
  });
});
