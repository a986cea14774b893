// src/core/ is what a CLI or an SDK can import: the key format, ids, the error catalogue, the
// policy table. It must pull in no transport, no database and no other part of Keyhold.
// (npm run lint enforces the same with dependency-cruiser; this test says it in the suite.)
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CORE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/core');
const BUILTINS = new Set(builtinModules);

function importsOf(file: string): string[] {
  const text = readFileSync(path.join(CORE, file), 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);
}

describe('src/core', () => {
  const files = readdirSync(CORE).filter((f) => f.endsWith('.ts'));

  it('has the key format, ids, errors, clock, validation, principals, request context and policy', () => {
    expect(files).toEqual(
      expect.arrayContaining(['key-format.ts', 'ids.ts', 'errors.ts', 'clock.ts', 'validation.ts', 'principal.ts', 'request-context.ts', 'policy.ts']),
    );
  });

  it.each(files)('%s imports only node built-ins and other core files', (file) => {
    for (const spec of importsOf(file)) {
      const allowed = BUILTINS.has(spec.replace(/^node:/, '')) || (spec.startsWith('./') && !spec.includes('/', 2));
      expect(allowed, `${file} imports ${spec}`).toBe(true);
    }
  });
});
