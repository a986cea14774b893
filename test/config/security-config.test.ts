// The configuration of Keyhold's defences: limits and dev-mode rules, parsed once like the rest.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  return [];
}

describe('GRAPHQL_MAX_QUERY_LENGTH', () => {
  it('defaults to 32 KiB of query text and takes a whole number', () => {
    expect(loadConfig({}).graphql.maxQueryLength).toBe(32 * 1024);
    expect(loadConfig({ GRAPHQL_MAX_QUERY_LENGTH: '100000' }).graphql.maxQueryLength).toBe(100_000);
  });

  it.each(['0', '10', 'lots'])('refuses %s with one line naming it', (value) => {
    expect(problems({ GRAPHQL_MAX_QUERY_LENGTH: value })).toEqual([expect.stringMatching(/^GRAPHQL_MAX_QUERY_LENGTH /)]);
  });
});
