// Builds the dashboard and the GraphQL IDE (web/) into web/dist, which the server serves.
//   node scripts/build-web.mjs              build (npm ci runs this as `prepare`)
//   node scripts/build-web.mjs --if-stale   build only when web/ or the lock file changed since
//                                           the last build (npm run dev and npm test do this)
// Plain JavaScript: `npm ci --omit=dev` runs it without tsx or Vite, and then only says so.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WEB = path.join(ROOT, 'web');
const DIST = path.join(WEB, 'dist');
const STAMP = path.join(DIST, '.built');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function isStale() {
  if (!existsSync(STAMP)) return true;
  const sources = Math.max(newestSource(WEB), statSync(path.join(ROOT, 'package-lock.json')).mtimeMs);
  return sources > statSync(STAMP).mtimeMs;
}

async function main() {
  if (process.argv.includes('--if-stale') && !isStale()) return;
  try {
    createRequire(import.meta.url).resolve('vite');
  } catch {
    console.log(
      'keyhold: web pages not built: Vite is not installed (a production install?). Build them with `npm run build:web` where dev dependencies are installed, and ship web/dist.',
    );
    return;
  }
  const { build } = await import('vite');
  const started = Date.now();
  await build({ configFile: path.join(WEB, 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  console.log(`keyhold: built the web pages (web/) into web/dist in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error) => {
  console.error(`keyhold: building the web pages failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
