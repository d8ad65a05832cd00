import { z } from 'zod';
import { hasAnyRole, type Principal } from '#lib/auth/roles.ts';
import type { LoadedContent } from '#lib/content/load.ts';
import { EMPLOYEE, localizeArticle } from '#lib/content/store.ts';
import { sql, type Db } from '#lib/db/db.ts';
import { LOCALES, type Locale } from '#lib/i18n/locales.ts';
import { LocalizedError, msg, translate, type Message } from '#lib/i18n/translate.ts';
import { IMPACTS, priorityFor, URGENCIES, type Impact, type Urgency } from './priority.ts';
import { addMessage, changeStatus, updateClassification, WorkflowError } from './workflow.ts';
import type { StoredFile } from './attachments.ts';

/** The statuses a macro may set: closing is the requester's (or the auto-close job's), "new" is never set by hand. */
export const MACRO_STATUSES = ['open', 'pending', 'resolved'] as const;
export type MacroStatus = (typeof MACRO_STATUSES)[number];

/** Placeholders a macro's text may use, besides `{{article:<slug>}}`. */
export const PLACEHOLDERS = [
  'requester.first_name',
  'requester.name',
  'ticket.number',
  'ticket.subject',
  'agent.first_name',
  'agent.name',
] as const;
type Placeholder = (typeof PLACEHOLDERS)[number];

export const MACRO_NAME_MAX = 80;
export const MACRO_BODY_MAX = 5000;

/** What a macro's text and actions are checked against: the published articles and the categories. */
export type MacroCatalog = {
  /** A published article for employees in a language (its translation where one exists), or null. */
  article(slug: string, locale: Locale): { title: string; url: string } | null;
  categories: readonly string[];
};

/** The catalog of the loaded knowledge base; article links are absolute (`publicUrl`): replies also go out by mail. */
export function contentCatalog(content: LoadedContent, publicUrl: string): MacroCatalog {
  const bySlug = new Map<string, LoadedContent['articles'][number]>();
  // An article wins over an FAQ of the same slug.
  for (const a of content.articles)
    if (a.status === 'published' && a.audience === 'employees' && bySlug.get(a.slug)?.type !== 'article')
      bySlug.set(a.slug, a);
  return {
    article(slug, locale) {
      const found = bySlug.get(slug);
      if (!found) return null;
      return {
        title: localizeArticle(content, EMPLOYEE, found, locale).title,
        url: `${publicUrl}${found.url}`,
      };
    },
    categories: content.categories.map((c) => c.slug),
  };
}

/** A form's macro, checked (the text's placeholders and the actions' values are checked by `saveMacro`). */
export const MacroInput = z.object({
  name: z.string().trim().min(1, 'macros.nameRequired').max(MACRO_NAME_MAX, 'macros.nameTooLong'),
  body: z.string().trim().min(1, 'macros.bodyRequired').max(MACRO_BODY_MAX, 'macros.bodyTooLong'),
  locale: z.enum(LOCALES, { error: 'macros.chooseLanguage' }),
  shared: z.boolean(),
  status: z.enum(MACRO_STATUSES, { error: 'macros.chooseStatus' }).nullable(),
  priority: z.number().int().min(1, 'macros.choosePriority').max(4, 'macros.choosePriority').nullable(),
  category: z.string().trim().min(1).max(60, 'macros.chooseCategory').nullable(),
  article: z.string().trim().min(1).max(200, 'macros.chooseArticle').nullable(),
});
export type MacroInput = z.infer<typeof MacroInput>;

export type Macro = {
  id: number;
  name: string;
  body: string;
  locale: Locale;
  /** Null: shared with every agent. */
  ownerId: number | null;
  status: MacroStatus | null;
  priority: number | null;
  category: string | null;
  article: string | null;
  updatedAt: string;
};

/** A macro the rules refuse to save, with the form field it is about. */
export class MacroInputError extends LocalizedError {
  readonly field: string;
  constructor(field: string, message: Message) {
    super(message);
    this.field = field;
  }
}

/** Someone may see a macro but not change it (answer 403). */
export class MacroForbiddenError extends LocalizedError {}

/** A macro action the workflow refused: nothing was sent; `reason` is the workflow's own sentence. */
export class MacroActionRefused extends WorkflowError {
  readonly reason: Message;
  constructor(name: string, reason: Message) {
    super(msg('macros.actionRefused', { name, reason: translate('en', reason.key, reason.values) }));
    this.reason = reason;
  }
}

/** Managers and admins look after the shared macros (decision 043); every agent keeps personal ones. */
export const canManageShared = (p: Principal): boolean => hasAnyRole(p, ['manager', 'admin']);

const userId = (p: Principal): number | null => (p.kind === 'user' ? p.id : null);

