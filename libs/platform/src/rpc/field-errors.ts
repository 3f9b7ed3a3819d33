import type { FieldError } from '@vv/contracts';
import type { z } from 'zod';

/** A zod error as the field-level reasons of a problem+json body. */
export const fieldErrors = (error: z.ZodError): FieldError[] =>
  error.issues.map((issue) => ({
    field: issue.path.map(String).join('.'),
    reason:
      issue.code === 'unrecognized_keys'
        ? `unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`
        : issue.message,
  }));
