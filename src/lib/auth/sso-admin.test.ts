import { describe, expect, it } from 'vitest';
import { testDatabase } from '#test/db.ts';
import { changeBreakGlass, changeRoles } from './admin.ts';
import { listAudit } from './audit.ts';
import { translate } from '#lib/i18n/translate.ts';
import { linkIdentity } from './identities.ts';
import type { Principal } from './roles.ts';
import { signIn } from './sign-in.ts';
import { createPasswordlessUser, createUser, getPasswordHash, getUserById } from './users.ts';

const PASSWORD = 'quiet river stones 9';
const admin: Principal = {
  kind: 'user',
  id: 999,
  email: 'root@example.com',
  displayName: 'Root',
  roles: ['admin'],
  agentTier: null,
};
const actor = { principal: admin, address: '10.0.0.9' };

async function setup() {
  const db = testDatabase();
  const linked = await createUser(db, {
    email: 'lin@example.com',
    displayName: 'Lin',
    roles: ['employee'],
    password: PASSWORD,
  });
  linkIdentity(db, {
    userId: linked.id,
    issuer: 'https://idp.example',
    subject: 's-1',
    email: linked.email,
    groups: [],
    linkedHow: 'linked',
  });
  const local = await createUser(db, {
    email: 'loc@example.com',
    displayName: 'Loc',
    roles: ['admin'],
    password: PASSWORD,
  });
  const passwordless = createPasswordlessUser(db, {
    email: 'sso@example.com',
    displayName: 'Sso',
    locale: null,
    roles: ['employee'],
    agentTier: null,
  });
  return { db, linked, local, passwordless };
}

describe('accounts under single sign-on', () => {
  it('refuses hand-set roles for linked accounts when the provider owns roles, and allows them otherwise', async () => {
    const { db, linked, local } = await setup();
    const providerRoles = { providerName: 'Contoso ID' };
    const refused = changeRoles(
      db,
      actor,
      linked.id,
      { roles: ['admin'], agentTier: null },
      { providerRoles },
    );
    expect(refused).toEqual({
      ok: false,
      errors: {
        roles: {
          key: 'admin.rolesFromProviderRefused',
          values: { email: linked.email, provider: 'Contoso ID' },
        },
      },
    });
    expect(translate('en', 'admin.rolesFromProviderRefused', { email: 'a', provider: 'b' })).toContain(
      'groups at every sign-in',
    );
    expect(getUserById(db, linked.id)!.roles).toEqual(['employee']);
    expect(
      changeRoles(db, actor, local.id, { roles: ['admin', 'manager'], agentTier: null }, { providerRoles })
        .ok,
    ).toBe(true);
    // Without OIDC_ROLE_MAP the provider does not own roles: an admin sets them.
    expect(changeRoles(db, actor, linked.id, { roles: ['manager'], agentTier: null }).ok).toBe(true);
  });

  it('marks only unlinked accounts with a password as break-glass, audited', async () => {
    const { db, linked, local, passwordless } = await setup();
    expect(changeBreakGlass(db, actor, linked.id, true).ok).toBe(false);
    expect(changeBreakGlass(db, actor, passwordless.id, true).ok).toBe(false);
    expect(changeBreakGlass(db, actor, local.id, true).ok).toBe(true);
    expect(getUserById(db, local.id)!.breakGlass).toBe(true);
    expect(listAudit(db, { action: 'user.break-glass' }).total).toBe(1);
  });

  it('under SSO_ONLY lets only break-glass accounts sign in with a password, after checking it', async () => {
    const { db, linked, local } = await setup();
    changeBreakGlass(db, actor, local.id, true);
    const refused = await signIn(db, {
      email: linked.email,
      password: PASSWORD,
      address: '10.0.0.1',
      ssoOnly: true,
    });
    expect(refused).toEqual({ ok: false, reason: 'sso-only' });
    const wrong = await signIn(db, {
      email: linked.email,
      password: 'not it at all',
      address: '10.0.0.1',
      ssoOnly: true,
    });
    expect(wrong).toEqual({ ok: false, reason: 'invalid' });
    const allowed = await signIn(db, {
      email: local.email,
      password: PASSWORD,
      address: '10.0.0.1',
      ssoOnly: true,
    });
    expect(allowed.ok).toBe(true);
    expect(getUserById(db, local.id)!.lastSignInMethod).toBe('password');
  });

  it('an account made through the provider has no password to sign in with', async () => {
    const { db, passwordless } = await setup();
    expect(getPasswordHash(db, passwordless.id)).toBeNull();
    expect(passwordless.hasPassword).toBe(false);
    expect(await signIn(db, { email: passwordless.email, password: '!', address: '10.0.0.2' })).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });
});
