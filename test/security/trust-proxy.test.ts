// TRUST_PROXY: how many reverse proxies' X-Forwarded-For Keyhold believes for the client's
// address (seen here through per-address limits: anonymous GraphQL calls are limited by address).
import { describe, expect, it } from 'vitest';
import { type TestKeyhold, useKeyhold } from '../support/harness.js';
import { errorCodes } from './helpers.js';

const QUERY = '{ organizations { id } }';
const from = (k: TestKeyhold, address: string) => k.gql(QUERY, {}, { headers: { 'x-forwarded-for': address } });

describe('with TRUST_PROXY unset (0)', () => {
  const k = useKeyhold({ RATE_LIMIT_QUERY: '2/m' });

  it('ignores X-Forwarded-For: every caller on one socket address shares its budget', async () => {
    expect(errorCodes((await from(k, '203.0.113.1')).body)).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes((await from(k, '203.0.113.2')).body)).toEqual(['UNAUTHENTICATED']);

    expect(errorCodes((await from(k, '203.0.113.3')).body)).toEqual(['RATE_LIMITED']);
  });
});

describe('with TRUST_PROXY=1', () => {
  const k = useKeyhold({ RATE_LIMIT_QUERY: '2/m', TRUST_PROXY: '1' });

  it('takes the address the proxy reports: each client has a budget of its own', async () => {
    expect(errorCodes((await from(k, '203.0.113.1')).body)).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes((await from(k, '203.0.113.1')).body)).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes((await from(k, '203.0.113.1')).body)).toEqual(['RATE_LIMITED']);

    expect(errorCodes((await from(k, '203.0.113.2')).body)).toEqual(['UNAUTHENTICATED']);
  });

  it('believes one hop only: what a client wrote before the proxy added its own entry is not its address', async () => {
    // The client claims 198.51.100.7; the proxy appended the address it saw, 203.0.113.9.
    for (let i = 0; i < 2; i++) await from(k, '198.51.100.7, 203.0.113.9');
    expect(errorCodes((await from(k, '198.51.100.8, 203.0.113.9')).body)).toEqual(['RATE_LIMITED']);
  });
});
