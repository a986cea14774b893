// A server with no way to verify ID tokens (no emulator, no Google credentials: `npm start` on a
// fresh clone) answers them UNAVAILABLE, saying sign-in is not configured, never "bad token".
import { describe, expect, it } from 'vitest';
import { useKeyhold } from '../support/harness.js';

// No FIREBASE_AUTH_EMULATOR_HOST and the demo project: nothing can verify a token.
const k = useKeyhold({ FIREBASE_AUTH_EMULATOR_HOST: '', FIREBASE_PROJECT_ID: 'demo-keyhold' });

describe('Firebase sign-in not configured', () => {
  it('configuration says so', () => {
    expect(k.keyhold.services.config.firebase.signIn).toMatchObject({ configured: false });
  });

  it('a real ID token is answered UNAVAILABLE (503), with a message that names the cause', async () => {
    const user = await k.user(); // a real token, from the suite's emulator this server does not know
    for (const query of ['{ organizations { id } }', 'mutation { signup(input: {orgName: "Acme"}) { orgId } }']) {
      const res = await k.gql(query, {}, { token: user.idToken });
      expect(res.status).toBe(503);
      expect(res.body.errors).toEqual([{ message: expect.stringContaining('sign-in is not configured'), extensions: { code: 'UNAVAILABLE' } }]);
      expect(res.body.errors![0].message).not.toMatch(/invalid|expired/i);
    }
  });
});
