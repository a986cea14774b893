import { InvalidArgumentError, type Command } from 'commander';
import type { ApiKey, MintKeyInput } from '../../client/index.js';
import { json, table, time } from '../output.js';
import type { Context } from '../context.js';
import type { Run } from './run.js';

interface MintOptions {
  org: string;
  name: string;
  readOnly?: boolean;
  project?: string;
  expires?: string;
  rateLimit?: number;
}

export function keyCommands(program: Command, run: Run): void {
  const keys = program.command('keys').description('List, mint, revoke and roll API keys.');

  keys
    .command('list')
    .description("List an organization's keys.")
    .requiredOption('--org <id>', 'the organization (org_…)')
    .option('--all', 'include revoked keys')
    .action(
      run(async (ctx, options: { org: string; all?: boolean }) => {
        const list = await ctx.asUser((client) => client.apiKeys({ orgId: options.org, includeRevoked: options.all === true }));
        if (ctx.json) return ctx.out(json(list));
        if (list.length === 0) return ctx.note(`No keys in ${options.org}: \`keyhold keys mint --org ${options.org} --name <name>\` makes one.`);
        ctx.out(
          table<ApiKey>(list, [
            ['ID', (k) => k.id],
            ['NAME', (k) => k.name],
            ['PREFIX', (k) => k.prefix],
            ['ACCESS', (k) => k.access],
            ['STATUS', (k) => k.status],
            ['LIMIT/MIN', (k) => String(k.rateLimitPerMinute)],
            ['LAST USED', (k) => time(k.lastUsedAt)],
            ['EXPIRES', (k) => time(k.expiresAt)],
          ]),
        );
      }),
    );

  keys
    .command('mint')
    .description('Mint a key; its secret is printed once, alone on stdout.')
    .requiredOption('--org <id>', 'the organization (org_…)')
    .requiredOption('--name <name>', 'what the key is for, 1..100 characters')
    .option('--read-only', 'hold the key to GET, HEAD and OPTIONS')
    .option('--project <id>', 'limit the key to one project (prj_…)')
    .option('--expires <iso>', 'when the key stops working, ISO-8601 (2027-01-31 or 2027-01-31T12:00:00Z)', isoDate)
    .option('--rate-limit <n>', 'requests per minute, 1..1000000', positiveInt)
    .action(
      run(async (ctx, options: MintOptions) => {
        const input: MintKeyInput = {
          orgId: options.org,
          name: options.name,
          ...(options.readOnly ? { access: 'READ_ONLY' as const } : {}),
          ...(options.project !== undefined ? { projectId: options.project } : {}),
          ...(options.expires !== undefined ? { expiresAt: options.expires } : {}),
          ...(options.rateLimit !== undefined ? { rateLimitPerMinute: options.rateLimit } : {}),
        };
        const payload = await ctx.asUser((client) => client.mintKey(input));
        showSecret(ctx, payload, `Minted ${keyLine(payload.apiKey)}.`);
      }),
    );

  keys
    .command('revoke')
    .description('Revoke a key, at once and for good (idempotent).')
    .argument('<id>', 'the key (key_…)')
    .action(
      run(async (ctx, id: string) => {
        const key = await ctx.asUser((client) => client.revokeKey(id));
        if (ctx.json) return ctx.out(json(key));
        ctx.out(`Revoked ${keyLine(key)} at ${time(key.revokedAt)}.\n`);
      }),
    );

  keys
    .command('roll')
    .description('Replace a key with a new secret (printed once); the old one keeps working for the grace period.')
    .argument('<id>', 'the key to replace (key_…)')
    .option('--grace <seconds>', 'how long the old key keeps working, 0..2592000 (default 86400, a day)', nonNegativeInt)
    .action(
      run(async (ctx, id: string, options: { grace?: number }) => {
        const payload = await ctx.asUser((client) => client.rollKey(id, options.grace !== undefined ? { expireOldAfterSeconds: options.grace } : {}));
        const grace = options.grace ?? 86_400;
        showSecret(ctx, payload, `Rolled ${id} into ${keyLine(payload.apiKey)}; the old key keeps working for ${grace} s more at most.`);
      }),
    );
}

/** `key_… "name" (sk_live_Ab3x, FULL_ACCESS, 20/min)`: never the secret. */
export function keyLine(key: Pick<ApiKey, 'id' | 'name' | 'prefix' | 'access' | 'rateLimitPerMinute'>): string {
  return `${key.id} "${key.name}" (${key.prefix}…, ${key.access}, ${key.rateLimitPerMinute}/min)`;
}

/** A new secret: alone on stdout (`KEY=$(keyhold keys mint …)`), everything else on stderr. */
function showSecret(ctx: Context, payload: { secret: string; apiKey: ApiKey }, summary: string): void {
  if (ctx.json) return ctx.out(json(payload));
  ctx.note(summary);
  ctx.note('The secret below is shown once: store it now. Keyhold keeps only its hash.');
  ctx.out(`${payload.secret}\n`);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

function isoDate(value: string): string {
  const ms = ISO_DATE.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw new InvalidArgumentError('Not an ISO-8601 date or date-time (2027-01-31, 2027-01-31T12:00:00Z).');
  return new Date(ms).toISOString();
}

function positiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('Not a whole number of 1 or more.');
  return Number(value);
}

function nonNegativeInt(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('Not a whole number of 0 or more.');
  return Number(value);
}
