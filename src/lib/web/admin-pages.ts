import { getConfig } from '#lib/config/config.ts';
import { getDb } from '#lib/db/connection.ts';
import { getSlaTargets, replaceSlaTargets } from '#lib/tickets/sla.ts';
import {
  changeBreakGlass,
  changeDisabled,
  changeRoles,
  createAccount,
  issueApiToken,
  resetPassword,
  withdrawApiToken,
  type AdminResult,
} from '#lib/auth/admin.ts';
import { listApiTokens } from '#lib/auth/api-tokens.ts';
import { listAudit, recordAudit } from '#lib/auth/audit.ts';
import { formText as text, readForm } from './http.ts';
import { requirePerson } from './guards.ts';
import { describePrincipal, RoleSchema, type Role } from '#lib/auth/roles.ts';
import { getUserById, listUsers } from '#lib/auth/users.ts';
import { getIdentityOfUser, listIdentities } from '#lib/auth/identities.ts';

/** Roles come from the provider's groups (decision 020): the provider's name, or null when set by hand. */
function providerRoles(): { providerName: string } | undefined {
  const oidc = getConfig().oidc;
  return oidc?.roleMap ? { providerName: oidc.providerName } : undefined;
}

type PageInput = { request: Request; locals: App.Locals; address: string };

/** Runs a form action for an admin; the status is 400 when the form needs fixing. */
async function act(
  input: PageInput,
  action: (
    actor: { principal: ReturnType<typeof requirePerson>; address: string },
    form: FormData,
  ) => AdminResult | Promise<AdminResult>,
) {
  const principal = requirePerson(input.locals, ['admin']);
  if (input.request.method !== 'POST') return { result: null, status: 200, form: null };
  const form = await readForm(input.request);
  const result = await action({ principal, address: input.address }, form);
  return { result, status: result.ok ? 200 : 400, form };
}

function draftFrom(form: FormData) {
  const tier = Number(form.get('agentTier'));
  return {
    email: String(form.get('email') ?? '').slice(0, 254),
    displayName: String(form.get('displayName') ?? '').slice(0, 100),
    roles: form.getAll('roles').filter((r): r is Role => RoleSchema.safeParse(r).success),
    agentTier: [1, 2, 3].includes(tier) ? tier : null,
  };
}

/** /admin: the accounts list and the create-account form (kept filled in when it needs fixing). */
export async function accountsPage(input: PageInput) {
  const db = getDb();
  const { result, status, form } = await act(input, (actor, f) =>
    createAccount(db, actor, {
      email: text(f, 'email'),
      displayName: text(f, 'displayName'),
      roles: f.getAll('roles'),
      agentTier: f.get('agentTier'),
      password: text(f, 'password'),
    }),
  );
  const identities = listIdentities(db);
  return {
    result,
    status,
    users: listUsers(db).map((user) => ({ ...user, identity: identities.get(user.id) ?? null })),
    providerName: getConfig().oidc?.providerName ?? null,
    draft: form && result && !result.ok ? draftFrom(form) : null,
  };
}

/** /admin/users/<id>: roles and tier, disable or enable, new password. Null when there is no such user. */
export async function userPage(input: PageInput, id: string | undefined) {
  const db = getDb();
  const userId = /^\d{1,12}$/.test(id ?? '') ? Number(id) : NaN;
  requirePerson(input.locals, ['admin']);
  if (!getUserById(db, userId)) return null;
  const { result, status } = await act(input, (actor, form) => {
    switch (form.get('action')) {
      case 'roles':
        return changeRoles(
          db,
          actor,
          userId,
          { roles: form.getAll('roles'), agentTier: form.get('agentTier') },
          { providerRoles: providerRoles() },
        );
      case 'break-glass':
        return changeBreakGlass(db, actor, userId, true);
      case 'no-break-glass':
        return changeBreakGlass(db, actor, userId, false);
      case 'disable':
        return changeDisabled(db, actor, userId, true);
      case 'enable':
        return changeDisabled(db, actor, userId, false);
      case 'password':
        return resetPassword(db, actor, userId, text(form, 'password'));
      default:
        return { ok: false, errors: { form: 'Unknown action.' } };
    }
  });
  const identity = getIdentityOfUser(db, userId);
  return {
    result,
    status,
    user: getUserById(db, userId)!,
    identity,
    providerName: getConfig().oidc?.providerName ?? null,
    rolesFromProvider: Boolean(identity && providerRoles()),
    self: input.locals.principal?.kind === 'user' && input.locals.principal.id === userId,
  };
}

/** /admin/tokens: API tokens, create and revoke. */
export async function tokensPage(input: PageInput) {
  const db = getDb();
  const { result, status } = await act(input, (actor, form) =>
    form.get('action') === 'revoke'
      ? withdrawApiToken(db, actor, form.get('id'))
      : issueApiToken(db, actor, { name: form.get('name') ?? '', role: form.get('role') ?? '' }),
  );
  return { result, status, tokens: listApiTokens(db) };
}

/** /admin/audit: the audit log, newest first, 50 a page; how long entries are kept before they are archived. */
export function auditPage(input: PageInput, params: URLSearchParams) {
  requirePerson(input.locals, ['admin']);
  const page = Math.min(10_000, Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1));
  const { entries, total } = listAudit(getDb(), { limit: 50, offset: (page - 1) * 50 });
  const retentionDays = getConfig().auditRetentionDays;
  return { entries, total, page, pages: Math.max(1, Math.ceil(total / 50)), retentionDays };
}

/** /admin/sla: SLA targets per priority. New due times apply to tickets filed or reclassified from now on. */
export async function slaPage(input: PageInput) {
  const db = getDb();
  const { result, status } = await act(input, (actor, form): AdminResult => {
    const before = getSlaTargets(db);
    const saved = replaceSlaTargets(db, (kind, priority) => form.get(`${kind}-${priority}`));
    if (!saved.ok) return saved;
    const after = getSlaTargets(db);
    recordAudit(db, {
      actor: describePrincipal(actor.principal),
      action: 'sla.update',
      address: actor.address,
      detail: { before: [...before.values()], after: [...after.values()] },
    });
    return {
      ok: true,
      message: 'SLA targets saved. They apply to tickets filed or reclassified from now on.',
    };
  });
  return { result, status, targets: [...getSlaTargets(db).values()].sort((a, b) => a.priority - b.priority) };
}
