import type { Command } from 'commander';
import { describeFetchFailure, joinPath } from '../../client/http.js';
import { API_KEY_LENGTH, API_KEY_PREFIX, KEY_PREFIX_LENGTH, parseApiKey } from '../../core/key-format.js';
import { CliFailure, EXIT, unreachable, usage } from '../failure.js';
import { json, record, time } from '../output.js';
import type { Context } from '../context.js';
import { fromStdinIfDash, type Run } from './run.js';

const TIMEOUT_MS = 10_000;

/** /verify's answer, as the contract's table gives it. */
interface VerifyAnswer {
  valid: boolean;
  key_id?: string;
  org_id?: string;
  project_id?: string | null;
  name?: string;
  access?: string;
  expires_at?: string | null;
  error?: { code?: string; message?: string };
}

export function verifyCommands(program: Command, run: Run): void {
  program
    .command('verify')
    .description('Ask Keyhold whether a key is good, as a service would (GET /verify). Needs no login.')
    .argument('<key>', 'the API key ("-" reads it from stdin)')
    .option('--method <method>', 'the method of the request being guarded: read-only keys pass GET, HEAD and OPTIONS only')
    .option('--project <id>', 'the project being guarded (prj_…)')
    .action(run(async (ctx, key: string, options: { method?: string; project?: string }) => verify(ctx, await fromStdinIfDash(ctx, key), options)));

  program
    .command('check')
    .description("Check a key's format and checksum offline: tells a real key from a typo, without the network.")
    .argument('<key>', 'the API key ("-" reads it from stdin)')
    .action(run(async (ctx, key: string) => check(ctx, await fromStdinIfDash(ctx, key))));
}

async function verify(ctx: Context, key: string, options: { method?: string; project?: string }): Promise<void> {
  if (!key) throw usage('The key is empty.');
  if (options.method !== undefined && !/^[A-Za-z]{1,20}$/.test(options.method)) throw usage('--method must be an HTTP method such as GET or POST.');
  const url = new URL(joinPath(ctx.settings.url, 'verify'));
  if (options.method !== undefined) url.searchParams.set('method', options.method.toUpperCase());
  if (options.project !== undefined) url.searchParams.set('project', options.project);

  let response: Response;
  let body: VerifyAnswer | undefined;
  try {
    response = await fetch(url, { headers: { authorization: `Bearer ${key}`, 'user-agent': 'keyhold-cli' }, signal: AbortSignal.timeout(TIMEOUT_MS) });
    body = (await response.json().catch(() => undefined)) as typeof body;
  } catch (err) {
    throw unreachable(describeFetchFailure(err, url.origin + url.pathname, TIMEOUT_MS));
  }
  if (typeof body?.valid !== 'boolean')
    throw unreachable(`Keyhold at ${url.origin} answered HTTP ${response.status} with something that is not a /verify answer.`);

  if (ctx.json) ctx.out(json(body));
  if (body.valid) {
    if (!ctx.json)
      ctx.out(
        record([
          ['valid', 'yes'],
          ['key', body.key_id ?? '-'],
          ['org', body.org_id ?? '-'],
          ['project', body.project_id ?? '-'],
          ['name', body.name ?? '-'],
          ['access', body.access ?? '-'],
          ['expires', body.expires_at ? time(body.expires_at) : 'never'],
          ['rate limit', rateLine(response.headers)],
        ]),
      );
    return;
  }
  const retry = response.headers.get('retry-after');
  const lead = response.status >= 500 ? 'Keyhold could not check the key' : 'Not valid';
  const message = `${lead}: ${body.error?.message ?? 'refused'}${retry ? ` Retry in ${retry} s.` : ''} (${body.error?.code ?? response.status})`;
  throw new CliFailure(message, EXIT.refused, String(body.error?.code ?? 'refused'));
}

function rateLine(headers: Headers): string {
  const [limit, remaining, reset] = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'].map((h) => headers.get(h));
  return limit ? `${remaining}/${limit} left this minute, resets in ${reset} s` : '-';
}

function check(ctx: Context, key: string): void {
  const parsed = parseApiKey(key);
  const prefix = key.startsWith(API_KEY_PREFIX) ? key.slice(0, KEY_PREFIX_LENGTH) : null;
  const problem = parsed.ok ? null : parsed.reason === 'checksum' ? 'its checksum does not match: a typo, or not a Keyhold key' : malformation(key);
  if (ctx.json) ctx.out(json({ wellFormed: parsed.ok || parsed.reason === 'checksum', checksumValid: parsed.ok, prefix, problem }));
  if (parsed.ok) {
    if (!ctx.json) ctx.out(`${prefix}…: well-formed, checksum matches. (Only Keyhold can tell whether it is active: keyhold verify.)\n`);
    return;
  }
  throw new CliFailure(`Not a valid Keyhold key: ${problem}.`, EXIT.refused, parsed.reason === 'checksum' ? 'BAD_CHECKSUM' : 'MALFORMED');
}

function malformation(key: string): string {
  if (!key.startsWith(API_KEY_PREFIX)) return `it does not start with ${API_KEY_PREFIX}`;
  if (key.length !== API_KEY_LENGTH) return `it has ${key.length} characters, not ${API_KEY_LENGTH}`;
  return 'it holds characters other than A-Z, a-z and 0-9';
}
