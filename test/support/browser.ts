// Debian's Chromium, driven by playwright-core (which never downloads a browser): one launch per
// test file, a fresh context per test, and a watch on every page for console errors, uncaught
// exceptions and CSP violations. Without Chromium the browser tests are skipped, and the
// suite's summary says so (summary-reporter.ts).
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe } from 'vitest';
import { CHROMIUM, CHROMIUM_PATH } from './requirements.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCREENSHOTS_DIR = path.join(ROOT, 'test-output', 'screenshots');
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** `describe`, or `describe.skip` when Chromium is not installed. */
export const describeInBrowser = CHROMIUM.available() ? describe : describe.skip;

/** Launches Chromium once for the file (beforeAll) and closes it after (afterAll). */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: LAUNCH_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('useBrowser: Chromium is not launched (use it inside a test)');
    return browser;
  };
}

/** A page in a context of its own, with what went wrong on it recorded. */
export interface WatchedPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Console errors, uncaught exceptions and CSP violations, except those matching `allow`. */
  problems(allow?: readonly RegExp[]): Promise<string[]>;
  close(): Promise<void>;
}

export async function openPage(browser: Browser, options: BrowserContextOptions = {}): Promise<WatchedPage> {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(15_000);
  // Runs before any page script, outside the page's CSP (the browser injects it).
  await context.addInitScript(RECORD_CSP_VIOLATIONS);
  const page = await context.newPage();
  const seen: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content[ -]Security[ -]Policy/i.test(message.text())) seen.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => seen.push(`uncaught: ${error.message}`));
  return {
    page,
    context,
    async problems(allow = []) {
      const violations = page.isClosed() ? [] : ((await page.evaluate('window.__cspViolations ?? []').catch(() => [])) as string[]);
      return [...seen, ...violations.map((v) => `CSP violation: ${v}`)].filter((p) => !allow.some((a) => a.test(p)));
    },
    close: () => context.close(),
  };
}

const RECORD_CSP_VIOLATIONS = `
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
`;

/** Writes a full-page screenshot to test-output/screenshots/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const file = path.join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page as it is now, one line each. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  // Evaluated by the browser's debugger interface, so the page's CSP does not apply to it.
  await page.evaluate(AXE_SOURCE);
  return (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => v.id + ': ' + v.help + ' — ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`)) as string[];
}

/**
 * Everything the page keeps where a later visitor could read it: the URL, the HTML, the text,
 * localStorage, sessionStorage and every IndexedDB record (Firebase keeps its session there).
 */
export async function pageAndStorage(page: Page): Promise<string> {
  const stored = (await page.evaluate(`(async () => {
    const records = [JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })];
    for (const { name } of await indexedDB.databases()) {
      const db = await new Promise((resolve, reject) => { const r = indexedDB.open(name); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
      for (const store of db.objectStoreNames) {
        const all = await new Promise((resolve) => { const r = db.transaction(store).objectStore(store).getAll(); r.onsuccess = () => resolve(r.result); });
        records.push(JSON.stringify(all));
      }
      db.close();
    }
    return records.join('\\n');
  })()`)) as string;
  return [page.url(), await page.content(), await page.locator('body').innerText(), stored].join('\n');
}