const isVisible = (macro: Macro, p: Principal) => macro.ownerId === null || macro.ownerId === userId(p);

/** True when this person may change or delete the macro. */
export function canEditMacro(macro: Macro, p: Principal): boolean {
  return macro.ownerId === null ? canManageShared(p) : macro.ownerId === userId(p);
}

type MacroRow = {
  id: number;
  name: string;
  body: string;
  locale: Locale;
  owner_id: number | null;
  set_status: MacroStatus | null;
  set_priority: number | null;
  set_category: string | null;
  link_article: string | null;
  updated_at: string;
};

const toMacro = (r: MacroRow): Macro => ({
  id: r.id,
  name: r.name,
  body: r.body,
  locale: r.locale,
  ownerId: r.owner_id,
  status: r.set_status,
  priority: r.set_priority,
  category: r.set_category,
  article: r.link_article,
  updatedAt: r.updated_at,
});

/** The shared macros and the viewer's own, by name. */
export function listMacros(db: Db, viewer: Principal): Macro[] {
  return (
    sql(
      db,
      'SELECT * FROM ticket_macros WHERE owner_id IS NULL OR owner_id = ? ORDER BY name COLLATE NOCASE, id',
    ).all(userId(viewer) ?? -1) as MacroRow[]
  ).map(toMacro);
}

/** A macro the viewer may see (shared, or their own), or null. */
export function getMacro(db: Db, id: number, viewer: Principal): Macro | null {
  const row = sql(db, 'SELECT * FROM ticket_macros WHERE id = ?').get(id) as MacroRow | undefined;
  const macro = row ? toMacro(row) : null;
  return macro && isVisible(macro, viewer) ? macro : null;
}

const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The placeholders of a text that are not known (`{{…}}` as written), and stray braces. */
function checkPlaceholders(body: string, catalog: MacroCatalog): Message | null {
  for (const match of body.matchAll(TOKEN)) {
    const name = match[1]!;
    if (name.startsWith('article:')) {
      const slug = name.slice('article:'.length).trim();
      if (!catalog.article(slug, 'en'))
        return msg('macros.unknownArticle', { slug, syntax: '{{article:…}}' });
    } else if (!(PLACEHOLDERS as readonly string[]).includes(name))
      return msg('macros.unknownPlaceholder', { placeholder: match[0] });
  }
  // What is left after the known tokens must not hold half a placeholder ("{{agent.name}" or "{{ …").
  if (/\{\{|\}\}/.test(body.replace(TOKEN, '')))
    return msg('macros.strayBraces', { example: '{{agent.name}}' });
  return null;
}

/** Refuses what the catalog does not know, and an article link without resolving (decision 043). */
function checkMacro(input: MacroInput, catalog: MacroCatalog): void {
  const problem = checkPlaceholders(input.body, catalog);
  if (problem) throw new MacroInputError('body', problem);
  if (input.category !== null && !catalog.categories.includes(input.category))
    throw new MacroInputError('category', msg('macros.chooseCategory'));
  if (input.article !== null) {
    if (!catalog.article(input.article, 'en'))
      throw new MacroInputError('article', msg('macros.chooseArticle'));
    if (input.status !== 'resolved')
      throw new MacroInputError(
        'article',
        msg('macros.articleNeedsResolve', { syntax: `{{article:${input.article}}}` }),
      );
  }
}

function requireMayOwn(actor: Principal, shared: boolean): number | null {
  if (shared && !canManageShared(actor)) throw new MacroForbiddenError(msg('macros.sharedManagersOnly'));
  const id = userId(actor);
  if (!shared && (id === null || !hasAnyRole(actor, ['agent'])))
    throw new MacroForbiddenError(msg('macros.personalAgentsOnly'));
  return shared ? null : id;
}

