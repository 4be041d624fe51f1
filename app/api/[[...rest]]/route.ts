import { apiError } from '../_shared/respond';

// Unknown API paths (including ones a client normalized away, like /api/documents/%2e%2e) answer in JSON too.
function notFound() {
  return apiError('not_found', 'No such API endpoint. See the README for the routes.');
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
