import { snippetPieces } from './snippet';

describe('snippetPieces', () => {
  it('splits a headline into plain and matching pieces', () => {
    expect(snippetPieces('the \uE000foxes\uE001 and \uE000fox\uE001')).toEqual([
      { text: 'the ', match: false },
      { text: 'foxes', match: true },
      { text: ' and ', match: false },
      { text: 'fox', match: true },
    ]);
  });

  it('merges adjacent matches and keeps markup as text', () => {
    expect(snippetPieces('\uE000quick\uE001\uE000fox\uE001 <b>x</b>')).toEqual([
      { text: 'quickfox', match: true },
      { text: ' <b>x</b>', match: false },
    ]);
  });

  it('tolerates unbalanced markers', () => {
    expect(snippetPieces('a\uE001b \uE000c')).toEqual([
      { text: 'ab ', match: false },
      { text: 'c', match: true },
    ]);
  });
});
