import { ifMatchHeader } from './etag';

describe('If-Match', () => {
  it.each([
    ['*', { ifExists: true }],
    ['"3"', { ifMatch: [3] }],
    [' "3" , "12"', { ifMatch: [3, 12] }],
    ['W/"3"', { ifMatch: [0] }],
    ['"abc"', { ifMatch: [0] }],
    ['"0"', { ifMatch: [0] }],
    ['"99999999999"', { ifMatch: [0] }],
    ['"abc", "4", W/"4"', { ifMatch: [0, 4] }],
    ['"3", ,', { ifMatch: [3] }],
  ])('reads %s as %j (a tag that cannot be a version never matches)', (header, expected) => {
    expect(ifMatchHeader.parse(header)).toEqual(expected);
  });

  it.each(['abc', '3', '"3" "4"', '', ' , '])('refuses %j, which is not a list of entity tags', (header) => {
    expect(ifMatchHeader.safeParse(header).success).toBe(false);
  });
});
