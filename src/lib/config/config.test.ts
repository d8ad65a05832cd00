import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.ts';

describe('parseConfig', () => {
  it('gives a working default for every setting', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      env: 'development',
      port: 4321,
      host: 'localhost',
      meili: { indexPrefix: 'fixpoint_' },
    });
    expect(config.dataDir).toBe(path.resolve('data'));
    expect(config.databasePath).toBe(path.resolve('data', 'fixpoint.db'));
    expect(config.meili.url).toBeUndefined();
  });

  it('names the variable, the bad value and the fix', () => {
    expect(() => parseConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => parseConfig({ PORT: 'eighty' })).toThrow(/PORT.*"eighty".*free TCP port/s);
    expect(() => parseConfig({ MEILI_URL: 'localhost:7700' })).toThrow(
      /MEILI_URL.*http:\/\/127\.0\.0\.1:7700/s,
    );
  });

  it('refuses an API key without a server to use it with', () => {
    expect(() => parseConfig({ MEILI_API_KEY: 'secret' })).toThrow(/MEILI_URL/);
  });

  it('uses an external Meilisearch when MEILI_URL is set', () => {
    const config = parseConfig({ MEILI_URL: 'https://search.example.com', MEILI_API_KEY: 'k' });
    expect(config.meili).toMatchObject({ url: 'https://search.example.com', apiKey: 'k' });
  });
});
