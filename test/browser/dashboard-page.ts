// Steps through the dashboard as a person does, for the browser tests.
import type { Locator, Page } from 'playwright-core';

export async function signIn(page: Page, baseUrl: string, user: { email: string; password: string }, hash = ''): Promise<void> {
  await page.goto(`${baseUrl}/${hash}`);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** The secrets shown in the open dialog, in order. */
export async function shownSecrets(page: Page): Promise<string[]> {
  return page.getByRole('dialog').locator('[data-secret]').allInnerTexts();
}

/** The row of the keys table for the key named `name`. */
export function keyRow(page: Page, name: string): Locator {
  return page.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
}

/** The text of the error shown for a form control (its aria-describedby), or ''. */
export async function errorFor(control: Locator): Promise<string> {
  const ids = ((await control.getAttribute('aria-describedby')) ?? '').split(' ').filter((id) => id.endsWith('-error'));
  if (ids.length === 0) return '';
  return control.page().locator(`[id="${ids[0]}"]`).innerText();
}

/** Horizontal overflow, in pixels, of the page at its current size (0: none). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
}