/** Creates a macro (a shared one only for managers and admins); returns its id. */
export function createMacro(
  db: Db,
  actor: Principal,
  input: MacroInput,
  catalog: MacroCatalog,
  now = new Date(),
): number {
  const owner = requireMayOwn(actor, input.shared);
  checkMacro(input, catalog);
  const at = now.toISOString();
  return Number(
    sql(
      db,
      `INSERT INTO ticket_macros (name, body, locale, owner_id, set_status, set_priority, set_category, link_article, created_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      input.name,
      input.body,
      input.locale,
      owner,
      input.status,
      input.priority,
      input.category,
      input.article,
      userId(actor),
      at,
      at,
    ).lastInsertRowid,
  );
}

/** Changes a macro the actor may edit. False when they cannot see it (404); a refusal when they may only read it. */
export function updateMacro(
  db: Db,
  id: number,
  actor: Principal,
  input: MacroInput,
  catalog: MacroCatalog,
  now = new Date(),
): boolean {
  const macro = getMacro(db, id, actor);
  if (!macro) return false;
  if (!canEditMacro(macro, actor)) throw new MacroForbiddenError(msg('macros.sharedManagersOnly'));
  // Sharing a personal macro, or taking a shared one back as one's own, is a manager's change of a shared macro.
  const owner =
    input.shared === (macro.ownerId === null) ? macro.ownerId : requireMayOwn(actor, input.shared);
  checkMacro(input, catalog);
  sql(
    db,
    `UPDATE ticket_macros SET name = ?, body = ?, locale = ?, owner_id = ?, set_status = ?, set_priority = ?,
       set_category = ?, link_article = ?, updated_at = ? WHERE id = ?`,
  ).run(
    input.name,
    input.body,
    input.locale,
    owner,
    input.status,
    input.priority,
    input.category,
    input.article,
    now.toISOString(),
    id,
  );
  return true;
}

/** Deletes a macro the actor may edit; false when they cannot see it. */
export function deleteMacro(db: Db, id: number, actor: Principal): boolean {
  const macro = getMacro(db, id, actor);
  if (!macro) return false;
  if (!canEditMacro(macro, actor)) throw new MacroForbiddenError(msg('macros.sharedManagersOnly'));
  sql(db, 'DELETE FROM ticket_macros WHERE id = ?').run(id);
  return true;
}

/** Who and what a macro's text speaks of. */
export type MacroContext = {
  requesterName: string;
  agentName: string;
  ticket: { number: number; subject: string; language: Locale | null };
};

/** The first word of a display name ("Nadia Rossi-Keller" → "Nadia"). */
const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? '';

/**
 * A macro's text for one ticket, plain text like a reply (Markdown is rendered where replies are).
 * Article links name the article in the ticket's language where a translation exists. A placeholder
 * that can no longer be filled (an article unpublished since) is refused, never left in the text.
 */
export function renderMacro(
  macro: Pick<Macro, 'name' | 'body'>,
  context: MacroContext,
  catalog: MacroCatalog,
): string {
  const values: Record<Placeholder, string> = {
    'requester.first_name': firstName(context.requesterName),
    'requester.name': context.requesterName,
    'ticket.number': `T-${context.ticket.number}`,
    'ticket.subject': context.ticket.subject,
    'agent.first_name': firstName(context.agentName),
    'agent.name': context.agentName,
  };
  return macro.body.replace(TOKEN, (token, name: string) => {
    if (name.startsWith('article:')) {
      const slug = name.slice('article:'.length).trim();
      const article = catalog.article(slug, context.ticket.language ?? 'en');
      if (!article) throw new WorkflowError(msg('macros.articleGone', { name: macro.name, slug }));
      // Square brackets in a title would end the link text early.
      return `[${article.title.replace(/[[\]]/g, '')}](${article.url})`;
    }
    const value = values[name as Placeholder];
    if (value === undefined)
      throw new WorkflowError(msg('macros.unknownPlaceholder', { placeholder: token }));
    return value;
  });
}

/** The value of an ordered scale closest to `from` that passes the test (the nearer one first). */
function nearest<V>(scale: readonly V[], from: V, test: (v: V) => boolean): V | undefined {
  const at = scale.indexOf(from);
  return scale
    .filter(test)
    .sort((a, b) => Math.abs(scale.indexOf(a) - at) - Math.abs(scale.indexOf(b) - at))[0];
}

/**
 * The impact and urgency that give a priority, changing as little as possible: the ticket's urgency
 * with another impact, else its impact with another urgency, else the first pair of the matrix.
 */
export function classificationFor(
  priority: number,
  current: { impact: Impact; urgency: Urgency },
): { impact: Impact; urgency: Urgency } {
  if (priorityFor(current.impact, current.urgency) === priority) return current;
  const impact = nearest(IMPACTS, current.impact, (i) => priorityFor(i, current.urgency) === priority);
  if (impact) return { impact, urgency: current.urgency };
  const urgency = nearest(URGENCIES, current.urgency, (u) => priorityFor(current.impact, u) === priority);
  if (urgency) return { impact: current.impact, urgency };
  for (const i of IMPACTS)
    for (const u of URGENCIES) if (priorityFor(i, u) === priority) return { impact: i, urgency: u };
  throw new Error(`No impact and urgency give P${priority}; priorities run from 1 to 4.`);
}

/** The macro's actions that would change something on this ticket now. */
type TicketNow = { status: string; category: string | null; impact: Impact; urgency: Urgency };

function readTicket(db: Db, ticketId: number): TicketNow {
  return sql(db, 'SELECT status, category, impact, urgency FROM tickets WHERE id = ?').get(
    ticketId,
  ) as TicketNow;
}

/**
 * Sends a reply (or note) written with a macro and applies the macro's actions through the workflow, all
 * in one transaction: a refused action sends nothing (`MacroActionRefused`, with the workflow's reason).
 * Actions already true of the ticket are skipped. Answers whether the status changed.
 */
export function sendWithMacro(
  db: Db,
  ticketId: number,
  agent: Principal,
  macroId: number,
  message: { body: string; internal: boolean; files?: StoredFile[] },
  catalog: MacroCatalog,
): { statusChanged: boolean } {
  return db.transaction(() => {
    const macro = getMacro(db, macroId, agent);
    if (!macro) throw new WorkflowError(msg('macros.gone'));
    addMessage(db, ticketId, agent, message.body, message.internal, message.files ?? []);
    try {
      return applyActions(db, ticketId, agent, macro, message.body, catalog);
    } catch (error) {
      if (error instanceof WorkflowError) throw new MacroActionRefused(macro.name, error.localized);
      throw error;
    }
  })();
}

function applyActions(
  db: Db,
  ticketId: number,
  agent: Principal,
  macro: Macro,
  note: string,
  catalog: MacroCatalog,
): { statusChanged: boolean } {
  const now = readTicket(db, ticketId);
  const classification = macro.priority === null ? now : classificationFor(macro.priority, now);
  const category = macro.category ?? now.category;
  if (macro.category !== null && !catalog.categories.includes(macro.category))
    throw new WorkflowError(msg('macros.categoryGone', { category: macro.category }));
  if (
    category !== now.category ||
    classification.impact !== now.impact ||
    classification.urgency !== now.urgency
  )
    updateClassification(db, ticketId, agent, { category, ...classification });
  if (macro.status === null || macro.status === now.status) return { statusChanged: false };
  if (macro.article !== null && !catalog.article(macro.article, 'en'))
    throw new WorkflowError(msg('macros.articleGone', { name: macro.name, slug: macro.article }));
  // The reply is the resolution note: it says what was done.
  changeStatus(db, ticketId, agent, macro.status, {
    note: macro.status === 'resolved' ? note : undefined,
    articles: macro.status === 'resolved' && macro.article !== null ? [macro.article] : [],
  });
  return { statusChanged: true };
}

/** The demo's shared macros (English: the desk writes its own texts). */
const DEMO_MACROS: Array<Omit<MacroInput, 'shared' | 'locale'>> = [
  {
    name: 'Password reset: how to do it yourself',
    body: 'Hello {{requester.first_name}},\n\nyou can reset your password yourself, step by step: {{article:reset-your-password}}\n\nIf it still does not work, answer this message and we will call you.\n\nBest regards,\n{{agent.name}}\nIT service desk',
    status: 'pending',
    priority: null,
    category: null,
    article: null,
  },
  {
    name: 'Need more information',
    body: 'Hello {{requester.first_name}},\n\nthank you for your request {{ticket.number}}. To help you quickly we need a little more: when did it start, what exactly do you see (a screenshot helps), and which device is it?\n\nBest regards,\n{{agent.name}}',
    status: 'pending',
    priority: null,
    category: null,
    article: null,
  },
  {
    name: 'Solved: password reset',
    body: 'Hello {{requester.first_name}},\n\nyour password has been reset. Next time you can do it yourself: {{article:reset-your-password}}\n\nIf anything is still wrong, reply and the ticket opens again.\n\nBest regards,\n{{agent.name}}',
    status: 'resolved',
    priority: null,
    category: 'accounts',
    article: 'reset-your-password',
  },
  {
    name: 'Solved: confirm and close',
    body: 'Hello {{requester.first_name}},\n\nwe have fixed the problem in {{ticket.number}} ("{{ticket.subject}}"). Please check that everything works; if not, reply and the ticket opens again.\n\nBest regards,\n{{agent.name}}',
    status: 'resolved',
    priority: null,
    category: null,
    article: null,
  },
  {
    name: 'Outage: we are on it',
    body: 'Hello {{requester.first_name}},\n\nseveral colleagues report the same problem; we are working on it with priority and will tell you as soon as it works again. You do not need to do anything.\n\n{{agent.name}}',
    status: 'open',
    priority: 2,
    category: null,
    article: null,
  },
];

/** Seeds the demo's shared macros once (development, first start); skips any the catalog cannot fill. */
export function seedDemoMacros(db: Db, catalog: MacroCatalog, now = new Date()): number {
  if ((sql(db, 'SELECT count(*) FROM ticket_macros').pluck().get() as number) > 0) return 0;
  const system: Principal = { kind: 'token', id: 0, name: 'demo', roles: ['admin'] };
  let seeded = 0;
  for (const demo of DEMO_MACROS) {
    try {
      createMacro(db, system, { ...demo, shared: true, locale: 'en' }, catalog, now);
      seeded++;
    } catch (error) {
      if (!(error instanceof MacroInputError)) throw error;
    }
  }
  return seeded;
}
