// `npm run dev` keeps the Auth Emulator's accounts in DATA_DIR/auth-emulator/. Whatever moment a
// run is stopped at, the next start finds one whole export (or, on a first run, none) and never
// deletes what it cannot read.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareEmulatorData, promoteExport, readExport } from '../../scripts/emulator-data.js';

/** An export as firebase-tools writes it, holding `users` accounts; `torn` cuts accounts.json short. */
function writeExport(dir: string, users: number, torn = false): void {
  mkdirSync(path.join(dir, 'auth_export'), { recursive: true });
  writeFileSync(path.join(dir, 'firebase-export-metadata.json'), JSON.stringify({ version: '15', auth: { version: '15', path: 'auth_export' } }));
  const accounts = JSON.stringify({ kind: 'identitytoolkit#DownloadAccountResponse', users: Array.from({ length: users }, (_, i) => ({ localId: `u${i}` })) });
  writeFileSync(path.join(dir, 'auth_export', 'accounts.json'), torn ? accounts.slice(0, 20) : accounts);
  writeFileSync(path.join(dir, 'auth_export', 'config.json'), '{"signIn":{"allowDuplicateEmails":false}}');
}

function dataDir(): { dir: string; at: (name: string) => string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'keyhold-data-'));
  return { dir, at: (name) => path.join(dir, 'auth-emulator', name) };
}

describe('the emulator data directory', () => {
  it('first run: nothing to import, the export goes to a staging directory', async () => {
    const { dir, at } = dataDir();
    expect(await prepareEmulatorData(dir)).toEqual({ importFrom: null, exportTo: at('next'), accounts: 0 });
  });

  it('a clean stop: the new export becomes current, the old one is gone', async () => {
    const { dir, at } = dataDir();
    writeExport(at('current'), 1);
    writeExport(at('next'), 2);
    expect(await promoteExport(dir)).toBe(true);
    expect(await readExport(at('current'))).toBe(2);
    expect(readdirSync(path.join(dir, 'auth-emulator'))).toEqual(['current']);
    expect(await prepareEmulatorData(dir)).toEqual({ importFrom: at('current'), exportTo: at('next'), accounts: 2 });
  });

  it('a run killed after its export was written: the next start takes that export', async () => {
    const { dir, at } = dataDir();
    writeExport(at('current'), 1);
    writeExport(at('next'), 3);
    expect(await prepareEmulatorData(dir)).toMatchObject({ importFrom: at('current'), accounts: 3 });
  });

  it('a run killed mid-export: the torn export is dropped, the previous one kept', async () => {
    const { dir, at } = dataDir();
    writeExport(at('current'), 1);
    writeExport(at('next'), 3, true);
    expect(await promoteExport(dir)).toBe(false);
    writeExport(at('next'), 3, true);
    expect(await prepareEmulatorData(dir)).toMatchObject({ importFrom: at('current'), accounts: 1 });
    expect(existsSync(at('next'))).toBe(false);
  });

  it('a promotion cut between its two renames: the previous export is restored', async () => {
    const { dir, at } = dataDir();
    writeExport(at('previous'), 4);
    expect(await prepareEmulatorData(dir)).toMatchObject({ importFrom: at('current'), accounts: 4 });
    expect(existsSync(at('previous'))).toBe(false);
  });

  it('an export it cannot read is put aside, never deleted, and the run starts empty', async () => {
    const { dir, at } = dataDir();
    writeExport(at('current'), 1, true);
    const said: string[] = [];
    expect(await prepareEmulatorData(dir, (line) => void said.push(line))).toMatchObject({ importFrom: null, accounts: 0 });
    expect(said).toEqual([expect.stringMatching(/could not be read; moved to .*unreadable-/)]);
    expect(readdirSync(path.join(dir, 'auth-emulator')).some((name) => name.startsWith('unreadable-'))).toBe(true);
  });
});
