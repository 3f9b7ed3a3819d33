import { z } from 'zod';
import { uuid } from '../../common/schemas';

/** Different emojis a post takes. */
export const POST_REACTION_EMOJIS_MAX = 50;

const SHORTCODE = /^:[a-z0-9_+-]{1,62}:$/;
const EMOJI = /^(?:\p{Extended_Pictographic}|\p{Regional_Indicator}|[#*0-9]\uFE0F?\u20E3)/u;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Whether `value` is one emoji grapheme (with its modifiers and joiners). */
export const isSingleEmoji = (value: string): boolean =>
  value.length <= 32 && EMOJI.test(value) && [...graphemes.segment(value)].length === 1;

/** A reaction: a single emoji grapheme (`👍`, `👍🏽`, `👨‍👩‍👧`) or a `:shortcode:` of ≤ 64 characters. */
export const reactionEmoji = z
  .string()
  .min(1)
  .max(64)
  .refine((value) => SHORTCODE.test(value) || isSingleEmoji(value), {
    message: 'must be a single emoji or a :shortcode: (a-z 0-9 _ + -, at most 64 characters)',
  });

/** The fields every reaction event carries. */
export const reactionEventFields = {
  postId: uuid,
  topicId: uuid,
  villageId: uuid,
  /** The post's author, to notify. */
  postAuthorId: uuid,
  /** Who reacted. */
  userId: uuid,
  emoji: z.string(),
};
