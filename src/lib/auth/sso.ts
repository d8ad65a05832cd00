import * as oidcClient from 'openid-client';
import { z } from 'zod';
import type { OidcConfig, RoleGrant } from '#lib/config/config.ts';
import { getLogger } from '#lib/config/log.ts';
import type { Db } from '#lib/db/db.ts';
import { recordAudit, recordRepeatedAudit } from './audit.ts';
import { getIdentityBySubject, getIdentityOfUser, linkIdentity, updateIdentityClaims } from './identities.ts';
import type { Role } from './roles.ts';
import { createSession, generateSessionToken, type Session } from './sessions.ts';
import {
  generateBrowserToken,
  isUsedSsoState,
  savePendingSsoLogin,
  takePendingSsoLogin,
} from './sso-logins.ts';
import {
  createPasswordlessUser,
  getUserByEmail,
  getUserById,
  recordSignIn,
  setUserRoles,
  updateProfile,
  type User,
} from './users.ts';

/** Why a single sign-on did not end in a session; each has its own sentence in the web layer. */
export type SsoFailure =
  /** The callback came without the cookie set when the person left for the provider. */
  | 'no-login'
  /** The person took longer than ten minutes at the provider. */
  | 'expired'
  /** A callback for a sign-in that has already come back once. */
  | 'replayed'
  /** The callback's state is not the one this browser was sent with. */
  | 'state-mismatch'
  /** The provider answered with an error (the person cancelled, or the provider refused). */
  | 'provider-error'
  /** The provider could not be reached, or did not answer in time. */
  | 'provider-unavailable'
  /** The provider refused the code: used before, expired, or not issued for this sign-in. */
  | 'code-rejected'
  /** The ID token failed validation: signature, key, algorithm, issuer, audience, expiry or nonce. */
  | 'token-rejected'
  /** The token carries no usable e-mail address. */
  | 'no-email'
  /** An account with this e-mail exists, but the provider has not verified the address. */
  | 'email-unverified'
  /** The e-mail belongs to an account already linked to another identity at the provider. */
  | 'identity-conflict'
  /** The e-mail belongs to a break-glass account, which signs in with its password only. */
  | 'break-glass'
  /** The account is disabled in Fixpoint. */
  | 'disabled';

export type SsoBegin =
  | { ok: true; authorizationUrl: string; browserToken: string; expiresAt: number }
  | { ok: false; reason: 'provider-unavailable' };

export type SsoOutcome =
  | {
      ok: true;
      user: User;
      token: string;
      session: Session;
      nextPath: string;
      /** created: a new account; linked: an existing password account was linked now; returning otherwise. */
      account: 'created' | 'linked' | 'returning';
    }
  | { ok: false; reason: SsoFailure };

// ---------- the provider's configuration (discovery), one per process and client

const DISCOVERY_TTL_MS = 60 * 60_000;
const discovered = new Map<string, { at: number; config: oidcClient.Configuration }>();

