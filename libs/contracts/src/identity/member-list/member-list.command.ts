import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { isoTimestamp, page, pageQuery, uuid } from '../../common/schemas';
import { visibleProfile } from '../profile/profile.schema';
import { roleName } from '../village/village.schema';

/** A directory entry: the membership and the profile fields the member shares with villagers. */
export const directoryEntry = z.object({
  userId: uuid,
  role: roleName,
  joinedAt: isoTimestamp,
  profile: visibleProfile,
});

export const memberList = defineCommand({
  service: 'identity',
  name: 'member.list',
  version: 1,
  summary: "A village's directory: members with what they share with villagers; name search, role filter",
  request: pageQuery.extend({
    villageId: uuid,
    q: z.string().trim().min(1).max(100).optional(),
    role: roleName.optional(),
  }),
  response: page(directoryEntry),
});
