import { type z } from 'zod';
import { hasAnyRole, type Principal } from '#lib/auth/roles.ts';
import { getConfig } from '#lib/config/config.ts';
import { EMPLOYEE, getContent, listLocalizedArticles } from '#lib/content/store.ts';
import { getDb } from '#lib/db/connection.ts';
import type { I18n } from '#lib/i18n/i18n.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { msg, type MessageKey } from '#lib/i18n/translate.ts';
import { fieldErrors } from '#lib/validation/field-errors.ts';
import {
  canEditMacro,
  canManageShared,
  contentCatalog,
  createMacro,
  deleteMacro,
  getMacro,
  listMacros,
  MACRO_STATUSES,
  MacroForbiddenError,
  MacroInput,
  MacroInputError,
  PLACEHOLDERS,
  renderMacro,
  updateMacro,
  type Macro,
  type MacroCatalog,
} from '#lib/tickets/macros.ts';
import type { Ticket } from '#lib/tickets/tickets.ts';
import { STATUS_LABELS, WorkflowError } from '#lib/tickets/workflow.ts';
import { categoryLabel } from './categories.ts';
import { formText, readForm } from './http.ts';
import { requirePerson } from './guards.ts';

/** Who reaches the macros page: agents keep personal macros, managers and admins look after shared ones. */
const MACRO_ROLES = ['agent', 'manager', 'admin'] as const;

/** The catalog of the loaded knowledge base: published articles, categories (what macros are checked against). */
export function macroCatalog(): MacroCatalog {
  const { contentDir, publicUrl } = getConfig();
  return contentCatalog(getContent(contentDir), publicUrl);
}

/** What a macro does when sent, in a few words: "status Resolved · category Accounts". */
export function describeActions(macro: Macro, i18n: I18n): string | null {
  const categories = getContent(getConfig().contentDir).categories;
  const parts = [
    macro.status && i18n.t('macros.actionStatus', { status: i18n.t(STATUS_LABELS[macro.status]) }),
    macro.priority && i18n.t('macros.actionPriority', { priority: macro.priority }),
    macro.category &&
      i18n.t('macros.actionCategory', {
        category: categoryLabelOf(categories, macro.category, i18n.locale),
      }),
    macro.article && i18n.t('macros.actionArticle'),
  ].filter((p): p is string => Boolean(p));
  return parts.length > 0 ? parts.join(' · ') : null;
}

function categoryLabelOf(
  categories: ReturnType<typeof getContent>['categories'],
  slug: string,
  locale: Locale,
): string {
  const found = categories.find((c) => c.slug === slug);
  return found ? categoryLabel(found, locale) : slug;
}

/** The form's fields as typed (shown again with the errors). */
export type MacroFormValues = {
  name: string;
  body: string;
  locale: string;
  scope: string;
  status: string;
  priority: string;
  category: string;
  article: string;
};

const FIELDS = ['name', 'body', 'locale', 'scope', 'status', 'priority', 'category', 'article'] as const;

function readValues(form: FormData): MacroFormValues {
  const limits: Record<(typeof FIELDS)[number], number> = {
    name: 200,
    body: 10_000,
    locale: 10,
    scope: 20,
    status: 20,
    priority: 5,
    category: 100,
    article: 300,
  };
  return Object.fromEntries(FIELDS.map((f) => [f, formText(form, f, limits[f])])) as MacroFormValues;
}

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

/** The typed form as a MacroInput, or the errors per field. */
function parseValues(values: MacroFormValues): z.ZodSafeParseResult<MacroInput> {
  const priority = orNull(values.priority);
  return MacroInput.safeParse({
    name: values.name,
    body: values.body,
    locale: values.locale,
    shared: values.scope === 'shared',
    status: orNull(values.status),
    priority: priority === null ? null : /^\d$/.test(priority) ? Number(priority) : 0,
    category: orNull(values.category),
    article: orNull(values.article),
  });
}

const valuesOf = (macro: Macro): MacroFormValues => ({
  name: macro.name,
  body: macro.body,
  locale: macro.locale,
  scope: macro.ownerId === null ? 'shared' : 'personal',
  status: macro.status ?? '',
  priority: macro.priority ? String(macro.priority) : '',
  category: macro.category ?? '',
  article: macro.article ?? '',
});

/** The choices the macro form offers, in the reader's language. */
function formChoices(i18n: I18n, person: Principal) {
  const content = getContent(getConfig().contentDir);
  return {
    canShare: canManageShared(person),
    // A manager or admin without the agent role keeps no personal macros (decision 043).
    canOwn: hasAnyRole(person, ['agent']),
    placeholders: PLACEHOLDERS.map((p) => `{{${p}}}`),
    articleExample: '{{article:reset-your-password}}',
    statuses: MACRO_STATUSES.map((s) => ({ value: s, label: i18n.t(STATUS_LABELS[s]) })),
    categories: content.categories.map((c) => ({ value: c.slug, label: categoryLabel(c, i18n.locale) })),
    articles: listLocalizedArticles(content, EMPLOYEE, i18n.locale).map((a) => ({
      value: a.slug,
      label: a.title,
      lang: a.locale,
    })),
  };
}