/** http is accepted for a provider on this machine only (tests, a local Keycloak); anything else needs https. */
function isLoopback(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/**
 * The provider's metadata and keys through discovery, cached for an hour per process; a failure is not
 * cached, so the next attempt asks again. Throws when the provider is down or slow (OIDC_TIMEOUT_SECONDS).
 */
export async function getProviderConfiguration(oidc: OidcConfig): Promise<oidcClient.Configuration> {
  const key = `${oidc.issuer}|${oidc.clientId}|${oidc.clientSecret ?? ''}|${oidc.timeoutSeconds}`;
  const cached = discovered.get(key);
  if (cached && Date.now() - cached.at < DISCOVERY_TTL_MS) return cached.config;
  const issuer = new URL(oidc.issuer);
  const config = await oidcClient.discovery(
    issuer,
    oidc.clientId,
    { id_token_signed_response_alg: 'RS256' },
    oidc.clientSecret ? oidcClient.ClientSecretBasic(oidc.clientSecret) : oidcClient.None(),
    {
      timeout: oidc.timeoutSeconds,
      // The ID token's signature is checked against the provider's published keys even though it came
      // straight from the token endpoint (openid-client skips that by default, trusting TLS alone).
      execute: [
        oidcClient.enableNonRepudiationChecks,
        ...(issuer.protocol === 'http:' && isLoopback(issuer) ? [oidcClient.allowInsecureRequests] : []),
      ],
    },
  );
  discovered.set(key, { at: Date.now(), config });
  return config;
}

/** Forgets discovered providers (tests that restart a provider on the same address). */
export function forgetProviderConfigurations(): void {
  discovered.clear();
}

// ---------- leaving for the provider

/**
 * Starts a sign-in: a state, a nonce and a PKCE verifier kept server-side behind a random browser
 * token (set as a short-lived cookie by the caller), and the provider's authorization URL.
 */
export async function beginSsoSignIn(
  db: Db,
  oidc: OidcConfig,
  input: { nextPath: string; address: string },
): Promise<SsoBegin> {
  let config: oidcClient.Configuration;
  try {
    config = await getProviderConfiguration(oidc);
  } catch (error) {
    auditFailure(db, input.address, 'provider-unavailable', {
      step: 'discovery',
      error: describeError(error),
    });
    return { ok: false, reason: 'provider-unavailable' };
  }
  const browserToken = generateBrowserToken();
  const codeVerifier = oidcClient.randomPKCECodeVerifier();
  const pending = savePendingSsoLogin(db, browserToken, {
    state: oidcClient.randomState(),
    nonce: oidcClient.randomNonce(),
    codeVerifier,
    nextPath: input.nextPath,
  });
  const authorizationUrl = oidcClient.buildAuthorizationUrl(config, {
    redirect_uri: oidc.redirectUri,
    scope: oidc.scopes,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await oidcClient.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  });
  return { ok: true, authorizationUrl: authorizationUrl.href, browserToken, expiresAt: pending.expiresAt };
}

// ---------- coming back

const Claims = z.object({
  sub: z.string().min(1).max(255),
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()).optional().catch(undefined),
  // Some providers send "true" as a string.
  email_verified: z
    .union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')])
    .optional()
    .catch(undefined),
  // Entra ID's optional claim: the e-mail's domain is verified by its owner (Entra sends no email_verified).
  xms_edov: z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')])
    .optional()
    .catch(undefined),
  name: z.string().trim().max(200).optional().catch(undefined),
  given_name: z.string().trim().max(100).optional().catch(undefined),
  family_name: z.string().trim().max(100).optional().catch(undefined),
  preferred_username: z.string().trim().max(200).optional().catch(undefined),
  locale: z.string().trim().max(35).optional().catch(undefined),
});
type ProviderClaims = z.infer<typeof Claims>;

const LOCALES = ['en', 'de', 'it'];

/** "de-CH" → "de"; only the portal's languages. */
function localeOf(claims: ProviderClaims): string | null {
  const language = claims.locale?.toLowerCase().split(/[-_]/)[0] ?? '';
  return LOCALES.includes(language) ? language : null;
}

function displayNameOf(claims: ProviderClaims, email: string): string {
  const joined = [claims.given_name, claims.family_name].filter(Boolean).join(' ');
  const name = claims.name || joined || claims.preferred_username || email.split('@')[0] || email;
  return name.slice(0, 100);
}

/** The groups claim as a list of names (a single string counts as one group). */
export function groupsOf(claims: Record<string, unknown>, claimName: string): string[] {
  const value = claims[claimName];
  const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return list.filter((g): g is string => typeof g === 'string' && g.length <= 200).slice(0, 500);
}

/** Roles and tier from groups through OIDC_ROLE_MAP: everyone is at least an employee; the highest agent tier wins. */
export function rolesFromGroups(
  groups: string[],
  roleMap: Map<string, RoleGrant>,
): { roles: Role[]; agentTier: number | null } {
  const grants = groups.flatMap((group) => {
    const grant = roleMap.get(group);
    return grant ? [grant] : [];
  });
  const roles = [...new Set<Role>(['employee', ...grants.map((g) => g.role)])].sort();
  const tiers = grants.filter((g) => g.role === 'agent' && g.tier).map((g) => g.tier!);
  return { roles, agentTier: roles.includes('agent') ? Math.max(1, ...tiers) : null };
}

function describeError(error: unknown): Record<string, unknown> {
  const e = error as { name?: string; message?: string; code?: string; error?: string; cause?: unknown };
  const cause = e.cause as { name?: string; message?: string; code?: string } | undefined;
  return {
    name: e?.name,
    code: e?.code,
    error: typeof e?.error === 'string' ? e.error : undefined,
    message: String(e?.message ?? error).slice(0, 300),
    cause:
      cause && typeof cause === 'object'
        ? `${cause.name ?? ''} ${cause.code ?? ''} ${cause.message ?? ''}`.trim().slice(0, 300)
        : undefined,
  };
}

/** Network trouble (refused, reset, DNS, timeout) rather than an answer. */
function isUnreachable(error: unknown): boolean {
  for (
    let e = error as { name?: string; code?: string; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    depth++
  ) {
    if (['TimeoutError', 'AbortError'].includes(e.name ?? '')) return true;
    if (e.name === 'TypeError' && /fetch failed/.test(String((e as Error).message))) return true;
    if (/^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|UND_ERR_)/.test(e.code ?? '')) return true;
    e = e.cause as typeof e;
  }
  return false;
}

