// Keyhold as tests see it: the real app on a real port, its own database, the suite's Auth
// Emulator, a hand-moved clock, and every log line captured and checked for secrets at close.
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, vi } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { startKeyhold, type Keyhold } from '../../src/app/runtime.js';
import type { Services } from '../../src/app/services.js';
import type { IdTokenVerifier } from '../../src/auth/id-token-verifier.js';
import { waitForConnection } from '../../src/db/database.js';
import { createLogger } from '../../src/logging/logger.js';
import { ManualClock } from '../../src/core/clock.js';
import { useAuthEmulator, type EmulatorTarget } from './firebase-emulator.js';
import { createUser, type TestUser } from './firebase-tokens.js';

export interface HttpResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface Credentials {
  token?: string;
  apiKey?: string;
  headers?: Record<string, string>;
}

export class TestKeyhold {
  /** Every secret and token the tests were handed: none may appear in a log line. */
  readonly secrets = new Set<string>();

  constructor(
    readonly keyhold: Keyhold,
    readonly url: string,
    readonly clock: ManualClock,
    readonly emulator: EmulatorTarget,
    readonly logs: string[],
    private readonly dropDatabase: boolean,
  ) {}

  /**
   * For tests that cross a rate-limit window: rate-limiter-flexible reads Date.now(), so Date is
   * faked from Keyhold's clock and `advance` moves both. Undo with `vi.useRealTimers()`.
   */
  fakeDate(): void {
    vi.useFakeTimers({ toFake: ['Date'], now: this.clock.now() });
  }

  /** Moves Keyhold's clock, and the system Date too when a test has faked it. */
  advance(ms: number): void {
    this.clock.advance(ms);
    if (vi.isFakeTimers()) vi.setSystemTime(this.clock.now());
  }

  get models(): Services['models'] {
    return this.keyhold.services.models;
  }

  async user(): Promise<TestUser> {
    const user = await createUser(this.emulator);
    this.secrets.add(user.idToken);
    return user;
  }

  headersFor(creds: Credentials = {}): Record<string, string> {
    const h: Record<string, string> = { ...creds.headers };
    if (creds.token) h.authorization = `Bearer ${creds.token}`;
    if (creds.apiKey) h.authorization = `Bearer ${creds.apiKey}`;
    return h;
  }

  async http<T = any>(method: string, path: string, opts: { headers?: Record<string, string>; body?: string } = {}): Promise<HttpResult<T>> {
    const res = await fetch(`${this.url}${path}`, { method, headers: opts.headers, body: opts.body });
    const text = await res.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON: the raw text is the body */
    }
    return { status: res.status, headers: res.headers, body };
  }

  /** A GraphQL request; records any secret the response hands out. */
  async gql<T = any>(query: string, variables: Record<string, unknown> = {}, creds: Credentials = {}): Promise<HttpResult<{ data?: T; errors?: any[] }>> {
    const res = await this.http('POST', '/graphql', {
      headers: { 'content-type': 'application/json', ...this.headersFor(creds) },
      body: JSON.stringify({ query, variables }),
    });
    this.collectSecrets(res.body);
    return res;
  }

  verify(creds: Credentials = {}, query = '', method = 'GET'): Promise<HttpResult> {
    return this.http(method, `/verify${query}`, { headers: this.headersFor(creds) });
  }

  /** A person with a new organization (as OWNER) and its first key, through the real mutation. */
  async signedUp(orgName = 'Acme'): Promise<{ user: TestUser; orgId: string; secret: string; keyId: string; webhookSecret: string }> {
    const user = await this.user();
    const res = await this.gql(SIGNUP, { input: { orgName } }, { token: user.idToken });
    if (!res.body.data) throw new Error(`signup failed: ${JSON.stringify(res.body.errors)}`);
    const s = res.body.data.signup;
    return { user, orgId: s.orgId, secret: s.secret, keyId: s.apiKey.id, webhookSecret: s.webhookSecret };
  }

  /** Adds a membership directly, as an invitation flow would. */
  async addMember(orgId: string, user: TestUser, role: 'OWNER' | 'ADMIN' | 'MEMBER'): Promise<void> {
    await this.models.memberships.create({ orgId, uid: user.uid, role });
  }

  async mint(token: string, input: Record<string, unknown>): Promise<{ secret: string; id: string }> {
    const res = await this.gql(MINT, { input }, { token });
    if (!res.body.data) throw new Error(`mintKey failed: ${JSON.stringify(res.body.errors)}`);
    return { secret: res.body.data.mintKey.secret, id: res.body.data.mintKey.apiKey.id };
  }

  private collectSecrets(value: unknown): void {
    // Whole secrets only: a key's 12-character prefix is listed and logged by design.
    if (typeof value === 'string' && /^(sk_live_[A-Za-z0-9]{28}|whsec_[A-Za-z0-9]{32})$/.test(value)) this.secrets.add(value);
    else if (value && typeof value === 'object') for (const v of Object.values(value)) this.collectSecrets(v);
  }

  /** Lines that carry a secret or token handed out during the run (should be none). */
  leakedLines(): string[] {
    return this.logs.filter(
      (line) => [...this.secrets].some((s) => line.includes(s)) || /sk_live_[A-Za-z0-9]{28}|whsec_[A-Za-z0-9]{32}|eyJ[A-Za-z0-9_-]{10,}\./.test(line),
    );
  }

  async close(): Promise<void> {
    if (this.dropDatabase) await this.keyhold.services.db.connection.dropDatabase().catch(() => {});
    await this.keyhold.close();
    const leaks = this.leakedLines();
    if (leaks.length > 0) throw new Error(`secrets reached the logs:\n${leaks.join('\n')}`);
  }
}

