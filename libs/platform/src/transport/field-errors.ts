import type { FieldError } from '@vv/contracts';
import type { z } from 'zod';

/** A zod error as the field-level reasons of a problem+json body; an unknown field is named itself. */
export const fieldErrors = (error: z.ZodError): FieldError[] =>
  error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: [...path, key].join('.'), reason: 'unknown field' }));
    }
    return [{ field: path.join('.'), reason: issue.message }];
  });
