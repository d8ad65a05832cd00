import { getDb } from '../db/connection.ts';
import { changeDisabled, changeRoles, createAccount, issueApiToken, resetPassword, withdrawApiToken, type AdminResult } from './admin.ts';
import { listApiTokens } from './api-tokens.ts';
import { listAudit } from './audit.ts';
import { readForm } from './forms.ts';
import { requirePerson } from './guards.ts';
import { RoleSchema, type Role } from './roles.ts';
import { getUserById, listUsers } from './users.ts';

type PageInput = { request: Request; locals: App.Locals; address: string };

/** Runs a form action for an admin; the status is 400 when the form needs fixing. */
async function act(input: PageInput, action: (actor: { principal: ReturnType<typeof requirePerson>; address: string }, form: FormData) => AdminResult | Promise<AdminResult>) {
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
  const { result, status, form } = await act(input, (actor, f) => createAccount(db, actor, f));
  return { result, status, users: listUsers(db), draft: form && result && !result.ok ? draftFrom(form) : null };
}

/** /admin/users/<id>: roles and tier, disable or enable, new password. Null when there is no such user. */
export async function userPage(input: PageInput, id: string | undefined) {
  const db = getDb();
  const userId = /^\d{1,12}$/.test(id ?? '') ? Number(id) : NaN;
  requirePerson(input.locals, ['admin']);
  if (!getUserById(db, userId)) return null;
  const { result, status } = await act(input, (actor, form) => {
    switch (form.get('action')) {
      case 'roles': return changeRoles(db, actor, userId, form);
      case 'disable': return changeDisabled(db, actor, userId, true);
      case 'enable': return changeDisabled(db, actor, userId, false);
      case 'password': return resetPassword(db, actor, userId, form);
      default: return { ok: false, errors: { form: 'Unknown action.' } };
    }
  });
  return { result, status, user: getUserById(db, userId)!, self: input.locals.principal?.kind === 'user' && input.locals.principal.id === userId };
}

/** /admin/tokens: API tokens, create and revoke. */
export async function tokensPage(input: PageInput) {
  const db = getDb();
  const { result, status } = await act(input, (actor, form) => (form.get('action') === 'revoke' ? withdrawApiToken(db, actor, form) : issueApiToken(db, actor, form)));
  return { result, status, tokens: listApiTokens(db) };
}

/** /admin/audit: the audit log, newest first, 50 a page. */
export function auditPage(input: PageInput, params: URLSearchParams) {
  requirePerson(input.locals, ['admin']);
  const page = Math.min(10_000, Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1));
  const { entries, total } = listAudit(getDb(), { limit: 50, offset: (page - 1) * 50 });
  return { entries, total, page, pages: Math.max(1, Math.ceil(total / 50)) };
}
