// Programs some tests need from the machine (not from npm). Without one, `npm test` runs
// everything else, skips those tests, and its summary says what was not run and how to install
// what is missing. Plain Node: the summary reporter reads this outside the test workers.
import { existsSync } from 'node:fs';

export interface Requirement {
  /** What is missing, as a person would name it. */
  readonly name: string;
  /** Test files under this folder (from the project root) need it. */
  readonly testsUnder: string;
  readonly available: () => boolean;
  /** How to install it, as a command. */
  readonly install: string;
}

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM: Requirement = {
  name: `Chromium (${CHROMIUM_PATH})`,
  testsUnder: 'test/browser/',
  available: () => existsSync(CHROMIUM_PATH),
  install: 'apt-get update && apt-get install -y chromium   (as .ci/run does)',
};

export const REQUIREMENTS: readonly Requirement[] = [CHROMIUM];
