import { apiErrorWith } from '../_shared/respond';
import type { GlossaryFailure } from '@/lib/documents/library-glossary';

/** A glossary refusal as the API answers it: its code and parameters kept, so the page words it in its language. */
export function glossaryFailure(failure: GlossaryFailure): Response {
  const status =
    failure.code === 'not_found'
      ? 'not_found'
      : failure.code === 'exists'
        ? 'conflict'
        : failure.code === 'too_large'
          ? 'payload_too_large'
          : 'unprocessable';
  return apiErrorWith(status, failure.message, { reason: failure.code, params: failure.params });
}