/** Saves the form through `save`; answers the errors per field (translated) when it is refused. */
function trySave(
  values: MacroFormValues,
  i18n: I18n,
  save: (input: MacroInput) => void,
): { errors: Record<string, string>; status: number } | null {
  const parsed = parseValues(values);
  if (!parsed.success) {
    const errors = Object.entries(fieldErrors(parsed.error)).map(([k, v]) => [k, i18n.text(v)] as const);
    return { errors: Object.fromEntries(errors), status: 400 };
  }
  try {
    save(parsed.data);
    return null;
  } catch (error) {
    if (error instanceof MacroInputError)
      return { errors: { [error.field]: i18n.t(error.localized) }, status: 400 };
    if (error instanceof MacroForbiddenError)
      return { errors: { form: i18n.t(error.localized) }, status: 403 };
    throw error;
  }
}

const NOTICES: Record<string, MessageKey> = {
  created: 'macros.doneCreated',
  saved: 'macros.doneSaved',
  deleted: 'macros.doneDeleted',
};

/** /agent/macros: the shared macros and the viewer's own, and a form for a new one (POST creates it). */
export async function macrosPage(request: Request, locals: App.Locals, params: URLSearchParams) {
  const person = requirePerson(locals, MACRO_ROLES);
  const { i18n } = locals;
  const db = getDb();
  const empty: MacroFormValues = {
    name: '',
    body: '',
    locale: i18n.locale,
    scope: canManageShared(person) && !person.roles.includes('agent') ? 'shared' : 'personal',
    status: '',
    priority: '',
    category: '',
    article: '',
  };
  let values = empty;
  let refused: { errors: Record<string, string>; status: number } | null = null;
  if (request.method === 'POST') {
    values = readValues(await readForm(request));
    refused = trySave(values, i18n, (input) => createMacro(db, person, input, macroCatalog()));
    if (!refused) return { redirect: '/agent/macros?done=created' };
  }
  const done = params.get('done');
  return {
    status: refused?.status ?? 200,
    notice: done && NOTICES[done] ? i18n.t(NOTICES[done]) : null,
    macros: listMacros(db, person).map((m) => ({
      ...m,
      shared: m.ownerId === null,
      canEdit: canEditMacro(m, person),
      actions: describeActions(m, i18n) ?? i18n.t('macros.noActions'),
    })),
    values,
    errors: refused?.errors ?? {},
    ...formChoices(i18n, person),
  };
}

/** /agent/macros/<id>: edit or delete a macro (POST `action` save or delete). Null → 404. */
export async function macroEditPage(request: Request, locals: App.Locals, id: string | undefined) {
  const person = requirePerson(locals, MACRO_ROLES);
  const { i18n } = locals;
  const db = getDb();
  const macro = /^\d{1,9}$/.test(id ?? '') ? getMacro(db, Number(id), person) : null;
  if (!macro) return null;
  let values = valuesOf(macro);
  let refused: { errors: Record<string, string>; status: number } | null = null;
  if (request.method === 'POST') {
    const form = await readForm(request);
    if (form.get('action') === 'delete') {
      if (!canEditMacro(macro, person))
        refused = { errors: { form: i18n.t('macros.sharedManagersOnly') }, status: 403 };
      else if (deleteMacro(db, macro.id, person)) return { redirect: '/agent/macros?done=deleted' };
    } else {
      values = readValues(form);
      refused = trySave(values, i18n, (input) => updateMacro(db, macro.id, person, input, macroCatalog()));
      if (!refused) return { redirect: '/agent/macros?done=saved' };
    }
  }
  return {
    status: refused?.status ?? 200,
    macro,
    canEdit: canEditMacro(macro, person),
    values,
    errors: refused?.errors ?? {},
    ...formChoices(i18n, person),
  };
}

/** A macro as the reply box offers it: its text for this ticket and what sending it also does. */
export type MacroChoice = { id: number; name: string; locale: Locale; text: string; actions: string | null };

/**
 * The macros an agent can use on a ticket, with their texts filled in for it: the ones written in the
 * ticket's language first. A macro whose text can no longer be filled (its article unpublished) is left out.
 */
export function macroChoices(
  agent: Principal,
  ticket: Ticket,
  requesterName: string,
  i18n: I18n,
): MacroChoice[] {
  const catalog = macroCatalog();
  const context = {
    requesterName,
    agentName: agent.kind === 'user' ? agent.displayName : agent.name,
    ticket: { number: ticket.number, subject: ticket.subject, language: ticket.language },
  };
  const choices = listMacros(getDb(), agent).flatMap((m) => {
    try {
      const text = renderMacro(m, context, catalog);
      return [{ id: m.id, name: m.name, locale: m.locale, text, actions: describeActions(m, i18n) }];
    } catch (error) {
      if (error instanceof WorkflowError) return [];
      throw error;
    }
  });
  const language = ticket.language ?? i18n.locale;
  return [...choices.filter((c) => c.locale === language), ...choices.filter((c) => c.locale !== language)];
}

/**
 * "Insert macro" without JavaScript: the page again with the macro's text after what was typed, and
 * the macro's id ticked to apply its actions on sending (when it has any).
 */
export function insertMacro(
  form: FormData,
  choices: MacroChoice[],
): { draft: string; typed: Record<string, string> } {
  const picked = choices.find((c) => String(c.id) === formText(form, 'pick', 12));
  if (!picked) throw new WorkflowError(msg('macros.chooseMacro'));
  const typed = formText(form, 'body', 20_000).trimEnd();
  return {
    draft: typed ? `${typed}\n\n${picked.text}` : picked.text,
    typed: { macro: picked.actions ? String(picked.id) : '' },
  };
}

/** The macro whose actions the reply form asked to apply (its ticked id), or null. */
export function macroToApply(form: FormData): number | null {
  const id = formText(form, 'macro', 12);
  return /^\d{1,9}$/.test(id) ? Number(id) : null;
}
