import { contentDispositionOf, isInlineSafe } from './content-disposition';

describe('contentDispositionOf', () => {
  it('serves safe types inline and the rest as attachments', () => {
    expect(isInlineSafe('image/png')).toBe(true);
    expect(isInlineSafe('text/plain; charset=utf-8')).toBe(true);
    expect(isInlineSafe('video/mp4')).toBe(true);
    expect(isInlineSafe('text/html')).toBe(false);
    expect(isInlineSafe('image/svg+xml')).toBe(false);
    expect(contentDispositionOf('a.html', 'text/html')).toMatch(/^attachment;/);
  });

  it('keeps quotes, line breaks and non-ASCII out of the quoted name', () => {
    const header = contentDispositionOf('bad"name\r\n; x=1 ü.txt', 'text/plain');
    expect(header).toBe(
      `inline; filename="bad_name__; x=1 _.txt"; filename*=UTF-8''bad%22name%0D%0A%3B%20x%3D1%20%C3%BC.txt`,
    );
    expect(header).not.toMatch(/[\r\n]/);
  });
});
