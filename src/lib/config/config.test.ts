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

describe('single sign-on settings', () => {
  const base = { OIDC_ISSUER: 'https://login.example.com/tenant/v2.0', OIDC_CLIENT_ID: 'fixpoint' };

  it('is off without OIDC_ISSUER, and SSO_ONLY cannot be on without it', () => {
    expect(parseConfig({}).oidc).toBeNull();
    expect(parseConfig({}).ssoOnly).toBe(false);
    expect(() => parseConfig({ SSO_ONLY: 'true' })).toThrow(/SSO_ONLY.*OIDC_ISSUER/s);
  });

  it('derives the redirect URI from PUBLIC_URL and caps sessions at OIDC_SESSION_HOURS', () => {
    const config = parseConfig({ ...base, PUBLIC_URL: 'https://help.example.com/', OIDC_SESSION_HOURS: '8' });
    expect(config.oidc).toMatchObject({
      redirectUri: 'https://help.example.com/login/sso/callback',
      postLogoutRedirectUri: 'https://help.example.com/login?signedout=1',
      sessionMs: 8 * 3_600_000,
      scopes: 'openid email profile',
      roleMap: null,
    });
    expect(parseConfig({ ...base, PORT: '4500' }).oidc?.redirectUri).toBe(
      'http://localhost:4500/login/sso/callback',
    );
    expect(parseConfig({ ...base, OIDC_SCOPES: 'email groups' }).oidc?.scopes).toBe('openid email groups');
  });

  it('needs a client id', () => {
    expect(() => parseConfig({ OIDC_ISSUER: base.OIDC_ISSUER })).toThrow(/OIDC_CLIENT_ID/);
  });

  it('reads OIDC_ROLE_MAP, agents without a tier are tier 1, and a bad map says how to write one', () => {
    const config = parseConfig({
      ...base,
      OIDC_ROLE_MAP: '{"desk": "agent", "t3": {"role": "agent", "tier": 3}, "mgr": "manager"}',
    });
    expect(Object.fromEntries(config.oidc!.roleMap!)).toEqual({
      desk: { role: 'agent', tier: 1 },
      t3: { role: 'agent', tier: 3 },
      mgr: { role: 'manager', tier: null },
    });
    expect(() => parseConfig({ ...base, OIDC_ROLE_MAP: '{desk: agent}' })).toThrow(
      /not valid JSON.*it-servicedesk-t1/s,
    );
    expect(() => parseConfig({ ...base, OIDC_ROLE_MAP: '{"desk": "superuser"}' })).toThrow(
      /OIDC_ROLE_MAP: desk/,
    );
    expect(() => parseConfig({ ...base, OIDC_ROLE_MAP: '{"desk": {"role": "agent", "tier": 7}}' })).toThrow(
      /OIDC_ROLE_MAP/,
    );
  });
});
