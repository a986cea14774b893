import { createClient, type KeyholdClient } from '../client/client.js';
import { KeyholdError } from '../client/errors.js';
import { CliFailure, EXIT, failureFrom } from './failure.js';
import { LoginStore } from './login-store.js';
import { time, type Io } from './output.js';
import type { CliSettings } from './settings.js';

const USER_AGENT = 'keyhold-cli';

/** What every command is handed. */
export class Context {
  readonly store: LoginStore;

  constructor(
    readonly io: Io,
    readonly settings: CliSettings,
    readonly json: boolean,
  ) {
    this.store = new LoginStore(settings.configDir, (line) => io.stderr(`${line}\n`));
  }

  /** A client that sends `token` (or nothing). */
  client(token?: string): KeyholdClient {
    return createClient({ url: this.settings.url, getToken: () => token, headers: { 'user-agent': USER_AGENT } });
  }

  /**
   * Runs `call` with the signed-in person's client. A login that has expired, or that Keyhold
   * refuses, ends the command with one line saying to log in again.
   */
  async asUser<T>(call: (client: KeyholdClient) => Promise<T>): Promise<T> {
    const { token, source } = await this.token();
    try {
      return await call(this.client(token));
    } catch (err) {
      if (err instanceof KeyholdError && err.code === 'UNAUTHENTICATED') {
        throw source === 'env'
          ? relogin(`Keyhold refused KEYHOLD_TOKEN (${err.message}): set a fresh Firebase ID token.`)
          : relogin(`Keyhold no longer accepts your login to ${this.settings.url} (expired, revoked or signed out): run \`keyhold login\` again.`);
      }
      throw failureFrom(err);
    }
  }

  private async token(): Promise<{ token: string; source: 'env' | 'stored' }> {
    if (this.settings.envToken) return { token: this.settings.envToken, source: 'env' };
    const login = await this.store.get(this.settings.url);
    if (!login) throw relogin(`You are not logged in to ${this.settings.url}: run \`keyhold login --token <Firebase ID token>\` first.`);
    const expires = login.expiresAt ? Date.parse(login.expiresAt) : NaN;
    if (expires <= this.io.now()) throw relogin(`Your login to ${this.settings.url} expired at ${time(login.expiresAt)}: run \`keyhold login\` again.`);
    return { token: login.token, source: 'stored' };
  }

  out(text: string): void {
    this.io.stdout(text);
  }

  /** For people only: notes, confirmations, warnings. */
  note(text: string): void {
    this.io.stderr(text.endsWith('\n') ? text : `${text}\n`);
  }
}

function relogin(message: string): CliFailure {
  return new CliFailure(message, EXIT.refused, 'UNAUTHENTICATED');
}
