import { z } from 'zod';
import type { Db } from '#lib/db/db.ts';
import { msg, type Message, type MessageKey } from '#lib/i18n/translate.ts';
import { fieldErrors } from '#lib/validation/field-errors.ts';
import { createApiToken, revokeApiToken } from './api-tokens.ts';
import { recordAudit } from './audit.ts';
import { getIdentityOfUser } from './identities.ts';
import { checkNewPassword } from './passwords.ts';
import { describePrincipal, type Principal, ROLES, RoleSchema } from './roles.ts';
import {
  clearMailFailing,
  createUser,
  EmailSchema,
  EmailTakenError,
  getUserById,
  setBreakGlass,
  setUserDisabled,
  setUserPassword,
  setUserRoles,
} from './users.ts';

/**
 * What an admin form answers: a confirmation, or messages per field. A message is a Message or a
 * catalogue key (worded where it is shown: `i18n.text`); plain text is shown as it is.
 */
export type AdminResult =
  | { ok: true; message: Message | string; secret?: string }
  | { ok: false; errors: Record<string, Message | string> };

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
  z.array(RoleSchema).min(1, 'admin.chooseRoles' satisfies MessageKey),
);
const TierField = z.preprocess(
  (v) => (v === '' || v == null ? null : v),
  z.coerce.number().int().min(1).max(3).nullable(),
);

/**
 * The create-account form's own fields, with catalogue keys as messages; createUser checks the same rules
 * again (and the password) for every other caller.
 */
const AccountFields = z.object({
  email: z
    .string()
    .trim()
    .max(254, 'admin.emailTooLong' satisfies MessageKey)
    .pipe(z.email('admin.emailInvalid' satisfies MessageKey)),
  displayName: z
    .string()
    .trim()
    .min(1, 'admin.nameRequired' satisfies MessageKey)
    .max(100, 'admin.nameTooLong' satisfies MessageKey),
  roles: RolesField,
  agentTier: TierField,
});

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
  // Every field's problem at once: the form's own checks, and the password's (createUser checks both again).
  const fields = AccountFields.safeParse(input);
  const errors: Record<string, Message | string> = fields.success ? {} : fieldErrors(fields.error);
  if (fields.success && fields.data.roles.includes('agent') && fields.data.agentTier === null)
    errors.agentTier = 'admin.agentsNeedTier';
  const weak = checkNewPassword(input.password, { email: input.email.trim() });
  if (weak) errors.password ??= weak;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  try {
    const user = await createUser(db, {
      email: input.email,
      displayName: input.displayName,
      roles: roles.success ? roles.data : [],
      agentTier: tier.success ? tier.data : null,
      password: input.password,
    });
    audit(db, actor, 'user.create', user.email, { roles: user.roles, tier: user.agentTier });
    return { ok: true, message: msg('admin.accountCreated', { email: user.email }) };
  } catch (error) {
    if (error instanceof z.ZodError) return { ok: false, errors: fieldErrors(error) };
    if (error instanceof EmailTakenError)
      return {
        ok: false,
        errors: { email: msg('admin.emailTaken', { email: EmailSchema.parse(input.email) }) },
      };
    throw error;
  }
}

const RolesForm = z
  .object({ roles: RolesField, agentTier: TierField })
  .refine((f) => !f.roles.includes('agent') || f.agentTier !== null, {
    path: ['agentTier'],
    message: 'admin.agentsNeedTier' satisfies MessageKey,
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
  if (!user) return { ok: false, errors: { form: msg('admin.noSuchAccount') } };
  if (options.providerRoles && getIdentityOfUser(db, userId))
    return {
      ok: false,
      errors: {
        roles: msg('admin.rolesFromProviderRefused', {
          email: user.email,
          provider: options.providerRoles.providerName,
        }),
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
        roles: msg('admin.ownAdminRole'),
      },
    };
  }
  setUserRoles(db, userId, parsed.data.roles, parsed.data.agentTier);
  audit(db, actor, 'user.roles', user.email, {
    from: { roles: user.roles, tier: user.agentTier },
    to: parsed.data,
  });
  return { ok: true, message: msg('admin.rolesSaved', { email: user.email }) };
}

