import net from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseRoleMap, type OidcConfig } from '#lib/config/config.ts';
import type { Db } from '#lib/db/db.ts';
import { testDatabase } from '#test/db.ts';
import { signInAtProvider } from '#test/oidc-browser.ts';
import { startTestProvider, type TestIdpUser, type TestProvider } from '#test/oidc-provider.ts';
import { listAudit } from './audit.ts';
import { getIdentityOfUser } from './identities.ts';
import { validateSessionToken } from './sessions.ts';
import {
  beginSsoSignIn,
  completeSsoSignIn,
  forgetProviderConfigurations,
  rolesFromGroups,
  type SsoFailure,
  type SsoOutcome,
} from './sso.ts';
import { createUser, getUserByEmail, setBreakGlass, setUserDisabled } from './users.ts';

const REDIRECT = 'http://localhost:4412/login/sso/callback';
const USERS: Record<string, TestIdpUser> = {
  alice: {
    password: 'alice-pw',
    email: 'alice@corp.example',
    emailVerified: true,
    name: 'Alice Ahlberg',
    groups: ['staff'],
    locale: 'de-CH',
  },
  bob: {
    password: 'bob-pw',
    email: 'bob@corp.example',
    emailVerified: true,
    name: 'Bob Berg',
    groups: ['staff', 'it-servicedesk-t2'],
  },
  carol: {
    password: 'carol-pw',
    email: 'carol@corp.example',
    emailVerified: true,
    name: 'Carol Chen',
    groups: ['it-managers'],
  },
  dave: {
    password: 'dave-pw',
    email: 'dave@corp.example',
    emailVerified: false,
    name: 'Dave Dunn',
    groups: [],
  },
  erin: {
    password: 'erin-pw',
    email: 'erin@corp.example',
    emailVerified: true,
    name: 'Erin Eklund',
    groups: ['it-admins'],
  },
};
const ROLE_MAP =
  '{"it-servicedesk-t1": {"role": "agent", "tier": 1}, "it-servicedesk-t2": {"role": "agent", "tier": 2}, "it-managers": "manager", "it-admins": "admin"}';

let provider: TestProvider;
let db: Db;
let oidc: OidcConfig;
const ADDRESS = '192.0.2.7';

beforeAll(async () => {
  provider = await startTestProvider({
    clients: [{ clientId: 'fixpoint-test', clientSecret: 'test-secret-123', redirectUris: [REDIRECT] }],
    users: USERS,
  });
});
afterAll(() => provider.close());
beforeEach(() => {
  db = testDatabase();
  provider.setUsers(USERS);
  provider.tamper = null;
  provider.delayMs = 0;
  oidc = {
    issuer: provider.issuer,
    clientId: 'fixpoint-test',
    clientSecret: 'test-secret-123',
    providerName: 'Test ID',
    scopes: 'openid email profile groups',
    groupsClaim: 'groups',
    roleMap: parseRoleMap(ROLE_MAP),
    sessionMs: 12 * 3_600_000,
    timeoutSeconds: 5,
    redirectUri: REDIRECT,
    postLogoutRedirectUri: 'http://localhost:4412/login?signedout=1',
  };
});
afterEach(() => vi.useRealTimers());

/** Leaves for the provider, signs in there as `username`, and returns what the callback needs. */
async function toCallback(username: string, nextPath = '/') {
  const begun = await beginSsoSignIn(db, oidc, { nextPath, address: ADDRESS });
  if (!begun.ok) throw new Error(`could not begin: ${begun.reason}`);
  const callbackUrl = await signInAtProvider(
    begun.authorizationUrl,
    { username, password: USERS[username]!.password },
    REDIRECT,
  );
  return { callbackUrl, browserToken: begun.browserToken, authorizationUrl: new URL(begun.authorizationUrl) };
}

async function signInAs(username: string, nextPath = '/'): Promise<SsoOutcome> {
  const { callbackUrl, browserToken } = await toCallback(username, nextPath);
  return completeSsoSignIn(db, oidc, { callbackUrl, browserToken, address: ADDRESS });
}

