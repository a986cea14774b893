// The Dockerfile, compose.yaml and LICENSE a user expects. No Docker engine runs here, so they
// are checked by reading them: the image's stages, user, command and health check; compose's
// services, and that the environment it gives Keyhold is one production configuration accepts.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/config.js';
import { execForm, parseDockerfile, type Stage } from './dockerfile.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

describe('Dockerfile', () => {
  const stages = parseDockerfile(read('Dockerfile'));
  const final = stages.at(-1)!;
  const all = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
  const stageNamed = (name: string) => stages.find((s) => s.name === name);

  it('is multi-stage: a build stage runs npm run build, a deps stage npm ci --omit=dev', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages.every((s) => /^node:20\b/.test(s.from))).toBe(true);
    expect(stages.some((s) => all(s, 'RUN').some((r) => r.includes('npm run build')))).toBe(true);
    expect(stages.some((s) => all(s, 'RUN').some((r) => /npm ci\b.*--omit=dev/.test(r)))).toBe(true);
  });

  it('the final stage takes node_modules from the --omit=dev stage and dist from the build stage', () => {
    const copies = all(final, 'COPY')
      .map((c) => /--from=(\S+)\s+(\S+)/.exec(c))
      .filter(Boolean) as RegExpExecArray[];
    const from = (src: string) => copies.find((c) => c[2] === src)?.[1];
    expect(all(stageNamed(from('/app/node_modules')!)!, 'RUN').join(' ')).toContain('--omit=dev');
    expect(all(stageNamed(from('/app/dist')!)!, 'RUN').join(' ')).toContain('npm run build');
    // The dashboard and GraphiQL are served from web/dist, built with the dev dependencies.
    expect(all(stageNamed(from('/app/web/dist')!)!, 'RUN').join(' ')).toContain('npm run build:web');
  });

  it('runs node dist/server.js as a non-root user, in production, listening beyond loopback', () => {
    expect(all(final, 'USER')).toEqual(['node']);
    expect(execForm(all(final, 'CMD').at(-1)!)).toEqual(['node', 'dist/server.js']);
    const env = all(final, 'ENV').join(' ');
    expect(env).toMatch(/NODE_ENV=production/);
    expect(env).toMatch(/HOST=0\.0\.0\.0/);
    expect(all(final, 'EXPOSE')).toEqual(['4000']);
  });

  it('checks its health on /healthz', () => {
    const [check] = all(final, 'HEALTHCHECK');
    expect(check).toMatch(/CMD/);
    expect(check).toContain('/healthz');
  });

  it('copies only files that exist, and .dockerignore keeps node_modules and secrets out', () => {
    for (const stage of stages) {
      for (const copy of all(stage, 'COPY').filter((c) => !c.startsWith('--from'))) {
        for (const source of copy.split(' ').slice(0, -1)) expect(existsSync(path.join(ROOT, source)), source).toBe(true);
      }
    }
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['node_modules', '.env', '.keyhold-data', 'dist']) expect(ignored).toContain(entry);
  });
});

describe('compose.yaml', () => {
  const compose = parse(read('compose.yaml')) as { services: Record<string, any>; volumes?: Record<string, unknown> };
  const keyhold = compose.services.keyhold;

  it('has Keyhold, MongoDB and Redis, Keyhold built from this directory and waiting for healthy stores', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['keyhold', 'mongo', 'redis']);
    expect(keyhold.build).toBe('.');
    expect(compose.services.mongo.image).toMatch(/^mongo:/);
    expect(compose.services.redis.image).toMatch(/^redis:/);
    expect(keyhold.depends_on).toEqual({ mongo: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    for (const store of ['mongo', 'redis']) expect(compose.services[store].healthcheck.test).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toEqual(['mongo-data', 'redis-data']);
  });

  it('points Keyhold at those services', () => {
    expect(keyhold.environment.MONGODB_URI).toMatch(/^mongodb:\/\/mongo:27017\//);
    expect(keyhold.environment.REDIS_URL).toBe('redis://redis:6379');
  });

  it('gives Keyhold an environment production configuration accepts, once the required values are supplied', () => {
    const supplied: Record<string, string> = { FIREBASE_PROJECT_ID: 'acme-prod', SECRETS_KEY: Buffer.alloc(32, 1).toString('base64') };
    const env = Object.fromEntries(
      Object.entries(keyhold.environment as Record<string, string>).map(([name, value]) => [
        name,
        // ${NAME:?message} must be supplied by whoever runs compose: it is, here.
        value.replace(/\$\{(\w+):\?[^}]*\}/g, (_m, v: string) => supplied[v] ?? ''),
      ]),
    );
    const config = loadConfig(
      { ...env, NODE_ENV: 'production' },
      { probe: { fileExists: (f) => f === '/run/secrets/firebase-service-account', onComputeEngine: () => false } },
    );
    expect(config.mongo.uri).toBe('mongodb://mongo:27017/keyhold');
    expect(config.firebase.signIn).toMatchObject({ configured: true });
  });
});

it('LICENSE is the MIT license, as package.json says', () => {
  expect(read('LICENSE')).toMatch(/^MIT License\n/);
  expect(JSON.parse(read('package.json')).license).toBe('MIT');
});
