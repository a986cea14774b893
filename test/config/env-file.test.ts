// `.env` in the working directory is read at start, beneath the environment, which wins.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { EnvFileError, withEnvFile } from '../../src/config/env-file.js';

const dir = mkdtempSync(path.join(tmpdir(), 'keyhold-env-'));
function envFile(text: string): string {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.env`);
  writeFileSync(file, text);
  return file;
}

describe('.env', () => {
  it('supplies variables the environment does not set, and configuration parses them', () => {
    const file = envFile('# comment\nPORT=4100\nLOG_LEVEL="debug"\nexport HOST=0.0.0.0\n');
    const { env, loaded } = withEnvFile({}, file);
    expect(loaded).toBe(file);
    expect(loadConfig(env).http).toMatchObject({ port: 4100, host: '0.0.0.0' });
    expect(loadConfig(env).logLevel).toBe('debug');
  });

  it('loses to the environment, even an empty variable there', () => {
    const file = envFile('PORT=4100\nLOG_LEVEL=debug\n');
    const { env } = withEnvFile({ PORT: '5000', LOG_LEVEL: '' }, file);
    expect(env).toMatchObject({ PORT: '5000', LOG_LEVEL: '' });
    expect(loadConfig(env).logLevel).toBe('info');
  });

  it('is optional', () => {
    expect(withEnvFile({ PORT: '1' }, path.join(dir, 'absent.env'))).toEqual({ env: { PORT: '1' }, loaded: null });
  });

  it('that cannot be read stops the start with one line', () => {
    const notAFile = path.join(dir, 'a-directory.env');
    mkdirSync(notAFile);
    expect(() => withEnvFile({}, notAFile)).toThrow(EnvFileError);
  });

  it('bad values in it are reported like any other', () => {
    const { env } = withEnvFile({}, envFile('PORT=notaport\n'));
    expect(() => loadConfig(env)).toThrow('PORT must be a whole number from 0 to 65535 (got "notaport")');
  });

  it('.env.example documents it', async () => {
    const example = (await import('node:fs')).readFileSync(path.resolve(__dirname, '../../.env.example'), 'utf8');
    expect(example).toMatch(/\.env.*environment wins/is);
  });
});