export const SIGNUP = `mutation($input: SignupInput!) { signup(input: $input) {
  orgId secret webhookSecret apiKey { id orgId name prefix access status createdAt expiresAt revokedAt lastUsedAt rateLimitPerMinute createdBy } } }`;
export const MINT = `mutation($input: MintKeyInput!) { mintKey(input: $input) {
  secret apiKey { id orgId name prefix access status createdAt expiresAt revokedAt lastUsedAt rateLimitPerMinute createdBy } } }`;

/**
 * Starts Keyhold for one test file. `env` overrides configuration variables; `idTokens` replaces
 * the Firebase verifier made from configuration.
 */
export async function startTestKeyhold(env: Record<string, string> = {}, opts: { idTokens?: IdTokenVerifier } = {}): Promise<TestKeyhold> {
  const emulator = useAuthEmulator();
  const realMongo = process.env.MONGODB_URI;
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    FIREBASE_PROJECT_ID: emulator.projectId,
    FIREBASE_AUTH_EMULATOR_HOST: emulator.host,
    MONGODB_URI: realMongo,
    // Each test file starts its own embedded database, which keeps nothing.
    DATA_DIR: ':memory:',
    SECRETS_KEY: realMongo ? randomBytes(32).toString('base64') : undefined,
    MONGODB_TIMEOUT_MS: '1000',
    ...env,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => sink.write(line) } });
  const clock = new ManualClock(Date.now());
  const keyhold = await startKeyhold(config, { logger, clock, dbName: `keyhold_test_${randomUUID().slice(0, 8)}`, idTokens: opts.idTokens });
  await waitForConnection(keyhold.services.db, 10_000);
  const url = await keyhold.app.listen({ host: '127.0.0.1', port: 0 });
  return new TestKeyhold(keyhold, url, clock, emulator, logs, Boolean(realMongo));
}

/**
 * Keyhold for a whole test file (or the `describe` it is called in): registers a `beforeAll` that
 * starts it and an `afterAll` that closes it, and returns a handle that stands for the started
 * instance. Call it where `beforeAll` could be called; use the handle only inside tests and hooks.
 * For several instances or any other lifecycle, use `startTestKeyhold`.
 */
export function useKeyhold(env: Record<string, string> = {}): TestKeyhold {
  let instance: TestKeyhold | undefined;
  beforeAll(async () => {
    instance = await startTestKeyhold(env);
  });
  afterAll(async () => {
    // If the start failed, beforeAll has already reported why: nothing to close.
    const closing = instance;
    instance = undefined;
    await closing?.close();
  });
  const started = (): TestKeyhold => {
    if (!instance) throw new Error('useKeyhold: Keyhold is not started yet (or already closed); use it inside a test or hook');
    return instance;
  };
  // Every access reads the real instance, with it as `this`, so getters and private members work.
  return new Proxy({} as TestKeyhold, {
    get(_, prop) {
      const target = started();
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    set: (_, prop, value) => Reflect.set(started(), prop, value),
    has: (_, prop) => Reflect.has(started(), prop),
    ownKeys: () => Reflect.ownKeys(started()),
    getOwnPropertyDescriptor(_, prop) {
      const descriptor = Reflect.getOwnPropertyDescriptor(started(), prop);
      // The proxy's own target holds none of these: a proxy may only report them as configurable.
      return descriptor && { ...descriptor, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(started()),
  });
}
