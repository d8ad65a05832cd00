import type { I18n } from '#lib/i18n/i18n.ts';
import { requirePerson } from './guards.ts';
import { formText, readForm } from './http.ts';
import { getConfig } from '#lib/config/config.ts';
import { getContent, localizeArticle } from '#lib/content/store.ts';
import { readerFor } from '#lib/auth/roles.ts';
import type { Category } from '#lib/content/schema.ts';
import { getDb } from '#lib/db/connection.ts';
import { splitRequestText } from '#lib/search/site-suggest.ts';
import { incidentsFor, suggestForRequest, type IncidentMatch } from './suggest.ts';
import type { Suggestion } from '#lib/search/suggest.ts';
import { storeUploads } from '#lib/tickets/attachments.ts';
import { fileTicket } from './ticket-api.ts';
import { ImpactSchema, UrgencySchema, type Impact, type Urgency } from '#lib/tickets/priority.ts';
import { getHelpRequest, isRequestId, newRequestId, recordOutcome } from '#lib/deflection/requests.ts';
import { randomBytes } from 'node:crypto';
import { STORAGE_REFUSAL, storageRefusal, writeUnlessStorageRefuses } from './storage-refusal.ts';

export type HelpView = {
  step: 'describe' | 'ticket' | 'solved';
  requestId: string;
  subject: string;
  description: string;
  suggestions: Suggestion[] | null;
  /** Open major incidents the request names: shown first, with "I'm affected too". */
  incidents: IncidentMatch[];
  suggestionsStatus: 'ok' | 'degraded' | 'unavailable' | null;
  /** How many articles the person answered "No" to in this request: "nothing else" when none is left. */
  declined: number;
  ticket: { impact: Impact; urgency: Urgency; category: string; idempotencyKey: string };
  errors: Record<string, string>;
  categories: Category[];
  solvedTitle?: string;
};

export type HelpOutcome = { redirect: string } | { status: number; view: HelpView };

async function withSuggestions(
  view: HelpView,
  principal: Parameters<typeof suggestForRequest>[0],
  i18n: I18n,
): Promise<HelpView> {
  const text = `${view.subject}\n${view.description}`;
  if (text.trim().length < 3) return view;
  try {
    const result = await suggestForRequest(principal, text, view.requestId, 5, i18n.locale);
    return {
      ...view,
      suggestions: result.results,
      incidents: incidentsFor(text, i18n, principal.kind === 'user' ? principal.id : null),
      suggestionsStatus: result.status,
      declined: result.declined,
    };
  } catch {
    // Filing a ticket never depends on search: the page still renders and offers the ticket form.
    return { ...view, suggestions: [], suggestionsStatus: 'unavailable' };
  }
}

/**
 * /help, step by step, working without JavaScript: describe → suggestions (the island shows them as
 * you type) → "Still need help?" → ticket form → ticket. Also takes the answer from an article's
 * "Did this solve your problem?".
 */