function expectRefused(outcome: SsoOutcome, reason: SsoFailure) {
  expect(outcome).toEqual({ ok: false, reason });
  const { entries } = listAudit(db, { action: `sso.${reason}` });
  expect(entries, `an audit row sso.${reason}`).toHaveLength(1);
  expect(entries[0]!.address).toBe(ADDRESS);
  return entries[0]!;
}

describe('single sign-on against a real OpenID provider', () => {
  it('creates an account just in time from the claims, and finds it again by subject next time', async () => {
    const first = await signInAs('alice', '/kb?q=vpn');
    if (!first.ok) throw new Error(first.reason);
    expect(first.account).toBe('created');
    expect(first.nextPath).toBe('/kb?q=vpn');
    expect(first.user).toMatchObject({
      email: 'alice@corp.example',
      displayName: 'Alice Ahlberg',
      roles: ['employee'],
      locale: 'de',
      hasPassword: false,
      lastSignInMethod: 'sso',
    });
    const session = validateSessionToken(db, first.token)!;
    expect(session.method).toBe('sso');
    expect(session.absoluteExpiresAt - session.createdAt).toBe(12 * 3_600_000);
    expect(getIdentityOfUser(db, first.user.id)).toMatchObject({ subject: 'alice', linkedHow: 'created' });
    expect(listAudit(db, { action: 'sso.account-created' }).total).toBe(1);

    const again = await signInAs('alice');
    expect(again.ok && again.account).toBe('returning');
    expect(again.ok && again.user.id).toBe(first.user.id);
  });

  it('gives the agent role and tier from a group, and takes it away when the group is gone', async () => {
    const first = await signInAs('bob');
    expect(first.ok && first.user).toMatchObject({ roles: ['agent', 'employee'], agentTier: 2 });
    provider.setUsers({ ...USERS, bob: { ...USERS.bob!, groups: ['staff'] } });
    const second = await signInAs('bob');
    expect(second.ok && second.user).toMatchObject({ roles: ['employee'], agentTier: null });
    const change = listAudit(db, { action: 'sso.roles' }).entries[0]!;
    expect(JSON.parse(change.detail!)).toMatchObject({ to: { roles: ['employee'], agentTier: null } });
  });

  it('links an existing password account once when the provider has verified the e-mail (audited)', async () => {
    const existing = await createUser(db, {
      email: 'Carol@corp.example',
      displayName: 'Carol',
      roles: ['employee'],
      password: 'violet harbour lamps 7',
    });
    const linked = await signInAs('carol');
    if (!linked.ok) throw new Error(linked.reason);
    expect(linked.account).toBe('linked');
    expect(linked.user.id).toBe(existing.id);
    expect(linked.user.roles).toEqual(['employee', 'manager']);
    expect(linked.user.hasPassword).toBe(true);
    const audit = listAudit(db, { action: 'sso.link' }).entries;
    expect(audit).toHaveLength(1);
    expect(audit[0]!.target).toBe('carol@corp.example');
    const again = await signInAs('carol');
    expect(again.ok && again.account).toBe('returning');
    expect(listAudit(db, { action: 'sso.link' }).total).toBe(1);
  });

  it('refuses to join an unverified e-mail to an existing account', async () => {
    await createUser(db, {
      email: 'dave@corp.example',
      displayName: 'Dave',
      roles: ['admin'],
      password: 'violet harbour lamps 7',
    });
    expectRefused(await signInAs('dave'), 'email-unverified');
    expect(getIdentityOfUser(db, getUserByEmail(db, 'dave@corp.example')!.id)).toBeNull();
  });

  it('never links a break-glass account, and refuses a disabled one', async () => {
    const admin = await createUser(db, {
      email: 'erin@corp.example',
      displayName: 'Erin',
      roles: ['admin'],
      password: 'violet harbour lamps 7',
    });
    setBreakGlass(db, admin.id, true);
    expectRefused(await signInAs('erin'), 'break-glass');
    const bob = await signInAs('bob');
    setUserDisabled(db, bob.ok ? bob.user.id : 0, true);
    expectRefused(await signInAs('bob'), 'disabled');
  });

  it('refuses a callback without the browser session that started it', async () => {
    const { callbackUrl } = await toCallback('alice');
    expectRefused(
      await completeSsoSignIn(db, oidc, { callbackUrl, browserToken: null, address: ADDRESS }),
      'no-login',
    );
    expectRefused(
      await completeSsoSignIn(db, oidc, { callbackUrl, browserToken: 'forged-value', address: ADDRESS }),
      'no-login',
    );
  });

  it('refuses a wrong state', async () => {
    const { callbackUrl, browserToken } = await toCallback('alice');
    callbackUrl.searchParams.set('state', 'not-the-state');
    expectRefused(
      await completeSsoSignIn(db, oidc, { callbackUrl, browserToken, address: ADDRESS }),
      'state-mismatch',
    );
  });

  it('refuses a replayed callback, in the same browser or in another sign-in', async () => {
    const { callbackUrl, browserToken } = await toCallback('alice');
    expect((await completeSsoSignIn(db, oidc, { callbackUrl, browserToken, address: ADDRESS })).ok).toBe(
      true,
    );
    expect(await completeSsoSignIn(db, oidc, { callbackUrl, browserToken, address: ADDRESS })).toEqual({
      ok: false,
      reason: 'replayed',
    });
    const other = await beginSsoSignIn(db, oidc, { nextPath: '/', address: ADDRESS });
    expect(
      await completeSsoSignIn(db, oidc, {
        callbackUrl,
        browserToken: other.ok ? other.browserToken : '',
        address: ADDRESS,
      }),
    ).toEqual({ ok: false, reason: 'replayed' });
    expect(listAudit(db, { action: 'sso.replayed' }).total).toBeGreaterThanOrEqual(1);
  });

  it('refuses a code used twice (the provider says invalid_grant)', async () => {
    const first = await toCallback('alice');
    expect((await completeSsoSignIn(db, oidc, { ...first, address: ADDRESS })).ok).toBe(true);
    // A new sign-in in this browser, answered with the first sign-in's (spent) code.
    const second = await beginSsoSignIn(db, oidc, { nextPath: '/', address: ADDRESS });
    if (!second.ok) throw new Error(second.reason);
    const forged = new URL(first.callbackUrl);
    forged.searchParams.set('state', new URL(second.authorizationUrl).searchParams.get('state')!);
    const entry = expectRefused(
      await completeSsoSignIn(db, oidc, {
        callbackUrl: forged,
        browserToken: second.browserToken,
        address: ADDRESS,
      }),
      'code-rejected',
    );
    expect(entry.detail).toContain('invalid_grant');
  });

  const doctored: Array<
    [
      string,
      Parameters<NonNullable<TestProvider['tamper']>> extends [infer T]
        ? (t: T) => ReturnType<NonNullable<TestProvider['tamper']>>
        : never,
      RegExp,
    ]
  > = [
    [
      'a wrong nonce',
      ({ header, payload }) => ({ header, payload: { ...payload, nonce: 'attacker' }, signWith: 'provider' }),
      /nonce/i,
    ],
    [
      'a key the provider never published',
      ({ header, payload }) => ({ header, payload, signWith: 'unknown' }),
      /key/i,
    ],
    [
      'alg none',
      ({ payload }) => ({ header: { alg: 'none', typ: 'JWT' }, payload, signWith: 'none' }),
      /alg|none|signature/i,
    ],
    [
      'a wrong audience',
      ({ header, payload }) => ({
        header,
        payload: { ...payload, aud: 'another-client' },
        signWith: 'provider',
      }),
      /aud/i,
    ],
    [
      'an expired token',
      ({ header, payload }) => {
        const now = Math.floor(Date.now() / 1000);
        return { header, payload: { ...payload, iat: now - 7200, exp: now - 3600 }, signWith: 'provider' };
      },
      /exp/i,
    ],
    [
      'another issuer',
      ({ header, payload }) => ({
        header,
        payload: { ...payload, iss: 'https://evil.example' },
        signWith: 'provider',
      }),
      /iss/i,
    ],
  ];
  for (const [name, tamper, why] of doctored) {
    it(`refuses an ID token with ${name}`, async () => {
      const { callbackUrl, browserToken } = await toCallback('alice');
      provider.tamper = tamper;
      const entry = expectRefused(
        await completeSsoSignIn(db, oidc, { callbackUrl, browserToken, address: ADDRESS }),
        'token-rejected',
      );
      expect(entry.detail).toMatch(why);
      expect(getUserByEmail(db, 'alice@corp.example')).toBeNull();
    });
  }

  it('says the provider is unavailable when it is down', async () => {
    // A port nothing listens on (taken from the system, then let go).
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const down = { ...oidc, issuer: `http://localhost:${port}` };
    expect(await beginSsoSignIn(db, down, { nextPath: '/', address: ADDRESS })).toEqual({
      ok: false,
      reason: 'provider-unavailable',
    });
    expect(listAudit(db, { action: 'sso.provider-unavailable' }).total).toBe(1);
  });

  it('gives up on a slow provider after OIDC_TIMEOUT_SECONDS, at discovery and at the token exchange', async () => {
    // The provider would answer after 6 s: an answer (ok) would mean the client waited past its 1 s.
    oidc = { ...oidc, timeoutSeconds: 1 };
    forgetProviderConfigurations();
    provider.delayMs = 6_000;
    expect(await beginSsoSignIn(db, oidc, { nextPath: '/', address: ADDRESS })).toEqual({
      ok: false,
      reason: 'provider-unavailable',
    });
    provider.delayMs = 0;
    const { callbackUrl, browserToken } = await toCallback('alice');
    provider.delayMs = 6_000;
    expect(await completeSsoSignIn(db, oidc, { callbackUrl, browserToken, address: ADDRESS })).toEqual({
      ok: false,
      reason: 'provider-unavailable',
    });
    provider.delayMs = 0;
    // Both refusals are audited. Repeats from one address share a row per clock minute (with a count),
    // so the two are one row or, when the test runs across a minute's end, two.
    const { entries } = listAudit(db, { action: 'sso.provider-unavailable' });
    expect(entries.reduce((sum, e) => sum + e.count, 0)).toBe(2);
    expect(entries.every((e) => e.address === ADDRESS)).toBe(true);
  });

  it('follows a key rotation: a token signed by a newly published key is accepted', async () => {
    expect((await signInAs('alice')).ok).toBe(true); // the keys are fetched and cached
    const before = provider.currentKid();
    await provider.rotateKeys({ keepOld: false });
    expect(provider.currentKid()).not.toBe(before);
    // openid-client fetches the key set again for an unknown key at most once a minute (so a flood of
    // forged key ids cannot make it hammer the provider): a key used before it was published is refused
    // within that minute, and accepted after it.
    expectRefused(await signInAs('alice'), 'token-rejected');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 61_000);
    const after = await signInAs('alice');
    expect(after.ok).toBe(true);
  });

  it('maps groups to roles: everyone is an employee, the highest agent tier wins', () => {
    const map = parseRoleMap(ROLE_MAP)!;
    expect(rolesFromGroups([], map)).toEqual({ roles: ['employee'], agentTier: null });
    expect(rolesFromGroups(['it-servicedesk-t1', 'it-servicedesk-t2', 'nobody'], map)).toEqual({
      roles: ['agent', 'employee'],
      agentTier: 2,
    });
    expect(rolesFromGroups(['it-managers', 'it-admins'], map).roles).toEqual([
      'admin',
      'employee',
      'manager',
    ]);
  });
});