/** What went wrong in the code exchange and token validation, as one of the failures. */
function classifyGrantError(error: unknown): SsoFailure {
  if (error instanceof oidcClient.AuthorizationResponseError) return 'provider-error';
  if (error instanceof oidcClient.ResponseBodyError)
    return error.error === 'invalid_grant' ? 'code-rejected' : 'provider-error';
  if (isUnreachable(error)) return 'provider-unavailable';
  return 'token-rejected';
}

function auditFailure(
  db: Db,
  address: string,
  reason: SsoFailure,
  detail: Record<string, unknown> = {},
): void {
  // Anyone can call the callback as often as they like: one row per reason, address and minute.
  recordRepeatedAudit(db, {
    actor: 'anonymous',
    action: `sso.${reason}`,
    address,
    detail: { reason, ...detail },
  });
  getLogger().warn({ reason, ...detail }, 'single sign-on refused');
}

/**
 * Finishes a sign-in at the callback: checks the browser's pending sign-in and its state, exchanges the
 * code (PKCE) and validates the ID token (signature from the provider's keys, issuer, audience, expiry,
 * nonce) through openid-client, then finds, links or creates the account, applies roles from the
 * groups claim, and opens a session that lasts at most OIDC_SESSION_HOURS. Never throws for anything a
 * browser or the provider can send.
 */
export async function completeSsoSignIn(
  db: Db,
  oidc: OidcConfig,
  input: { callbackUrl: URL; browserToken: string | null; address: string },
): Promise<SsoOutcome> {
  const fail = (reason: SsoFailure, detail?: Record<string, unknown>): SsoOutcome => {
    auditFailure(db, input.address, reason, detail);
    return { ok: false, reason };
  };
  const returnedState = input.callbackUrl.searchParams.get('state')?.slice(0, 200) ?? '';
  const pending = input.browserToken ? takePendingSsoLogin(db, input.browserToken) : null;
  if (!pending)
    return isUsedSsoState(db, returnedState)
      ? fail('replayed', { cookie: Boolean(input.browserToken) })
      : fail('no-login');
  if (pending.usedAt !== null) return fail('replayed');
  if (Date.now() > pending.expiresAt) return fail('expired');
  if (returnedState !== pending.state)
    return isUsedSsoState(db, returnedState) ? fail('replayed') : fail('state-mismatch');
  const providerError = input.callbackUrl.searchParams.get('error');
  if (providerError) return fail('provider-error', { error: providerError.slice(0, 100) });

  let config: oidcClient.Configuration;
  try {
    config = await getProviderConfiguration(oidc);
  } catch (error) {
    return fail('provider-unavailable', { step: 'discovery', error: describeError(error) });
  }
  // The URL the provider redirected to, as registered there (behind a proxy the request's own URL differs).
  const currentUrl = new URL(oidc.redirectUri);
  currentUrl.search = input.callbackUrl.search;
  let idToken: string;
  let rawClaims: Record<string, unknown>;
  try {
    const tokens = await oidcClient.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    idToken = tokens.id_token!;
    rawClaims = { ...tokens.claims() };
  } catch (error) {
    const reason = classifyGrantError(error);
    return fail(reason, { step: 'token', error: describeError(error) });
  }
  const claims = Claims.safeParse(rawClaims);
  if (!claims.success)
    return fail('token-rejected', { step: 'claims', error: claims.error.issues[0]?.message });
  const groups = groupsOf(rawClaims, oidc.groupsClaim);
  return signInAs(db, oidc, { claims: claims.data, groups, idToken, pending, address: input.address, fail });
}

type Resolved =
  | { user: User; account: 'created' | 'linked' | 'returning' }
  | { failure: SsoFailure; detail?: Record<string, unknown> };

/** Finds the account behind the identity, links a verified e-mail's account once, or creates one. */
function resolveAccount(db: Db, oidc: OidcConfig, claims: ProviderClaims, groups: string[]): Resolved {
  const known = getIdentityBySubject(db, oidc.issuer, claims.sub);
  if (known) {
    const user = getUserById(db, known.userId);
    if (user) return { user, account: 'returning' };
  }
  if (!claims.email) return { failure: 'no-email' };
  const existing = getUserByEmail(db, claims.email);
  const initial = oidc.roleMap
    ? rolesFromGroups(groups, oidc.roleMap)
    : { roles: ['employee' as Role], agentTier: null };
  if (!existing) {
    const user = createPasswordlessUser(db, {
      email: claims.email,
      displayName: displayNameOf(claims, claims.email),
      locale: localeOf(claims),
      ...initial,
    });
    linkIdentity(db, {
      userId: user.id,
      issuer: oidc.issuer,
      subject: claims.sub,
      email: claims.email,
      groups,
      linkedHow: 'created',
    });
    return { user, account: 'created' };
  }
  if (claims.email_verified !== true && claims.xms_edov !== true)
    return { failure: 'email-unverified', detail: { email: claims.email } };
  if (existing.breakGlass) return { failure: 'break-glass', detail: { email: claims.email } };
  if (getIdentityOfUser(db, existing.id))
    return { failure: 'identity-conflict', detail: { email: claims.email } };
  linkIdentity(db, {
    userId: existing.id,
    issuer: oidc.issuer,
    subject: claims.sub,
    email: claims.email,
    groups,
    linkedHow: 'linked',
  });
  return { user: existing, account: 'linked' };
}

