/**
 * What pages and components show for the domains' values: labels, the choices forms offer, dates and
 * times left as people read them, the header's links and /search addresses. Components import values
 * from here only, so they stay free of rules and queries.
 */
import { hasAnyRole, type Principal } from '#lib/auth/roles.ts';
import type { DiffPart } from '#lib/content/editor.ts';
import type { Status } from '#lib/tickets/workflow.ts';
import { TRANSITIONS } from '#lib/tickets/workflow.ts';
import { LOCALE_NAMES, LOCALES, type Locale } from '#lib/i18n/locales.ts';
import type { I18n } from '#lib/i18n/i18n.ts';
import type { MessageKey } from '#lib/i18n/translate.ts';

export { ROLE_LABELS, ROLES } from '#lib/auth/roles.ts';
export { SIGN_IN_METHOD_LABELS } from '#lib/auth/users.ts';
export { INCIDENT_STATUS_LABELS, INCIDENT_STATUSES } from '#lib/incidents/incidents.ts';
export { IMPACT_LABELS, IMPACTS, URGENCIES, URGENCY_LABELS } from '#lib/tickets/priority.ts';
export { QUEUE_VIEWS, VIEW_LABELS } from '#lib/tickets/queue.ts';
export { CHANNEL_LABELS, CHANNELS } from '#lib/tickets/tickets.ts';
export { STATUS_LABELS, STATUSES } from '#lib/tickets/workflow.ts';
export { languageAlternates } from './language.ts';
export { LOCALES } from '#lib/i18n/locales.ts';
export { categoryDescription, categoryLabel } from './categories.ts';
export { SLA_STATE_LABELS, SLA_TARGET_LABELS, timeLeft } from './sla-clock.ts';

/** The statuses an agent may move a ticket to from this one. */
export function nextStatuses(status: Status): readonly Status[] {
  return TRANSITIONS[status];
}

/** The header's navigation for this principal: only the areas their roles open. */
export function navLinks(principal: Principal | null): Array<{ href: string; label: MessageKey }> {
  if (!principal) return [];
  return [
    { href: '/kb', label: 'common.navKb' },
    { href: '/faq', label: 'common.navFaq' },
    { href: '/help', label: 'common.navHelp' },
    ...(principal.kind === 'user' ? [{ href: '/requests', label: 'common.navRequests' as const }] : []),
    ...(hasAnyRole(principal, ['agent']) ? [{ href: '/agent', label: 'common.navQueue' as const }] : []),
    ...(hasAnyRole(principal, ['manager', 'admin'])
      ? [{ href: '/manage', label: 'common.navReports' as const }]
      : []),
    ...(hasAnyRole(principal, ['admin']) ? [{ href: '/admin', label: 'common.navAdmin' as const }] : []),
  ];
}

/**
 * The header's row fits one line only if its links do, and their width depends on the language and the
 * roles (seven links in German need about 880 px). Rather than let the row wrap, the page gets the
 * widths at which to give up space: below the first the search box shrinks to its button, below the
 * second the links fold into the menu (as on a phone). Widths are estimated from the labels' length
 * (measured: about 10.2 px a character and 6 px a link at the header's font). Null: the defaults fit.
 */
export function headerFit(labels: string[], hasSearch: boolean): string | null {
  if (labels.length === 0) return null;
  const nav = Math.ceil(labels.join('').length * 10.2 + labels.length * 6 + 16);
  // Padding, the logo, the language, bell and account buttons, and the gaps between them.
  const fixed = 40 + 150 + 210;
  // The search box at its narrowest (about 140 px to type in, and its button): at 240 a German
  // employee's four links left 220 px free at 1280 px and still lost the box to its button.
  const searchBox = hasSearch ? 210 : 0;
  const searchButton = hasSearch ? 62 : 0;
  const CONTAINER = 1152; // .container's max-width: wider screens give the row no more room
  const PHONE = 760; // below this the phone layout applies anyway
  const full = fixed + searchBox + nav;
  const compact = fixed + searchButton + nav;
  if (full <= PHONE) return null;
  const menu = '.site-nav { display: none; } .nav-menu { display: block; }';
  // Even the widest row cannot hold the links: the menu, always (the search box stays).
  if (compact > CONTAINER) return `@media (min-width: ${PHONE + 1}px) { ${menu} }`;
  const rules: string[] = [];
  if (compact > PHONE)
    rules.push(`@media (min-width: ${PHONE + 1}px) and (max-width: ${compact - 1}px) { ${menu} }`);
  if (hasSearch) {
    const upTo = full > CONTAINER ? '' : ` and (max-width: ${full - 1}px)`;
    rules.push(
      `@media (min-width: ${Math.max(PHONE + 1, compact)}px)${upTo} { .header-search { flex: 0 0 auto; } .header-search input { display: none; } .header-search .button { margin-left: 0; } }`,
    );
  }
  return rules.join('\n');
}

/** The switcher's choices, each language named in itself. */
export function languageChoices(): Array<{ locale: Locale; name: string }> {
  return LOCALES.map((locale) => ({ locale, name: LOCALE_NAMES[locale] }));
}

/** A /search URL with the given parameters changed (undefined removes one). */
export function searchUrl(
  current: { query: string; category?: string; type?: string; page?: number },
  change: Partial<{ category: string | undefined; type: string | undefined; page: number }>,
): string {
  const next = { ...current, page: 1, ...change };
  const params = new URLSearchParams({ q: next.query });
  if (next.category) params.set('category', next.category);
  if (next.type) params.set('type', next.type);
  if (next.page && next.page > 1) params.set('page', String(next.page));
  return `/search?${params}`;
}

/** A part of a revision diff as text lines marked "+ ", "− " or "  ", as in a unified diff. */
export function diffLines(part: DiffPart): string {
  const mark = part.kind === 'added' ? '+ ' : part.kind === 'removed' ? '− ' : '  ';
  const lines = part.text.split('\n').filter((line, i, all) => i < all.length - 1 || line !== '');
  return lines.map((line) => `${mark}${line}\n`).join('');
}

/** How an account signs in, for /admin: through the provider, with a password, or as break-glass. */
export function signInMethodLabel(
  i18n: I18n,
  user: { hasPassword: boolean; breakGlass: boolean },
  linked: boolean,
  providerName: string | null,
): string {
  if (user.breakGlass) return i18n.t('admin.methodBreakGlass');
  const provider = providerName ?? i18n.t('labels.signInSso');
  if (linked) return user.hasPassword ? i18n.t('admin.methodProviderOrPassword', { provider }) : provider;
  return i18n.t('labels.signInPassword');
}

/** When an account last signed in, in the reader's language and zone, or "Never". */
export function formatSignInTime(i18n: I18n, iso: string | null): string {
  return iso ? i18n.dateTime(iso) : i18n.t('admin.never');
}

/** A target in minutes as people read it: "45 min", "8 h", "3 days". */
export function formatMinutes(m: number): string {
  const short = (n: number) => n.toFixed(1).replace(/\.0$/, '');
  return m >= 1440 ? `${short(m / 1440)} days` : m >= 60 ? `${short(m / 60)} h` : `${m} min`;
}

/** The header search box's hint: agents may also type a ticket number there. */
export function headerSearchHint(principal: Principal | null): MessageKey {
  return principal && hasAnyRole(principal, ['agent']) ? 'common.searchHintAgent' : 'common.searchHint';
}
