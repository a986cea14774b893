// The database going away and coming back while the server runs: callers are told UNAVAILABLE
// (never "invalid key"), /readyz says so, and everything recovers without a restart. A signup cut
// short by the outage leaves no organization behind. Needs the embedded database, which a test
// can stop and restart; skipped against a real MongoDB.
import type { Model } from 'mongoose';
import { afterEach, describe, expect, it } from 'vitest';
import { SIGNUP, useKeyhold } from '../support/harness.js';
import { errorCodes } from '../security/helpers.js';

const UNAVAILABLE_MESSAGE = 'Keyhold cannot reach its database or Firebase right now; retry shortly.';

describe.skipIf(Boolean(process.env.MONGODB_URI))('database faults', () => {
  // A short server-selection timeout: each call made during the outage fails in 300 ms.
  const k = useKeyhold({ MONGODB_TIMEOUT_MS: '300' });
  afterEach(async () => {
    await restartDatabase();
  });

  /**
   * Brings the database back and waits until Keyhold, not restarted, reports ready again. The
   * driver retries a server it lost at most every 0.5 s (its minimum heartbeat), so the first
   * ping after the restart may still fail; there is no clock to move for that, hence the poll.
   * Its bound is half the driver's 10 s heartbeat: readiness must come from the ping itself
   * reaching the database, not from waiting for the driver to notice on its own.
   */
  async function restartDatabase(): Promise<void> {
    await k.keyhold.embedded!.restart();
    await expect.poll(async () => (await k.http('GET', '/readyz')).status, { interval: 50, timeout: 5_000 }).toBe(200);
  }

  it('while the database is down, every caller hears UNAVAILABLE; once it is back, all works again', async () => {
    const owner = await k.signedUp('Outage Inc');
    const key = await k.mint(owner.user.idToken, { orgId: owner.orgId, name: 'Never looked up' });
    const asOwner = { token: owner.user.idToken };

    await k.keyhold.embedded!.stop();

    const verified = await k.verify({ apiKey: key.secret });
    expect(verified.status).toBe(503);
    expect(verified.body).toEqual({ valid: false, error: { code: 'unavailable', message: UNAVAILABLE_MESSAGE } });

    const byKey = await k.gql('{ currentKey { id } }', {}, { apiKey: key.secret });
    expect(byKey.status).toBe(503);
    expect(byKey.body.errors).toEqual([{ message: UNAVAILABLE_MESSAGE, extensions: { code: 'UNAVAILABLE' } }]);

    const byPerson = await k.gql('{ organizations { id } }', {}, asOwner);
    expect(errorCodes(byPerson.body)).toEqual(['UNAVAILABLE']);
    const minted = await k.gql(
      'mutation($input: MintKeyInput!) { mintKey(input: $input) { secret } }',
      { input: { orgId: owner.orgId, name: 'During outage' } },
      asOwner,
    );
    expect(errorCodes(minted.body)).toEqual(['UNAVAILABLE']);

    expect(await k.http('GET', '/readyz')).toMatchObject({ status: 503, body: { status: 'unavailable' } });
    expect(await k.http('GET', '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });

    await restartDatabase();

    expect(await k.http('GET', '/readyz')).toMatchObject({ status: 200, body: { status: 'ready' } });
    expect((await k.verify({ apiKey: key.secret })).body).toMatchObject({ valid: true, key_id: key.id });
    expect((await k.gql('{ currentKey { id } }', {}, { apiKey: key.secret })).body.data).toEqual({ currentKey: { id: key.id } });
    expect((await k.gql('{ organizations { id } }', {}, asOwner)).body.data).toEqual({ organizations: [{ id: owner.orgId }] });
  });

  it('a lastUsedAt refresh that fails during the outage is kept and lands after it', async () => {
    const { lastUsed } = k.keyhold.services;
    const owner = await k.signedUp('Last Used Co');
    await lastUsed.stop(); // no background flush: this test decides when writes happen
    try {
      expect((await k.verify({ apiKey: owner.secret })).status).toBe(200);
      await k.keyhold.embedded!.stop();
      await lastUsed.flushDue();
      await restartDatabase();
      expect((await k.models.apiKeys.findById(owner.keyId).lean().exec())?.lastUsedAt).toBeNull();

      await lastUsed.flushDue();
      expect((await k.models.apiKeys.findById(owner.keyId).lean().exec())?.lastUsedAt).toEqual(new Date(k.clock.now()));
    } finally {
      lastUsed.start();
    }
  });

  async function expectEveryOrganizationHasAnOwnerAndAKey(): Promise<void> {
    const orgs = await k.models.organizations.find({}, { _id: 1 }).lean().exec();
    for (const org of orgs) {
      expect(await k.models.memberships.countDocuments({ orgId: org._id, role: 'OWNER' }).exec()).toBeGreaterThan(0);
      expect(await k.models.apiKeys.countDocuments({ orgId: org._id }).exec()).toBeGreaterThan(0);
    }
  }

  describe('a signup cut short', () => {
    /** Runs `fault` just before the model's next insert reaches the database, once. */
    function beforeNextInsert(model: Model<any>, fault: () => Promise<void>): void {
      const collection = model.collection as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
      const insertOne = collection.insertOne!;
      collection.insertOne = async function (this: unknown, ...args: unknown[]) {
        delete collection.insertOne;
        await fault();
        return insertOne.apply(this, args);
      };
    }

    const WRITES = [
      ['the owner membership', () => k.models.memberships],
      ['the first key', () => k.models.apiKeys],
      ['the organization', () => k.models.organizations],
    ] as const;

    it.each(WRITES)('by the database going down before %s leaves no organization, and says UNAVAILABLE', async (_write, model) => {
      const user = await k.user();
      const orgsBefore = await k.models.organizations.countDocuments().exec();
      beforeNextInsert(model(), () => k.keyhold.embedded!.stop());

      const res = await k.gql(SIGNUP, { input: { orgName: 'Half Made' } }, { token: user.idToken });
      expect(res.body.errors).toEqual([{ message: UNAVAILABLE_MESSAGE, locations: expect.any(Array), path: ['signup'], extensions: { code: 'UNAVAILABLE' } }]);
      expect(res.body.data).toBeNull();

      await restartDatabase();
      expect((await k.gql('{ organizations { id } }', {}, { token: user.idToken })).body.data).toEqual({ organizations: [] });
      expect(await k.models.organizations.countDocuments().exec()).toBe(orgsBefore);
      await expectEveryOrganizationHasAnOwnerAndAKey();
    });

    it('by an unexpected failure while the database answers is undone completely', async () => {
      const user = await k.user();
      const docs = await Promise.all([k.models.organizations, k.models.memberships, k.models.apiKeys].map((m) => m.countDocuments().exec()));
      beforeNextInsert(k.models.organizations, async () => {
        throw new Error('simulated bug between the writes');
      });

      const res = await k.gql(SIGNUP, { input: { orgName: 'Undone' } }, { token: user.idToken });
      expect(errorCodes(res.body)).toEqual(['UNAVAILABLE']);
      expect(res.body.errors![0].message).not.toContain('simulated');
      expect(await Promise.all([k.models.organizations, k.models.memberships, k.models.apiKeys].map((m) => m.countDocuments().exec()))).toEqual(docs);
      expect(k.logs.some((line) => line.includes('simulated bug between the writes'))).toBe(true);
    });
  });
});
