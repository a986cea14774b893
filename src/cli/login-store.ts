import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** One login, per Keyhold URL: a Firebase ID token and what it says about whom. */
export interface StoredLogin {
  readonly token: string;
  readonly uid?: string;
  readonly email?: string;
  /** ISO-8601, from the token's `exp`. */
  readonly expiresAt?: string;
}

interface LoginFile {
  readonly version: 1;
  readonly logins: Record<string, StoredLogin>;
}

const FILE_NAME = 'credentials.json';
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

/**
 * Logins kept in `<configDir>/credentials.json`: the directory 0700 and the file 0600, written
 * whole to a temporary file and renamed, so a crash never leaves half a file.
 */
export class LoginStore {
  readonly file: string;

  constructor(
    readonly dir: string,
    private readonly warn: (line: string) => void,
  ) {
    this.file = path.join(dir, FILE_NAME);
  }

  async get(url: string): Promise<StoredLogin | undefined> {
    return (await this.read()).logins[url];
  }

  async save(url: string, login: StoredLogin): Promise<void> {
    const current = await this.read();
    await this.write({ version: 1, logins: { ...current.logins, [url]: login } });
  }

  /** Whether there was a login to remove. */
  async remove(url: string): Promise<boolean> {
    const current = await this.read();
    if (!(url in current.logins)) return false;
    const logins = { ...current.logins };
    delete logins[url];
    await this.write({ version: 1, logins });
    return true;
  }

  private async read(): Promise<LoginFile> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, logins: {} };
      throw err;
    }
    await this.tightenMode();
    try {
      const parsed = JSON.parse(text) as Partial<LoginFile>;
      if (parsed && typeof parsed.logins === 'object' && parsed.logins !== null) return { version: 1, logins: parsed.logins };
    } catch {
      /* reported below */
    }
    this.warn(`warning: ${this.file} is not a Keyhold login file; ignoring it (keyhold login rewrites it).`);
    return { version: 1, logins: {} };
  }

  /** A file others can read (copied in by hand, say) holds a credential: make it private again. */
  private async tightenMode(): Promise<void> {
    const { mode } = await stat(this.file);
    if ((mode & 0o077) !== 0) {
      await chmod(this.file, FILE_MODE);
      this.warn(`warning: ${this.file} was readable by others; its mode is now 0600.`);
    }
  }

  private async write(content: LoginFile): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: DIR_MODE });
    await chmod(this.dir, DIR_MODE);
    const temporary = `${this.file}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: FILE_MODE, flag: 'wx' });
      await chmod(temporary, FILE_MODE); // whatever the umask
      await rename(temporary, this.file);
    } finally {
      await rm(temporary, { force: true });
    }
  }
}
