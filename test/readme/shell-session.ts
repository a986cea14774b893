// One bash process fed blocks one at a time, as a person pastes them into a terminal: variables
// set by one block are there for the next. Each block's stdout, stderr and exit status are
// collected separately, and any command in it that failed (not only the last) is reported.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';

export interface BlockRun {
  stdout: string;
  stderr: string;
  /** The exit status of the block's last command. */
  status: number;
  /** Commands in the block that exited non-zero (bash's ERR trap). */
  failed: string[];
}

const ERR = '__readme_test_failed__';

export class ShellSession {
  private readonly bash: ChildProcessWithoutNullStreams;
  private stdout = '';
  private stderr = '';
  private exited = false;

  constructor(opts: { cwd: string; env: Record<string, string> }) {
    this.bash = spawn('bash', ['--noprofile', '--norc'], { cwd: opts.cwd, env: opts.env, stdio: 'pipe' });
    this.bash.stdout.setEncoding('utf8').on('data', (c: string) => (this.stdout += c));
    this.bash.stderr.setEncoding('utf8').on('data', (c: string) => (this.stderr += c));
    this.bash.on('exit', () => (this.exited = true));
    // What an interactive shell would show as an error, recorded instead; pipefail so that
    // `curl … | pick` fails when curl does.
    this.bash.stdin.write(`set -o pipefail\ntrap 'printf "${ERR} %s\\n" "$BASH_COMMAND" >&2' ERR\n`);
  }

  /** Runs `code` as typed; resolves when it is done, or rejects after `timeoutMs`. */
  async run(code: string, timeoutMs = 30_000): Promise<BlockRun> {
    const done = `__readme_test_done_${randomUUID().slice(0, 8)}__`;
    const start = { out: this.stdout.length, err: this.stderr.length };
    const outMark = new RegExp(`\\n${done} (\\d+)\\n`);
    const finished = () => outMark.test(this.stdout.slice(start.out)) && this.stderr.slice(start.err).includes(`\n${done}\n`);
    const describe = () => `${code}\nstdout: ${this.stdout.slice(start.out)}\nstderr: ${this.stderr.slice(start.err)}`;
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (finished()) settle();
        else if (this.exited) settle(new Error(`bash exited while running:\n${describe()}`));
      };
      const timer = setTimeout(() => settle(new Error(`block still running after ${timeoutMs} ms:\n${describe()}`)), timeoutMs);
      const settle = (error?: Error) => {
        clearTimeout(timer);
        this.bash.stdout.off('data', check);
        this.bash.stderr.off('data', check);
        this.bash.off('exit', check);
        if (error) reject(error);
        else resolve();
      };
      this.bash.stdout.on('data', check);
      this.bash.stderr.on('data', check);
      this.bash.on('exit', check);
      // The newline first: an answer without a final newline (curl's JSON) must not hide the mark.
      this.bash.stdin.write(`${code}\nprintf '\\n${done} %s\\n' "$?"; printf '\\n${done}\\n' >&2\n`);
    });
    const out = this.stdout.slice(start.out);
    const err = this.stderr.slice(start.err);
    const status = Number(outMark.exec(out)![1]);
    const errLines = err.slice(0, err.indexOf(`\n${done}\n`)).split('\n');
    return {
      stdout: out.slice(0, out.search(outMark)),
      stderr: errLines
        .filter((l) => !l.startsWith(ERR))
        .join('\n')
        .trim(),
      status,
      failed: errLines.filter((l) => l.startsWith(ERR)).map((l) => l.slice(ERR.length + 1)),
    };
  }

  /** A shell variable's value now. */
  async value(name: string): Promise<string> {
    if (!/^[A-Za-z_]\w*$/.test(name)) throw new Error(`not a variable name: ${name}`);
    return (await this.run(`printf '%s' "$${name}"`)).stdout;
  }

  close(): void {
    if (!this.exited) this.bash.stdin.end('exit\n');
  }
}
