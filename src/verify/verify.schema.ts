/** JSON schemas of /verify: they validate requests, speed up serialization and feed /openapi.json. */

const header = (description: string, type: 'string' | 'integer' = 'integer') => ({ type, description });

const KEY_ID = header('The recognised key, `key_…`.', 'string');
const RATE_HEADERS = {
  'X-API-Key-Id': KEY_ID,
  'X-RateLimit-Limit': header("The key's per-minute limit."),
  'X-RateLimit-Remaining': header('Calls left in the current window.'),
  'X-RateLimit-Reset': header('Seconds until the window resets.'),
};

const errorBody = (codes: readonly string[], description: string, headers?: Record<string, object>) => ({
  description,
  type: 'object',
  required: ['valid', 'error'],
  ...(headers ? { headers } : {}),
  properties: {
    valid: { type: 'boolean', const: false },
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string', enum: codes }, message: { type: 'string' } },
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
      description: 'A good key.',
      type: 'object',
      headers: RATE_HEADERS,
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
    400: errorBody(['bad_request'], 'The query string is not valid.'),
    401: errorBody(
      ['missing_api_key', 'invalid_api_key', 'key_expired'],
      'No key (missing_api_key); a malformed, bad-checksum, unknown or revoked key (invalid_api_key); or a key past its expires_at (key_expired, with X-API-Key-Id).',
      { 'X-API-Key-Id': header('Only with key_expired: the recognised key.', 'string') },
    ),
    403: errorBody(['forbidden'], 'A read-only key, and ?method= names a method other than GET, HEAD or OPTIONS.', { 'X-API-Key-Id': KEY_ID }),
    429: errorBody(['rate_limited'], "Over the key's per-minute limit.", {
      ...RATE_HEADERS,
      'Retry-After': header('Seconds until a call can succeed.'),
    }),
    503: errorBody(['unavailable'], 'The database cannot be reached; retry. Never a 401.'),
  },
} as const;
