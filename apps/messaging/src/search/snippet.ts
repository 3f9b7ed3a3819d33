import type { SnippetPiece } from '@vv/contracts';

/** What `messaging.search_village` puts around each match (private-use characters, removed from bodies first). */
const MATCH_START = '\uE000';
const MATCH_END = '\uE001';

/** A headline with match markers as plain-text pieces; empty pieces are dropped. */
export function snippetPieces(headline: string): SnippetPiece[] {
  const pieces: SnippetPiece[] = [];
  const push = (text: string, match: boolean): void => {
    if (text === '') return;
    const last = pieces.at(-1);
    if (last && last.match === match) last.text += text;
    else pieces.push({ text, match });
  };
  for (const [index, part] of headline.split(MATCH_START).entries()) {
    if (index === 0) {
      push(part.replaceAll(MATCH_END, ''), false);
      continue;
    }
    const end = part.indexOf(MATCH_END);
    if (end === -1) {
      push(part, true);
      continue;
    }
    push(part.slice(0, end), true);
    push(part.slice(end + 1).replaceAll(MATCH_END, ''), false);
  }
  return pieces;
}
