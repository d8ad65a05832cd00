import { z } from 'zod';
import type { Db } from '#lib/db/db.ts';
import { fieldErrors } from '#lib/validation/field-errors.ts';
import { createApiToken, revokeApiToken } from './api-tokens.ts';
import { recordAudit } from './audit.ts';
import { getIdentityOfUser } from './identities.ts';
import { checkNewPassword } from './passwords.ts';
import { describePrincipal, type Principal, RoleSchema } from './roles.ts';
import {
  createUser,
  EmailTakenError,
  getUserById,
  setBreakGlass,
  setUserDisabled,
  setUserPassword,
  setUserRoles,
} from './users.ts';

/** What an admin form answers: a confirmation, or messages per field. */
export type AdminResult =
  { ok: true; message: string; secret?: string } | { ok: false; errors: Record<string, string> };

type Actor = { principal: Principal; address: string };

const audit = (db: Db, actor: Actor, action: string, target: string, detail?: Record<string, unknown>) =>
  recordAudit(db, {
    actor: describePrincipal(actor.principal),
    action,
    target,
    address: actor.address,
    detail,
  });

const RolesField = z.preprocess(
  (v) => (Array.isArray(v) ? v : v ? [v] : []),
  z.array(RoleSchema).min(1, 'Choose at least one role.'),
);
const TierField = z.preprocess(
  (v) => (v === '' || v == null ? null : v),
  z.coerce.number().int().min(1).max(3).nullable(),
);

/** What the create-account form sends; roles and tier are checked here. */
export type NewAccountInput = {
  email: string;
  displayName: string;
  roles: unknown[];
  agentTier: unknown;
  password: string;
};

export async function createAccount(db: Db, actor: Actor, input: NewAccountInput): Promise<AdminResult> {
  const roles = RolesField.safeParse(input.roles);
  const tier = TierField.safeParse(input.agentTier);
  try {
    const user = await createUser(db, {
      email: input.email,
      displayName: input.displayName,
      roles: roles.success ? roles.data : [],
      agentTier: tier.success ? tier.data : null,
      password: input.password,
    });
    audit(db, actor, 'user.create', user.email, { roles: user.roles, tier: user.agentTier });
    return {
      ok: true,
      message: `Created the account ${user.email}. Give them the password through a separate channel.`,
    };
  } catch (error) {
    if (error instanceof z.ZodError) return { ok: false, errors: fieldErrors(error) };
    if (error instanceof EmailTakenError) return { ok: false, errors: { email: error.message } };
    throw error;
  }
}

const RolesForm = z
  .object({ roles: RolesField, agentTier: TierField })
  .refine((f) => !f.roles.includes('agent') || f.agentTier !== null, {
    path: ['agentTier'],
    message: 'Agents need a tier (1, 2 or 3).',
  });

/**
 * Hand-set roles are refused for accounts whose roles come from the provider's groups
 * (`providerRoles`: OIDC_ROLE_MAP is set and the account is linked; decision 020): they would be
 * overwritten at the next sign-in anyway, and the identity provider is where roles are kept.
 */
export function changeRoles(
  db: Db,
  actor: Actor,
  userId: number,
  input: { roles: unknown[]; agentTier: unknown },
  options: { providerRoles?: { providerName: string } } = {},
): AdminResult {
  const user = getUserById(db, userId);
  if (!user) return { ok: false, errors: { form: 'There is no such account.' } };
  if (options.providerRoles && getIdentityOfUser(db, userId))
    return {
      ok: false,
      errors: {
        roles: `${user.email} gets roles from ${options.providerRoles.providerName} groups at every sign-in: change the groups there.`,
      },
    };
  const parsed = RolesForm.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  if (
    actor.principal.kind === 'user' &&
    actor.principal.id === userId &&
    !parsed.data.roles.includes('admin')
  ) {
    return {
      ok: false,
      errors: {
        roles: 'You cannot remove your own admin role: ask another admin, so the site always keeps one.',
      },
    };
  }
  setUserRoles(db, userId, parsed.data.roles, parsed.data.agentTier);
  audit(db, actor, 'user.roles', user.email, {
    from: { roles: user.roles, tier: user.agentTier },
    to: parsed.data,
  });
  return {
    ok: true,
    message: `Saved. ${user.email} is signed out everywhere and gets the new roles at the next sign-in.`,
  };
}

