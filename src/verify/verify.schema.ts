/** JSON schemas of /verify: they validate requests, speed up serialization and feed /openapi.json. */

const errorBody = (code: string, description: string) => ({
  description,
  type: 'object',
  required: ['valid', 'error'],
  properties: {
    valid: { type: 'boolean', const: false },
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string', example: code }, message: { type: 'string' } },
    },
  },
});

export const verifySchema = {
  tags: ['verify'],
  summary: 'Verify an API key',
  description:
    'The cheapest call: answers whether the presented key is good, and whose it is. Send the key as ' +
    '`Authorization: Bearer sk_live_…` or `X-API-Key: sk_live_…` (Authorization wins). Every call ' +
    "with a recognised key spends one unit of that key's per-minute limit.",
  security: [{ bearer: [] }, { apiKeyHeader: [] }],
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: {
      method: {
        type: 'string',
        pattern: '^[A-Za-z]{1,20}$',
        description: 'The HTTP method of the request you are guarding; read-only keys are held to GET, HEAD and OPTIONS.',
      },
    },
  },
  response: {
    200: {
      description: 'A good key. Headers: X-API-Key-Id, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset.',
      type: 'object',
      required: ['valid', 'key_id', 'org_id', 'name', 'access', 'expires_at'],
      properties: {
        valid: { type: 'boolean', const: true },
        key_id: { type: 'string', example: 'key_4fJ2kq9ZLr0xXbT1mNcY' },
        org_id: { type: 'string', example: 'org_7HhQw2LmP0aZt9RkVbXe' },
        name: { type: 'string' },
        access: { type: 'string', enum: ['full_access', 'read_only'] },
        expires_at: { type: ['string', 'null'], format: 'date-time' },
      },
    },
    400: errorBody('bad_request', 'The query string is not valid.'),
    401: errorBody('invalid_api_key', 'missing_api_key, invalid_api_key (malformed, bad checksum, unknown or revoked) or key_expired.'),
    403: errorBody('forbidden', 'A read-only key, and ?method= names a method other than GET, HEAD or OPTIONS.'),
    429: errorBody('rate_limited', "Over the key's per-minute limit; see Retry-After."),
    503: errorBody('unavailable', 'The database cannot be reached; retry. Never a 401.'),
  },
} as const;
