import { hasAnyRole, type Principal, type Role } from './roles.ts';

/** Who may use a route: anyone, any signed-in person (or token), or holders of one of the roles. */
export type Access = 'public' | 'signed-in' | readonly Role[];

/**
 * `body`: what the route's forms send, when more than the 1 MB default: `uploads` (file attachments) or
 * `article` (the editor: an oversized article must come back with its error and its text, not a bare 413).
 */
export type RouteRule = { pattern: string; access: Access; note?: string; body?: 'uploads' | 'article' };

/**
 * Every route of the site and who may use it. The middleware enforces this table for every request,
 * and tests walk it: a path that is not listed answers 404 for everyone (deny by default), so a new
 * page cannot go live without deciding its access here. Patterns use Astro's syntax: [param], [...rest].
 */
export const ROUTES: readonly RouteRule[] = [
  { pattern: '/login', access: 'public' },
  {
    pattern: '/login/sso',
    access: 'public',
    note: 'single sign-on: off to the provider (404 without OIDC_ISSUER)',
  },
  {
    pattern: '/login/sso/callback',
    access: 'public',
    note: "single sign-on: the provider's answer (404 without OIDC_ISSUER)",
  },
  { pattern: '/password-reset', access: 'public', note: 'asks for a reset link by mail' },
  {
    pattern: '/password-reset/[token]',
    access: 'public',
    note: 'the new-password form behind a mailed link; 404 when the link is used, expired or unknown',
  },
  {
    pattern: '/mail/unsubscribe/[token]',
    access: 'public',
    note: 'a signed link from a notification mail; 404 when the signature is wrong',
  },
  {
    pattern: '/mail/solved/[token]',
    access: 'public',
    note: '"This solved it" from a mailed request\'s acknowledgement: GET asks, POST closes; the signed link is the proof',
  },
  { pattern: '/healthz', access: 'public', note: 'monitoring' },
  { pattern: '/404', access: 'public' },
  { pattern: '/logout', access: 'signed-in' },
  {
    pattern: '/language',
    access: 'public',
    note: 'POST only: the language switcher, also on the sign-in page',
  },
  { pattern: '/', access: 'signed-in' },
  { pattern: '/help', access: 'signed-in', body: 'uploads' },
  { pattern: '/search', access: 'signed-in' },
  { pattern: '/kb', access: 'signed-in' },
  { pattern: '/kb/[slug]', access: 'signed-in' },
  { pattern: '/faq', access: 'signed-in' },
  { pattern: '/faq/[slug]', access: 'signed-in' },
  { pattern: '/account', access: 'signed-in' },
  { pattern: '/requests', access: 'signed-in', note: "an employee's own tickets" },
  {
    pattern: '/requests/[number]',
    access: 'signed-in',
    note: 'the requester or an agent; 404 for anyone else',
    body: 'uploads',
  },
  {
    pattern: '/attachments/[id]',
    access: 'signed-in',
    note: 'downloads for the requester or an agent; 404 for anyone else',
  },
  { pattern: '/notifications', access: 'signed-in' },
  {
    pattern: '/incidents/[id]',
    access: 'signed-in',
    note: 'a major incident as employees see it; POST: "I\'m affected too"',
  },
  { pattern: '/api/suggest', access: 'signed-in' },
  { pattern: '/api/tickets', access: 'signed-in' },
  {
    pattern: '/api/tickets/[number]',
    access: 'signed-in',
    note: 'the requester or an agent; 404 for anyone else',
  },
  { pattern: '/agent', access: ['agent'], note: 'the queue' },
  { pattern: '/agent/incidents', access: ['agent'], note: 'major incidents: the list and declaring one' },
  { pattern: '/agent/incidents/[id]', access: ['agent'], note: 'updates, linked tickets, resolving' },
  { pattern: '/agent/search', access: ['agent'], note: 'ticket search; a ticket number jumps to the ticket' },
  { pattern: '/agent/tickets/[number]', access: ['agent'], body: 'uploads' },
  { pattern: '/agent/new', access: ['agent'], note: 'log a ticket for a caller or walk-in' },
  {
    pattern: '/agent/tickets/[number]/merge',
    access: ['agent'],
    note: 'merge a duplicate: pick the ticket to keep by number, confirm (POST)',
  },
  {
    pattern: '/agent/macros',
    access: ['agent', 'manager', 'admin'],
    note: 'macros: shared and personal canned replies; POST creates one (decision 043)',
  },
  {
    pattern: '/agent/macros/[id]',
    access: ['agent', 'manager', 'admin'],
    note: 'edit or delete a macro: personal ones by their owner, shared ones by managers and admins',
  },
  {
    pattern: '/agent/tickets/[number]/promote',
    access: ['agent'],
    note: 'a resolved ticket becomes an FAQ draft',
  },
  {
    pattern: '/agent/kb',
    access: ['agent', 'manager'],
    note: 'drafts, stale and all articles; managers curate too',
  },
  {
    pattern: '/agent/kb/new',
    access: ['agent', 'manager'],
    note: 'managers draft articles for content gaps',
    body: 'article',
  },
  { pattern: '/agent/kb/edit/[slug]', access: ['agent', 'manager'], body: 'article' },
  { pattern: '/agent/kb/revisions/[slug]', access: ['agent', 'manager'] },
  { pattern: '/agent/kb/revisions/[slug]/[lang]', access: ['agent', 'manager'] },
  {
    pattern: '/agent/kb/translate/[slug]/[lang]',
    access: ['agent', 'manager'],
    note: 'create or edit a translation, the source beside it',
    body: 'article',
  },
  {
    pattern: '/agent/kb/phrasings/[slug]',
    access: ['agent', 'manager'],
    note: 'POST: remove a phrasing learned from solved requests',
  },
  { pattern: '/api/kb/preview', access: ['agent', 'manager'], note: 'POST: the editor preview' },
  { pattern: '/manage', access: ['manager', 'admin'], note: 'reports' },
  {
    pattern: '/manage/incidents/[id]',
    access: ['manager', 'admin', 'agent'],
    note: "a major incident's timeline: updates, affected over time, linked tickets, time to resolve",
  },
  {
    pattern: '/manage/export/[table]',
    access: ['manager', 'admin'],
    note: "CSV of a report table; a manager's API token too",
  },
  { pattern: '/api/reports', access: ['manager', 'admin'], note: 'the report names (JSON)' },
  { pattern: '/api/reports/[report]', access: ['manager', 'admin'], note: 'a report as JSON' },
  { pattern: '/admin', access: ['admin'] },
  { pattern: '/admin/users/[id]', access: ['admin'] },
  { pattern: '/admin/tokens', access: ['admin'] },
  { pattern: '/admin/audit', access: ['admin'] },
  { pattern: '/admin/audit/export', access: ['admin'], note: 'CSV of the filtered audit log' },
  { pattern: '/admin/sla', access: ['admin'] },
  { pattern: '/admin/mail', access: ['admin'], note: 'the outgoing mail queue and failures' },
];

function toRegExp(pattern: string): RegExp {
  const source = pattern
    .split('/')
    .map((part) =>
      part.startsWith('[...')
        ? '.+'
        : part.startsWith('[')
          ? '[^/]+'
          : part.replace(/[.*+?^${}()|\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${source}/?$`);
}

const compiled = ROUTES.map((rule) => ({ rule, regexp: toRegExp(rule.pattern) }));

/** The rule for a path, or null when the path is not a route of the site. */
export function findRoute(pathname: string): RouteRule | null {
  return compiled.find((c) => c.regexp.test(pathname))?.rule ?? null;
}

export type Decision = 'allow' | 'sign-in' | 'not-found';

/**
 * Signed-out visitors are sent to sign in; signed-in people without the role get 404, not 403, so
 * that what exists cannot be probed.
 */
export function decideAccess(rule: RouteRule | null, principal: Principal | null): Decision {
  if (!rule) return 'not-found';
  if (rule.access === 'public') return 'allow';
  if (!principal) return 'sign-in';
  if (rule.access === 'signed-in') return 'allow';
  return hasAnyRole(principal, rule.access) ? 'allow' : 'not-found';
}
