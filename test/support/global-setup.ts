// One Auth Emulator for the whole suite: it takes ~9 s to start, far too slow per file.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { DEFAULT_PROJECT_ID, startAuthEmulator } from '../../scripts/auth-emulator.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `host:port` of the suite's Firebase Auth Emulator. */
    authEmulatorHost: string;
    /** The project whose ID tokens that emulator issues. */
    firebaseProjectId: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  buildWebPagesIfStale();
  const externalHost = process.env.FIREBASE_AUTH_EMULATOR_HOST;
  if (externalHost) {
    // Someone runs an emulator already (`npm run dev`, a CI service): its project is theirs
    // to name; FIREBASE_PROJECT_ID is otherwise ignored so a real id in a developer's shell
    // never reaches firebase-tools.
    project.provide('authEmulatorHost', externalHost);
    project.provide('firebaseProjectId', process.env.FIREBASE_PROJECT_ID ?? DEFAULT_PROJECT_ID);
    return undefined;
  }
  const emulator = await startAuthEmulator({ projectId: DEFAULT_PROJECT_ID });
  project.provide('authEmulatorHost', emulator.host);
  project.provide('firebaseProjectId', emulator.projectId);
  return () => emulator.stop();
}

/** The browser tests load the built dashboard and IDE: rebuild them if web/ changed since. */
function buildWebPagesIfStale(): void {
  const script = fileURLToPath(new URL('../../scripts/build-web.mjs', import.meta.url));
  const run = spawnSync(process.execPath, [script, '--if-stale'], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error('building the web pages failed (see above)');
}