export function changeDisabled(db: Db, actor: Actor, userId: number, disabled: boolean): AdminResult {
  const user = getUserById(db, userId);
  if (!user) return { ok: false, errors: { form: msg('admin.noSuchAccount') } };
  if (disabled && actor.principal.kind === 'user' && actor.principal.id === userId)
    return { ok: false, errors: { form: msg('admin.ownAccount') } };
  setUserDisabled(db, userId, disabled);
  audit(db, actor, disabled ? 'user.disable' : 'user.enable', user.email);
  return {
    ok: true,
    message: msg(disabled ? 'admin.accountDisabled' : 'admin.accountEnabled', { email: user.email }),
  };
}

/** Marks or unmarks a break-glass account (password sign-in under SSO_ONLY); only unlinked accounts with a password. */
export function changeBreakGlass(db: Db, actor: Actor, userId: number, breakGlass: boolean): AdminResult {
  const user = getUserById(db, userId);
  if (!user) return { ok: false, errors: { form: msg('admin.noSuchAccount') } };
  if (breakGlass && getIdentityOfUser(db, userId))
    return {
      ok: false,
      errors: { form: msg('admin.breakGlassLinked') },
    };
  if (breakGlass && !user.hasPassword)
    return { ok: false, errors: { form: msg('admin.breakGlassNoPassword') } };
  setBreakGlass(db, userId, breakGlass);
  audit(db, actor, breakGlass ? 'user.break-glass' : 'user.break-glass-removed', user.email);
  return {
    ok: true,
    message: msg(breakGlass ? 'admin.breakGlassSet' : 'admin.breakGlassRemoved', { email: user.email }),
  };
}

/** Clears a bounced address's mark: Fixpoint mails it again (until it bounces again). */
export function clearFailingAddress(db: Db, actor: Actor, userId: number): AdminResult {
  const user = getUserById(db, userId);
  if (!user) return { ok: false, errors: { form: msg('admin.noSuchAccount') } };
  if (!clearMailFailing(db, userId)) return { ok: false, errors: { form: msg('email.notFailing') } };
  audit(db, actor, 'user.mail-failing-cleared', user.email);
  return { ok: true, message: msg('email.failingCleared', { email: user.email }) };
}

export async function resetPassword(
  db: Db,
  actor: Actor,
  userId: number,
  password: string,
): Promise<AdminResult> {
  const user = getUserById(db, userId);
  if (!user) return { ok: false, errors: { form: msg('admin.noSuchAccount') } };
  const problem = checkNewPassword(password, { email: user.email });
  if (problem) return { ok: false, errors: { password: problem } };
  await setUserPassword(db, userId, password);
  audit(db, actor, 'user.password-reset', user.email);
  return { ok: true, message: msg('admin.passwordSet', { email: user.email }) };
}

const TokenForm = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'admin.tokenNameRequired' satisfies MessageKey)
    .max(80, 'admin.tokenNameTooLong' satisfies MessageKey),
  role: z.enum(ROLES, { error: 'admin.chooseRole' satisfies MessageKey }),
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
    message: msg('admin.tokenCreated', { name: parsed.data.name }),
    secret: token,
  };
}

export function withdrawApiToken(db: Db, actor: Actor, tokenId: unknown): AdminResult {
  const id = z.coerce.number().int().positive().safeParse(tokenId);
  if (!id.success || !revokeApiToken(db, id.data))
    return { ok: false, errors: { form: msg('admin.tokenGone') } };
  audit(db, actor, 'token.revoke', `token:${id.data}`);
  return { ok: true, message: msg('admin.tokenRevoked') };
}
