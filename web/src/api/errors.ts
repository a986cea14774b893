// Errors in words a person can act on, from the contract's codes.
import type { ApiError } from './client.js';

/** What to tell a person about a failed call. */
export function describeError(error: ApiError): string {
  switch (error.code) {
    case 'UNAUTHENTICATED':
      return 'Your session has ended. Sign in again.';
    case 'FORBIDDEN':
      // Keyhold's own message names what was missing (a role, a kind of credential).
      return error.message || 'You are not allowed to do that in this organization.';
    case 'NOT_FOUND':
      return 'Not found: it may have been removed, or you no longer have access to it.';
    case 'BAD_USER_INPUT':
      return error.message || 'Something in the form is not valid.';
    case 'RATE_LIMITED':
      return `Too many requests just now. Try again in ${error.retryAfter ?? 60} seconds.`;
    case 'UNAVAILABLE':
      return 'Keyhold cannot reach its database or the sign-in service right now. Try again shortly.';
    case 'NETWORK':
      return 'Keyhold cannot be reached. Check your connection, or that the server is running, and try again.';
  }
}

/**
 * A BAD_USER_INPUT message for the field it names, with the API's field name replaced by the
 * form's label ("expiresAt must be in the future." → "Expiry must be in the future.").
 */
export function fieldError(error: ApiError | null, labels: Readonly<Record<string, string>>): Record<string, string> {
  if (!error || error.code !== 'BAD_USER_INPUT' || !error.field || !(error.field in labels)) return {};
  const label = labels[error.field];
  return { [error.field]: error.message.replace(new RegExp(`^${error.field}\\b`), label) };
}
