// The pages a developer opens while integrating: GraphiQL at /graphql and Swagger UI at /docs,
// served offline by Keyhold under its CSP (no inline scripts), without a console error.
import { expect, it } from 'vitest';
import { describeInBrowser, openPage, screenshot, useBrowser } from '../support/browser.js';
import { useKeyhold } from '../support/harness.js';

describeInBrowser('the developer pages', { timeout: 90_000 }, () => {
  const k = useKeyhold();
  const browser = useBrowser();

  it('GraphiQL at /graphql runs a query with the Authorization header set in its Headers tab', async () => {
    const owner = await k.signedUp('IDE Co');
    const { page, problems, close } = await openPage(browser());
    await page.goto(`${k.url}/graphql`);
    const headers = page.locator('.monaco-editor[data-uri$="request-headers.json"]');
    await headers.locator('.view-lines').click();
    // insertText: one input event, so the editor does not auto-close the braces and quotes.
    await page.keyboard.insertText(`{"Authorization": "Bearer ${owner.secret}"}`);
    // The default operation is `query CurrentKey { currentKey { id name … } }`.
    await page.getByRole('button', { name: 'Execute query (Ctrl-Enter)' }).click();

    // The editor draws spaces as no-break spaces: compare the text with its spacing collapsed.
    const result = async () => (await page.getByRole('region', { name: 'Result Window' }).innerText()).replace(/\s+/g, ' ');
    await expect.poll(result, { timeout: 15_000 }).toContain(`"id": "${owner.keyId}"`);
    expect(await result()).toContain('"name": "Default key"');
    await screenshot(page, 'graphiql');
    // The headers carry a credential: GraphiQL must not have saved them.
    expect(await page.evaluate('JSON.stringify({ ...localStorage })')).not.toContain(owner.secret);
    expect(await problems()).toEqual([]);
    await close();
  });

  it('Swagger UI at /docs renders the REST API', async () => {
    const { page, problems, close } = await openPage(browser());
    await page.goto(`${k.url}/docs`);
    await page.getByRole('heading', { name: /Keyhold REST API/ }).waitFor();
    await page.getByText('/verify', { exact: true }).first().waitFor();
    await screenshot(page, 'docs');
    expect(await problems()).toEqual([]);
    await close();
  });
});
