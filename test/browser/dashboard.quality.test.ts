// What a person notices beyond the features: no serious accessibility violation (axe-core) on
// any page or dialog, a layout that works 375 px wide, and keyboard use of the dialogs.
import { expect, it } from 'vitest';
import { describeInBrowser, openPage, screenshot, seriousA11yViolations, useBrowser } from '../support/browser.js';
import { useKeyhold } from '../support/harness.js';
import { horizontalOverflow, signIn } from './dashboard-page.js';

describeInBrowser('the dashboard, for everyone', { timeout: 90_000 }, () => {
  const k = useKeyhold();
  const browser = useBrowser();

  it('has no serious accessibility violation on any page or dialog', async () => {
    const owner = await k.signedUp('Accessible Co');
    await k.mint(owner.user.idToken, { orgId: owner.orgId, name: 'Reporting', access: 'READ_ONLY' });
    const { page, problems, close } = await openPage(browser());
    const found: Record<string, string[]> = {};
    const check = async (name: string) => {
      found[name] = await seriousA11yViolations(page);
    };

    await page.goto(`${k.url}/`);
    await page.getByRole('heading', { name: 'Sign in to Keyhold' }).waitFor();
    await check('sign-in');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('heading', { name: 'Create your Keyhold account' }).waitFor();
    await check('sign-up');

    await signIn(page, k.url, owner.user);
    await page.getByRole('link', { name: 'Accessible Co' }).waitFor();
    await check('organizations');
    await page.getByRole('link', { name: 'Accessible Co' }).click();
    await page.getByRole('rowheader', { name: 'Reporting' }).waitFor();
    await check('keys');

    await page.getByRole('button', { name: 'Create key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create an API key' });
    await dialog.getByRole('button', { name: 'Create key' }).click();
    await dialog.getByText(/^Name the key/).waitFor();
    await check('create-key with an error');
    await dialog.getByLabel('Name', { exact: true }).fill('Keyboard');
    await dialog.getByRole('button', { name: 'Create key' }).click();
    const reveal = page.getByRole('dialog', { name: 'Save your API key' });
    await reveal.waitFor();
    k.secrets.add((await reveal.locator('[data-secret]').innerText()).trim());
    await check('key secret');
    await reveal.getByLabel('I have saved the secret').check();
    await reveal.getByRole('button', { name: 'Done' }).click();

    await page.getByRole('button', { name: 'Revoke Reporting' }).click();
    await page.getByRole('dialog', { name: 'Revoke “Reporting”?' }).waitFor();
    await check('revoke confirmation');

    expect(found).toEqual({
      'sign-in': [],
      'sign-up': [],
      organizations: [],
      keys: [],
      'create-key with an error': [],
      'key secret': [],
      'revoke confirmation': [],
    });
    expect(await problems()).toEqual([]);
    await close();
  });

  it('can be used with the keyboard alone: dialogs take focus, Escape cancels, focus comes back', async () => {
    const owner = await k.signedUp('Keyboard Co');
    const { page, problems, close } = await openPage(browser());
    await signIn(page, k.url, owner.user, `#/orgs/${owner.orgId}`);
    const opener = page.getByRole('button', { name: 'Create key' });
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Create an API key' });
    await dialog.waitFor();
    // The first field has focus: typing names the key.
    await page.keyboard.type('Typed name');
    expect(await dialog.getByLabel('Name', { exact: true }).inputValue()).toBe('Typed name');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await opener.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    expect(await problems()).toEqual([]);
    await close();
  });

  it('works 375 px wide: nothing overflows sideways on any page', async () => {
    const owner = await k.signedUp('Narrow Co');
    await k.mint(owner.user.idToken, { orgId: owner.orgId, name: 'A key with a rather long descriptive name for a narrow screen' });
    const { page, problems, close } = await openPage(browser(), { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    const overflow: Record<string, number> = {};

    await page.goto(`${k.url}/`);
    await page.getByRole('heading', { name: 'Sign in to Keyhold' }).waitFor();
    overflow['sign-in'] = await horizontalOverflow(page);
    await screenshot(page, 'sign-in-375');

    await signIn(page, k.url, owner.user);
    await page.getByRole('link', { name: 'Narrow Co' }).waitFor();
    overflow.organizations = await horizontalOverflow(page);
    await screenshot(page, 'organizations-375');

    await page.getByRole('link', { name: 'Narrow Co' }).click();
    await page.getByRole('rowheader', { name: /rather long/ }).waitFor();
    overflow.keys = await horizontalOverflow(page);
    await screenshot(page, 'keys-375');

    await page.getByRole('button', { name: 'Create key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create an API key' });
    await dialog.waitFor();
    overflow['create-key'] = await horizontalOverflow(page);
    expect((await dialog.boundingBox())!.width).toBeLessThanOrEqual(375);
    await screenshot(page, 'create-key-375');

    expect(overflow).toEqual({ 'sign-in': 0, organizations: 0, keys: 0, 'create-key': 0 });
    expect(await problems()).toEqual([]);
    await close();
  });
});
