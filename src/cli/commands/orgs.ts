import type { Command } from 'commander';
import type { Organization } from '../../client/index.js';
import { usage } from '../failure.js';
import { json, table, time } from '../output.js';
import { keyLine } from './keys.js';
import type { Run } from './run.js';

export function orgCommands(program: Command, run: Run): void {
  program
    .command('signup')
    .description('Create an organization with you as OWNER (or turn API access on for one you run) and get its first API key.')
    .option('--org <name>', "the new organization's name")
    .option('--existing-org <id>', 'instead: an organization you own or administer (org_…)')
    .action(
      run(async (ctx, options: { org?: string; existingOrg?: string }) => {
        if ((options.org === undefined) === (options.existingOrg === undefined)) throw usage('Pass exactly one of --org <name> and --existing-org <id>.');
        const input = options.org !== undefined ? { orgName: options.org } : { existingOrgId: options.existingOrg };
        const payload = await ctx.asUser((client) => client.signup(input));
        if (ctx.json) return ctx.out(json(payload));
        ctx.note(
          options.org !== undefined ? `Created organization ${payload.orgId} "${options.org}"; you are its OWNER.` : `API access is on for ${payload.orgId}.`,
        );
        ctx.note(`Its API key: ${keyLine(payload.apiKey)}.`);
        ctx.note("The secrets below are shown once: store them now. Keyhold keeps only the key's hash.");
        // Only the secrets go to stdout, as .env lines: `keyhold signup --org Acme >> .env`.
        ctx.out(`KEYHOLD_API_KEY=${payload.secret}\nKEYHOLD_WEBHOOK_SECRET=${payload.webhookSecret}\n`);
      }),
    );

  program
    .command('orgs')
    .description('List your organizations.')
    .action(
      run(async (ctx) => {
        const orgs = await ctx.asUser((client) => client.organizations());
        if (ctx.json) return ctx.out(json(orgs));
        if (orgs.length === 0) return ctx.note('You are in no organization yet: `keyhold signup --org <name>` creates one.');
        ctx.out(
          table<Organization>(orgs, [
            ['ID', (o) => o.id],
            ['NAME', (o) => o.name],
            ['ROLE', (o) => o.role],
            ['CREATED', (o) => time(o.createdAt)],
          ]),
        );
      }),
    );
}