function signInAs(
  db: Db,
  oidc: OidcConfig,
  input: {
    claims: ProviderClaims;
    groups: string[];
    idToken: string;
    pending: { nextPath: string };
    address: string;
    fail: (reason: SsoFailure, detail?: Record<string, unknown>) => SsoOutcome;
  },
): SsoOutcome {
  const { claims, groups } = input;
  // IMMEDIATE: the write lock from the first read, so two web workers finishing the same person's first
  // sign-in at once cannot both decide to create the account.
  const resolved = db
    .transaction((): Resolved => {
      const found = resolveAccount(db, oidc, claims, groups);
      if ('failure' in found || found.user.disabled) return found;
      const user = found.user;
      updateProfile(db, user.id, {
        displayName: displayNameOf(claims, user.email),
        locale: localeOf(claims),
      });
      updateIdentityClaims(db, user.id, { email: claims.email ?? null, groups });
      if (oidc.roleMap) {
        const wanted = rolesFromGroups(groups, oidc.roleMap);
        const changed =
          wanted.roles.join(',') !== user.roles.join(',') ||
          (wanted.agentTier ?? null) !== (user.agentTier ?? null);
        if (changed) {
          setUserRoles(db, user.id, wanted.roles, wanted.agentTier, { endSessions: false });
          recordAudit(db, {
            actor: `provider ${oidc.issuer}`.slice(0, 300),
            action: 'sso.roles',
            target: user.email,
            address: input.address,
            detail: { from: { roles: user.roles, tier: user.agentTier }, to: wanted, groups },
          });
        }
      }
      if (found.account === 'linked')
        recordAudit(db, {
          actor: `user:${user.id} ${user.email}`,
          action: 'sso.link',
          target: user.email,
          address: input.address,
          detail: { issuer: oidc.issuer, subject: claims.sub },
        });
      if (found.account === 'created')
        recordAudit(db, {
          actor: `user:${user.id} ${user.email}`,
          action: 'sso.account-created',
          target: user.email,
          address: input.address,
          detail: { issuer: oidc.issuer, subject: claims.sub },
        });
      return { user: getUserById(db, user.id)!, account: found.account };
    })
    .immediate();
  if ('failure' in resolved) return input.fail(resolved.failure, resolved.detail);
  if (resolved.user.disabled) return input.fail('disabled', { email: resolved.user.email });
  const token = generateSessionToken();
  const session = db.transaction(() => {
    recordSignIn(db, resolved.user.id, 'sso');
    recordAudit(db, {
      actor: `user:${resolved.user.id} ${resolved.user.email}`,
      action: 'signin.success',
      target: resolved.user.email,
      address: input.address,
      detail: { method: 'sso', account: resolved.account },
    });
    return createSession(db, token, resolved.user.id, Date.now(), {
      method: 'sso',
      maxMs: oidc.sessionMs,
      idToken: input.idToken,
    });
  })();
  return {
    ok: true,
    user: getUserById(db, resolved.user.id)!,
    token,
    session,
    nextPath: input.pending.nextPath,
    account: resolved.account,
  };
}

/**
 * Where to send a person who signs out of an SSO session: the provider's end_session_endpoint with
 * the ID token as a hint, so they are signed out there too (RP-initiated logout). Null when the
 * provider offers none or cannot be reached (the local sign-out stands on its own).
 */
export async function providerLogoutUrl(oidc: OidcConfig, idToken: string | null): Promise<string | null> {
  try {
    const config = await getProviderConfiguration(oidc);
    if (!config.serverMetadata().end_session_endpoint) return null;
    const parameters: Record<string, string> = {
      post_logout_redirect_uri: oidc.postLogoutRedirectUri,
      client_id: oidc.clientId,
    };
    if (idToken) parameters.id_token_hint = idToken;
    return oidcClient.buildEndSessionUrl(config, parameters).href;
  } catch (error) {
    getLogger().warn({ error: describeError(error) }, 'provider logout unavailable; signed out locally only');
    return null;
  }
}