export async function handleHelpPage(request: Request, url: URL, locals: App.Locals): Promise<HelpOutcome> {
  const person = requirePerson(locals);
  const db = getDb();
  const categories = getContent(getConfig().contentDir).categories;
  const base = (requestId: string): HelpView => ({
    step: 'describe',
    requestId,
    subject: '',
    description: '',
    suggestions: null,
    incidents: [],
    suggestionsStatus: null,
    declined: 0,
    errors: {},
    categories,
    ticket: {
      impact: 'one',
      urgency: 'medium',
      category: '',
      idempotencyKey: randomBytes(12).toString('base64url'),
    },
  });

  if (request.method !== 'POST') {
    // Back from an article ("No"), or a fresh request.
    const rid = url.searchParams.get('rid');
    const existing = rid && isRequestId(rid) ? getHelpRequest(db, rid, person.id) : null;
    // From the home page's problem box: its text, and its request when suggestions were shown there.
    const typed = url.searchParams.get('subject')?.slice(0, 200);
    if (!existing) {
      const view = { ...base(newRequestId()), subject: typed ?? '' };
      return { status: 200, view: typed ? await withSuggestions(view, person, locals.i18n) : view };
    }
    const view = {
      ...base(existing.id),
      ...splitRequestText(existing.draft),
      ...(typed ? { subject: typed } : {}),
    };
    return { status: 200, view: await withSuggestions(view, person, locals.i18n) };
  }

  const form = await readForm(request);
  const rid = formText(form, 'rid', 64);
  const view: HelpView = {
    ...base(isRequestId(rid) ? rid : newRequestId()),
    subject: formText(form, 'subject', 1000),
    description: formText(form, 'description', 25_000),
  };
  switch (form.get('intent')) {
    case 'solved':
    case 'not-solved': {
      const slug = formText(form, 'slug', 200);
      const solved = form.get('intent') === 'solved';
      // The answer to "Did this solve it?" is a statistic: a full disk loses it, not the person's way on.
      writeUnlessStorageRefuses(() => recordOutcome(db, view.requestId, person.id, slug, solved));
      if (!solved) return { redirect: `/help?rid=${encodeURIComponent(view.requestId)}#suggestions` };
      const content = getContent(getConfig().contentDir);
      const article = content.articles.find((a) => a.slug === slug);
      // The title as the person read it: in their language when the article is.
      const title = article && localizeArticle(content, readerFor(person), article, locals.i18n.locale).title;
      return { status: 200, view: { ...view, step: 'solved', solvedTitle: title } };
    }
    case 'ticket':
      return { status: 200, view: { ...view, step: 'ticket' } };
    case 'file':
      return fileFromHelpForm(person, form, view, locals.i18n);
    default:
      return { status: 200, view: await withSuggestions(view, person, locals.i18n) };
  }
}

/**
 * "Create ticket": the ticket with its files, then its page. A refusal comes back as the form with
 * everything typed (the person picks the files again: browsers cannot refill a file input); a disk
 * that cannot take the ticket answers 503 the same way, and the same form sent later files it once.
 */
async function fileFromHelpForm(
  person: ReturnType<typeof requirePerson>,
  form: FormData,
  view: HelpView,
  i18n: I18n,
): Promise<HelpOutcome> {
  // What was sent goes to the ticket as it is (a wrong value is refused there, with its sentence);
  // the form comes back with a valid choice selected.
  const impact = formText(form, 'impact', 20) || 'one';
  const urgency = formText(form, 'urgency', 20) || 'medium';
  const ticket = {
    impact: ImpactSchema.catch('one').parse(impact),
    urgency: UrgencySchema.catch('medium').parse(urgency),
    category: formText(form, 'category', 60),
    idempotencyKey: formText(form, 'idempotencyKey', 64) || view.ticket.idempotencyKey,
  };
  const again = (status: number, errors: Record<string, string>): HelpOutcome => ({
    status,
    view: { ...view, step: 'ticket', ticket, errors },
  });
  try {
    const uploads = await storeUploads(getConfig().dataDir, form.getAll('files'));
    if (!uploads.ok) return again(400, { files: i18n.t(uploads.reason) });
    const outcome = fileTicket(
      person,
      {
        subject: view.subject,
        description: view.description,
        category: ticket.category,
        impact,
        urgency,
        requestId: getHelpRequest(getDb(), view.requestId, person.id) ? view.requestId : undefined,
      },
      ticket.idempotencyKey,
      i18n,
      uploads.files,
      // Filed from the portal: the language the person reads it in is the one they write in.
      i18n.locale,
    );
    if ('ticket' in outcome) return { redirect: `/requests/${outcome.ticket.number}?filed=1` };
    if (outcome.status === 503) return again(503, { form: STORAGE_REFUSAL });
    // Over the hourly limit: its sentence shows above the form, with everything typed kept.
    if (outcome.status === 429) return again(429, { form: outcome.error });
    return again(400, outcome.fields);
  } catch (error) {
    // The files could not be stored (the disk is full): the same answer as a ticket that could not be.
    const refusal = storageRefusal(error);
    if (!refusal) throw error;
    return again(503, { form: refusal });
  }
}