export function changeDisabled(db: Db, actor: Actor, userId: number, disabled: boolean): AdminResult {
  const user = getUserById(db, userId);
  if (!user) return { ok: false, errors: { form: 'There is no such account.' } };
  if (disabled && actor.principal.kind === 'user' && actor.principal.id === userId)
    return { ok: false, errors: { form: 'You cannot disable your own account.' } };
  setUserDisabled(db, userId, disabled);
  audit(db, actor, disabled ? 'user.disable' : 'user.enable', user.email);
  return {
    ok: true,
    message: disabled ? `Disabled ${user.email}; their sessions have ended.` : `Enabled ${user.email}.`,
  };
}

/** Marks or unmarks a break-glass account (password sign-in under SSO_ONLY); only unlinked accounts with a password. */
export function changeBreakGlass(db: Db, actor: Actor, userId: number, breakGlass: boolean): AdminResult {
  const user = getUserById(db, userId);
  if (!user) return { ok: false, errors: { form: 'There is no such account.' } };
  if (breakGlass && getIdentityOfUser(db, userId))
    return {
      ok: false,
      errors: {
        form: 'This account is linked to the identity provider; a break-glass account must not depend on it. Use a separate admin account.',
      },
    };
  if (breakGlass && !user.hasPassword)
    return { ok: false, errors: { form: 'Set a password first: a break-glass account signs in with one.' } };
  setBreakGlass(db, userId, breakGlass);
  audit(db, actor, breakGlass ? 'user.break-glass' : 'user.break-glass-removed', user.email);
  return {
    ok: true,
    message: breakGlass
      ? `${user.email} is a break-glass account: it can sign in with its password even when only single sign-on is allowed.`
      : `${user.email} is no longer a break-glass account.`,
  };
}

export async function resetPassword(
  db: Db,
  actor: Actor,
  userId: number,
  password: string,
): Promise<AdminResult> {
  const user = getUserById(db, userId);
  if (!user) return { ok: false, errors: { form: 'There is no such account.' } };
  const problem = checkNewPassword(password, { email: user.email });
  if (problem) return { ok: false, errors: { password: problem } };
  await setUserPassword(db, userId, password);
  audit(db, actor, 'user.password-reset', user.email);
  return { ok: true, message: `New password set for ${user.email}; their sessions have ended.` };
}

const TokenForm = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Name the integration that will use the token.')
    .max(80, 'Use at most 80 characters.'),
  role: RoleSchema,
});

export function issueApiToken(db: Db, actor: Actor, input: { name: unknown; role: unknown }): AdminResult {
  const parsed = TokenForm.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const { token, id } = createApiToken(db, {
    ...parsed.data,
    createdBy: actor.principal.kind === 'user' ? actor.principal.id : null,
  });
  audit(db, actor, 'token.create', `token:${id} ${parsed.data.name}`, { role: parsed.data.role });
  return {
    ok: true,
    message: `Token "${parsed.data.name}" created. Copy it now: it is not shown again.`,
    secret: token,
  };
}

export function withdrawApiToken(db: Db, actor: Actor, tokenId: unknown): AdminResult {
  const id = z.coerce.number().int().positive().safeParse(tokenId);
  if (!id.success || !revokeApiToken(db, id.data))
    return { ok: false, errors: { form: 'That token does not exist or is already revoked.' } };
  audit(db, actor, 'token.revoke', `token:${id.data}`);
  return { ok: true, message: 'Token revoked; integrations using it are refused from now on.' };
}
