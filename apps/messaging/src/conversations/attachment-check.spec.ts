import { assertDistinctAttachments } from './attachment-check';

// The calls to files are tested against the real service in apps/gateway/test/e2e/files.e2e-spec.ts.
const [a, b, c] = ['f1', 'f2', 'f3'].map((tail) => `0190a000-0000-7000-8000-0000000000${tail}`);

describe('assertDistinctAttachments', () => {
  it('accepts distinct ids and none', () => {
    expect(() => assertDistinctAttachments([a, b, c])).not.toThrow();
    expect(() => assertDistinctAttachments([])).not.toThrow();
  });

  it('names every repeat by its index in the request', () => {
    expect(() => assertDistinctAttachments([a, b, a, b, a])).toThrow(
      expect.objectContaining({
        code: 'invalid',
        details: {
          errors: [
            { field: 'attachments.2', reason: 'listed twice' },
            { field: 'attachments.3', reason: 'listed twice' },
            { field: 'attachments.4', reason: 'listed twice' },
          ],
        },
      }),
    );
  });
});
