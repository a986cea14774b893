// The dashboard in a real browser against a real server and the suite's Auth Emulator: sign up,
// create an organization, create a key (shown once; it verifies), revoke it (it stops
// verifying), and errors in words next to what caused them.
import { expect, it } from 'vitest';
import { describeInBrowser, openPage, pageAndStorage, screenshot, useBrowser, type WatchedPage } from '../support/browser.js';
import { useKeyhold } from '../support/harness.js';
import { errorFor, keyRow, shownSecrets, signIn } from './dashboard-page.js';

describeInBrowser('the dashboard', { timeout: 90_000 }, () => {
  const k = useKeyhold();
  const browser = useBrowser();
  const open = async (): Promise<WatchedPage> => openPage(browser());

  it('lets a new person create an account in the Auth Emulator from the sign-in page', async () => {
    const { page, problems, close } = await open();
    await page.goto(`${k.url}/`);
    await page.getByRole('heading', { name: 'Sign in to Keyhold' }).waitFor();
    await screenshot(page, 'sign-in');

    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('heading', { name: 'Create your Keyhold account' }).waitFor();
    const email = `new-${Date.now()}@keyhold.test`;
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('correct horse battery');
    await screenshot(page, 'sign-up');
    await page.getByRole('button', { name: 'Create account' }).click();

    await page.getByRole('heading', { name: 'Organizations', level: 1 }).waitFor();
    await page.getByText('You are not in any organization yet.').waitFor();
    expect(await page.getByRole('banner').innerText()).toContain(email);
    await screenshot(page, 'organizations-empty');
    expect(await problems()).toEqual([]);
    await close();
  });

  it('creates an organization, showing its first key and webhook secret once; the key verifies', async () => {
    const user = await k.user();
    const { page, problems, close } = await open();
    await signIn(page, k.url, user);
    await page.getByLabel('Organization name').fill('Acme Robotics');
    await page.getByRole('button', { name: 'Create organization' }).click();

    const dialog = page.getByRole('dialog', { name: 'Save your secrets' });
    await dialog.waitFor();
    const [secret, webhookSecret] = await shownSecrets(page);
    expect(secret).toMatch(/^sk_live_[A-Za-z0-9]{28}$/);
    expect(webhookSecret).toMatch(/^whsec_[A-Za-z0-9]{32}$/);
    k.secrets.add(secret!).add(webhookSecret!);
    await screenshot(page, 'organization-created');

    const verified = await k.verify({ apiKey: secret });
    expect(verified.status).toBe(200);
    expect(verified.body.name).toBe('Default key');

    // Only "I have saved…" leaves the dialog; Escape does not.
    const done = dialog.getByRole('button', { name: 'Done' });
    expect(await done.isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
    expect(await dialog.isVisible()).toBe(true);
    await dialog.getByLabel('I have saved the API key and the webhook secret').check();
    await done.click();

    await page.getByRole('heading', { name: 'Acme Robotics', level: 1 }).waitFor();
    expect(page.url()).toContain(`#/orgs/${verified.body.org_id}/keys`);
    await keyRow(page, 'Default key').getByText('Active').waitFor();
    const everything = await pageAndStorage(page);
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(webhookSecret);
    expect(await problems()).toEqual([]);
    await close();
  });

  it('creates a key from the dialog: shown once with a copy button, it verifies, and is never shown again', async () => {
    const owner = await k.signedUp('Keys Co');
    const { page, context, problems, close } = await open();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: k.url });
    await signIn(page, k.url, owner.user, `#/orgs/${owner.orgId}`);
    await page.getByRole('heading', { name: 'Keys Co', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'Create key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create an API key' });
    await dialog.getByLabel('Name', { exact: true }).fill('Billing service');
    await dialog.getByLabel(/Read-only/).check();
    await dialog.getByLabel('Expires', { exact: true }).selectOption('30');
    await dialog.getByLabel(/Rate limit/).fill('50');
    await screenshot(page, 'create-key');
    await dialog.getByRole('button', { name: 'Create key' }).click();

    const reveal = page.getByRole('dialog', { name: 'Save your API key' });
    await reveal.waitFor();
    const [secret] = await shownSecrets(page);
    k.secrets.add(secret!);
    await reveal.getByRole('button', { name: 'Copy the API key' }).click();
    await reveal.getByText('Copied to the clipboard.').waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(secret);
    await screenshot(page, 'key-secret');

    const verified = await k.verify({ apiKey: secret });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ name: 'Billing service', access: 'read_only', org_id: owner.orgId });
    const expiresInDays = (Date.parse(verified.body.expires_at) - Date.now()) / 86_400_000;
    expect(expiresInDays).toBeGreaterThan(29.9);
    expect(expiresInDays).toBeLessThan(30.1);

    await reveal.getByLabel('I have saved the secret').check();
    await reveal.getByRole('button', { name: 'Done' }).click();
    const row = keyRow(page, 'Billing service');
    await row.waitFor();
    const cell = (key: string, label: string) => keyRow(page, key).locator(`[data-label="${label}"]`).innerText();
    expect(await cell('Billing service', 'Key')).toBe(`${secret!.slice(0, 12)}…`);
    expect(await cell('Billing service', 'Access')).toBe('Read-only');
    expect(await cell('Billing service', 'Status')).toBe('Active');
    expect(await cell('Billing service', 'Expires')).toContain(String(new Date(verified.body.expires_at).getFullYear()));
    // This key has just been verified (its last use is written within a minute); the first key never was.
    expect(await cell('Default key', 'Last used')).toBe('Never');
    expect(await cell('Default key', 'Expires')).toBe('Never');
    await page.getByRole('status').filter({ hasText: 'Key “Billing service” created.' }).waitFor({ state: 'attached' });
    expect(await pageAndStorage(page)).not.toContain(secret);
    await page.reload();
    await keyRow(page, 'Billing service').waitFor();
    expect(await pageAndStorage(page)).not.toContain(secret);
    expect(await problems()).toEqual([]);
    await close();
  });

  it('revokes a key after a confirmation that names it; the key stops verifying at once', async () => {
    const owner = await k.signedUp('Revokers');
    const old = await k.mint(owner.user.idToken, { orgId: owner.orgId, name: 'Old integration' });
    const { page, problems, close } = await open();
    await signIn(page, k.url, owner.user, `#/orgs/${owner.orgId}`);

    await page.getByRole('button', { name: 'Revoke Old integration' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke “Old integration”?' });
    expect(await confirm.innerText()).toContain(`${old.secret.slice(0, 12)}…`);
    await screenshot(page, 'revoke-confirm');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect((await k.verify({ apiKey: old.secret })).status).toBe(200);

    await page.getByRole('button', { name: 'Revoke Old integration' }).click();
    await confirm.getByRole('button', { name: 'Revoke key' }).click();
    await confirm.waitFor({ state: 'detached' });
    await keyRow(page, 'Old integration').getByText('Revoked').waitFor();
    expect(await keyRow(page, 'Old integration').getByRole('button').count()).toBe(0);
    const refused = await k.verify({ apiKey: old.secret });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('invalid_api_key');

    // The filter is part of the URL (a link to it keeps it), and the table follows it.
    const names = () => page.getByRole('rowheader').allInnerTexts();
    await page.getByLabel('Status').selectOption('REVOKED');
    await page.waitForURL(/status=REVOKED/);
    await expect.poll(names).toEqual(['Old integration']);
    await page.getByLabel('Status').selectOption('ACTIVE');
    await page.waitForURL(/status=ACTIVE/);
    await expect.poll(names).toEqual(['Default key']);
    expect(await problems()).toEqual([]);
    await close();
  });

  it('shows a member the keys, without the create and revoke they may not use', async () => {
    const owner = await k.signedUp('Members Co');
    const member = await k.user();
    await k.addMember(owner.orgId, member, 'MEMBER');
    const { page, problems, close } = await open();
    await signIn(page, k.url, member, `#/orgs/${owner.orgId}`);
    await keyRow(page, 'Default key').waitFor();
    expect(await page.getByText('Your role: Member').count()).toBe(1);
    await page.getByText('only its owners and admins can create or revoke them').waitFor();
    expect(await page.getByRole('button', { name: /Create key|Revoke/ }).count()).toBe(0);
    expect(await problems()).toEqual([]);
    await close();
  });

  it('shows errors in words next to the field that caused them', async () => {
    const owner = await k.signedUp('Careful Co');
    const { page, problems, close } = await open();
    await page.goto(`${k.url}/`);
    await page.getByLabel('Email').fill(owner.user.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const password = page.getByLabel('Password');
    await expect.poll(() => errorFor(password)).toBe('Wrong email or password.');
    expect(await password.getAttribute('aria-invalid')).toBe('true');

    await password.fill(owner.user.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('link', { name: 'Careful Co' }).click();
    await page.getByRole('button', { name: 'Create key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create an API key' });
    const name = dialog.getByLabel('Name', { exact: true });
    const submit = dialog.getByRole('button', { name: 'Create key' });

    await submit.click();
    await expect.poll(() => errorFor(name)).toMatch(/^Name the key/);
    // Keyhold's own rules, answered as BAD_USER_INPUT with the field named.
    await name.fill('x'.repeat(101));
    await submit.click();
    await expect.poll(() => errorFor(name)).toBe('The name must be at most 100 characters.');
    await name.fill('Fine name');
    const limit = dialog.getByLabel(/Rate limit/);
    await limit.fill('0');
    await submit.click();
    await expect.poll(() => errorFor(limit)).toBe('The rate limit must be a whole number from 1 to 1000000.');
    expect(await errorFor(name)).toBe('');
    await screenshot(page, 'create-key-errors');
    // The emulator answers the wrong password with a 400, which Chromium logs.
    expect(await problems([/status of 400/])).toEqual([]);
    await close();
  });
});
