import { getDb } from '#lib/db/connection.ts';
import { getConfig } from '#lib/config/config.ts';
import { getIdentityOfUser, type Identity } from '#lib/auth/identities.ts';
import type { AdminResult } from '#lib/auth/admin.ts';
import { recordAudit } from '#lib/auth/audit.ts';
import { readForm } from './http.ts';
import { requirePerson } from './guards.ts';
import { checkNewPassword, verifyPassword } from '#lib/auth/passwords.ts';
import { describePrincipal } from '#lib/auth/roles.ts';
import { getPasswordHash, setUserPassword } from '#lib/auth/users.ts';
import { getMailOptOuts, MAIL_NOTIFICATION_KINDS, setMailPreferences } from '#lib/mail/preferences.ts';
import type { NotificationKind } from '#lib/notifications/notifications.ts';
import type { Principal } from '#lib/auth/roles.ts';
import type { I18n } from '#lib/i18n/i18n.ts';
import { LOCALE_NAMES, LOCALES } from '#lib/i18n/locales.ts';

type Person = Extract<Principal, { kind: 'user' }>;

/** The mail notifications a person can choose: requesters' for everyone, agents' for agents. */
function mailChoicesFor(person: Person) {
  return MAIL_NOTIFICATION_KINDS.filter((k) => k.audience === 'requester' || person.roles.includes('agent'));
}

/** The e-mail preferences form on /account: each kind with whether it is on. */
export function mailPreferencesView(person: Person) {
  const off = getMailOptOuts(getDb(), person.id);
  return mailChoicesFor(person).map((k) => ({ kind: k.kind, label: k.label, on: !off.has(k.kind) }));
}

/** The language choice on /account: each language in its own words, and the reader's current one. */
export function languageView(i18n: I18n) {
  return {
    current: i18n.locale,
    choices: LOCALES.map((locale) => ({ locale, name: LOCALE_NAMES[locale] })),
    timeZone: i18n.timeZone,
    zoneIsPersonal: i18n.zoneIsPersonal,
  };
}

function saveMailPreferences(person: Person, form: FormData, i18n: I18n) {
  const shown = mailChoicesFor(person).map((k) => k.kind);
  const enabled = new Set(
    form.getAll('mail').filter((v): v is NotificationKind => shown.includes(v as NotificationKind)),
  );
  setMailPreferences(getDb(), person.id, shown, enabled);
  return {
    result: { ok: true as const, message: i18n.t('account.mailSaved') },
    status: 200,
    signedOut: false,
    section: 'mail' as const,
  };
}

/**
 * /account: a person's own details and the change-password form. A changed password ends every
 * session of the account, this one included, so the page then sends them to sign in again.
 */
export async function accountPage(input: {
  request: Request;
  locals: App.Locals;
  address: string;
}): Promise<{ result: AdminResult | null; status: number; signedOut: boolean; section?: 'mail' }> {
  const person = requirePerson(input.locals);
  const { i18n } = input.locals;
  if (input.request.method !== 'POST') return { result: null, status: 200, signedOut: false };
  const db = getDb();
  const form = await readForm(input.request);
  // Mail preferences are everyone's, with or without a password here.
  if (form.get('action') === 'mail-preferences') return saveMailPreferences(person, form, i18n);
  const hash = getPasswordHash(db, person.id);
  if (!hash)
    return {
      result: {
        ok: false,
        errors: { current: i18n.t('account.noPassword') },
      },
      status: 400,
      signedOut: false,
    };
  const current = String(form.get('current') ?? '');
  const next = String(form.get('password') ?? '');
  if (current.length > 512 || !(await verifyPassword(hash, current))) {
    recordAudit(db, {
      actor: describePrincipal(person),
      action: 'password.change-failed',
      address: input.address,
    });
    return {
      result: { ok: false, errors: { current: i18n.t('account.currentWrong') } },
      status: 400,
      signedOut: false,
    };
  }
  if (next !== String(form.get('confirm') ?? ''))
    return {
      result: { ok: false, errors: { confirm: i18n.t('account.passwordsDiffer') } },
      status: 400,
      signedOut: false,
    };
  const problem = checkNewPassword(next, { email: person.email });
  if (problem)
    return { result: { ok: false, errors: { password: i18n.t(problem) } }, status: 400, signedOut: false };
  await setUserPassword(db, person.id, next);
  recordAudit(db, {
    actor: describePrincipal(person),
    action: 'password.change',
    target: person.email,
    address: input.address,
  });
  return { result: { ok: true, message: i18n.t('account.passwordChanged') }, status: 200, signedOut: true };
}

/** How the signed-in person signs in: the linked identity at the provider, and whether there is a password. */
export function accountSignIn(locals: App.Locals): {
  identity: Identity | null;
  providerName: string | null;
  hasPassword: boolean;
  rolesFromProvider: boolean;
} {
  const person = requirePerson(locals);
  const db = getDb();
  const oidc = getConfig().oidc;
  const identity = getIdentityOfUser(db, person.id);
  return {
    identity,
    providerName: oidc?.providerName ?? null,
    hasPassword: Boolean(getPasswordHash(db, person.id)),
    rolesFromProvider: Boolean(identity && oidc?.roleMap),
  };
}
