import { fieldErrors } from '#lib/validation/field-errors.ts';
import { formText, readForm } from './http.ts';
import { requirePerson } from './guards.ts';
import { readerFor, type Principal } from '#lib/auth/roles.ts';

/** Agents and admins read internal articles; managers edit only what employees may read. */
const seesInternal = (principal: Principal) => readerFor(principal).seesInternal;
import { getContent, isOutdated, isStale, translationsOf } from '#lib/content/store.ts';
import { translationRequestCounts } from '#lib/content/translation-requests.ts';
import { LOCALES, type Locale } from '#lib/i18n/locales.ts';
import type { I18n } from '#lib/i18n/i18n.ts';
import type { MessageKey } from '#lib/i18n/translate.ts';
import { getConfig } from '#lib/config/config.ts';
import {
  ArticleFormSchema,
  diffText,
  EditorError,
  firstPublications,
  formFromSource,
  getRevisionContent,
  listRevisions,
  readArticleSource,
  saveArticle,
  StaleEditError,
  statusAfter,
  type ArticleForm,
  type ArticleStatus,
  type DiffPart,
  type Revision,
  type SaveAction,
} from '#lib/content/editor.ts';
import type { Article, LoadedContent } from '#lib/content/load.ts';
import { renderMarkdown } from '#lib/content/render.ts';
import { getDb } from '#lib/db/connection.ts';
import { refreshKnowledgeBase } from '#lib/search/refresh.ts';
import { phrasingViews, type PhrasingView } from './learned-phrasings.ts';
import { storageRefusal } from './storage-refusal.ts';
import { categoryLabel } from './categories.ts';
import { suggestForRequest } from './suggest.ts';
import { getTicketForViewer } from '#lib/tickets/tickets.ts';
import { articleReuse } from '#lib/tickets/workflow.ts';
import {
  previewPromotion,
  promoteToFaqDraft,
  resolutionSection,
  type PromotionPreview,
} from '#lib/knowledge/promote.ts';
import { getLogger } from '#lib/config/log.ts';

const contentDir = () => getConfig().contentDir;

export const KB_VIEWS = ['drafts', 'stale', 'translations', 'all'] as const;
export type KbView = (typeof KB_VIEWS)[number];

export type KbRow = Pick<
  Article,
  | 'slug'
  | 'title'
  | 'type'
  | 'status'
  | 'category'
  | 'updated'
  | 'review_by'
  | 'audience'
  | 'url'
  | 'source_tickets'
  | 'locale'
> & {
  categoryLabel: string;
  stale: boolean;
  reuse: number;
  reuseSincePublish: number | null;
  languages: ArticleLanguageState[];
};

/** One language of an article in the editor: the source, a translation (and its state), or missing. */
export type ArticleLanguageState = {
  locale: Locale;
  state: 'source' | ArticleStatus | 'missing';
  /** A translation older than its source. */
  outdated: boolean;
  /** Past this language's review date. */
  stale: boolean;
  reviewBy: string | null;
  /** How many people asked for the article in this language. */
  requests: number;
  /** Where to edit it (the article editor for the source, the translation editor otherwise). */
  editUrl: string;
};

/** Every language of an article as the editor shows it: which exist, their status, stale or outdated, requests. */
export function languageStates(
  content: LoadedContent,
  article: Article,
  requests: Partial<Record<Locale, number>> = {},
): ArticleLanguageState[] {
  const translations = translationsOf(content, article);
  return LOCALES.map((locale) => {
    const t = translations.find((x) => x.locale === locale);
    const isSource = article.locale === locale;
    return {
      locale,
      state: isSource ? 'source' : (t?.status ?? 'missing'),
      outdated: Boolean(t && isOutdated(t, article)),
      stale: Boolean(
        (isSource ? article.status : t?.status) === 'published' && isStale(isSource ? article : (t ?? {})),
      ),
      reviewBy: (isSource ? article.review_by : t?.review_by) ?? null,
      requests: isSource || t?.status === 'published' ? 0 : (requests[locale] ?? 0),
      editUrl: isSource ? `/agent/kb/edit/${article.slug}` : `/agent/kb/translate/${article.slug}/${locale}`,
    };
  });
}

/** /agent/kb: drafts waiting for review, articles past their review date, everything; with reuse in resolutions. */
export function kbListPage(locals: App.Locals, params: URLSearchParams) {
  const person = requirePerson(locals, ['agent', 'manager']);
  const view: KbView = KB_VIEWS.find((v) => v === params.get('view')) ?? 'drafts';
  const content = getContent(contentDir());
  const internal = seesInternal(person);
  const published = firstPublications(getDb());
  const reuse = articleReuse(getDb(), published);
  const requests = translationRequestCounts(getDb());
  const categories = new Map(content.categories.map((c) => [c.slug, categoryLabel(c, locals.i18n.locale)]));
  const rows: KbRow[] = content.articles
    .filter((a) => internal || a.audience === 'employees')
    .map((a) => {
      const links = reuse.get(a.slug);
      return {
        slug: a.slug,
        title: a.title,
        type: a.type,
        status: a.status,
        category: a.category,
        categoryLabel: categories.get(a.category) ?? a.category,
        updated: a.updated,
        review_by: a.review_by,
        audience: a.audience,
        url: a.url,
        source_tickets: a.source_tickets,
        locale: a.locale,
        stale: a.status === 'published' && isStale(a),
        reuse: links?.total ?? 0,
        reuseSincePublish: published.has(a.slug) ? (links?.since ?? 0) : null,
        languages: languageStates(content, a, requests.get(a.slug)),
      };
    });
  // A translation to write or bring up to date: one is older than its source, or people asked for a missing one.
  const needsTranslation = (r: KbRow) => r.languages.some((l) => l.outdated || l.requests > 0);
  const isStaleRow = (r: KbRow) => r.stale || r.languages.some((l) => l.stale);
  const counts = {
    drafts: rows.filter((r) => r.status === 'draft').length,
    stale: rows.filter(isStaleRow).length,
    translations: rows.filter(needsTranslation).length,
    all: rows.length,
  };
  const inView: Record<KbView, (r: KbRow) => boolean> = {
    drafts: (r) => r.status === 'draft',
    stale: isStaleRow,
    translations: needsTranslation,
    all: () => true,
  };
  const shown = rows.filter(inView[view]).sort((a, b) => a.title.localeCompare(b.title));
  return { view, counts, rows: shown, problems: content.problems };
}

/** /agent/tickets/<n>/promote: the scrubbed draft to check, then write it (or add the fix to an existing article). */
export async function promotePage(
  request: Request,
  locals: App.Locals,
  number: string | undefined,
): Promise<{ redirect: string } | { preview: PromotionPreview; bodyHtml: string } | null> {
  const agent = requirePerson(locals, ['agent']);
  const db = getDb();
  const ticket = /^\d{1,9}$/.test(number ?? '') ? getTicketForViewer(db, Number(number), agent) : null;
  if (!ticket) return null;
  // The same ranking employees get at /help: is there already a published answer for employees?
  const content = getContent(contentDir());
  const published = new Set(
    content.articles.filter((a) => a.status === 'published' && a.audience === 'employees').map((a) => a.slug),
  );
  const suggested = await suggestForRequest(
    agent,
    `${ticket.subject}\n${ticket.description}`,
    undefined,
    5,
    ticket.language ?? undefined,
  ).catch(() => ({ results: [] }));
  const preview = previewPromotion(
    db,
    content,
    ticket.number,
    suggested.results.find((r) => published.has(r.slug))?.slug,
  );
  if (!preview) return null;
  if (request.method === 'POST') {
    const form = await readForm(request);
    if (form.get('action') === 'append' && preview.existing)
      return { redirect: `/agent/kb/edit/${preview.existing.slug}?append=${preview.ticketNumber}` };
    const { slug } = promoteToFaqDraft(db, contentDir(), preview, agent);
    await refreshAfterSave();
    return { redirect: `/agent/kb/edit/${slug}?done=promoted` };
  }
  return {
    preview,
    bodyHtml: renderMarkdown(preview.form.body).html,
  };
}

type EditorValues = Omit<ArticleForm, 'tags' | 'asked' | 'source_tickets'> & {
  tags: string;
  asked: string;
  source_tickets: string;
};
const toValues = (f: ArticleForm): EditorValues => ({
  ...f,
  tags: f.tags.join(', '),
  asked: f.asked.join('\n'),
  source_tickets: f.source_tickets.join(', '),
});

export type EditorView = {
  isNew: boolean;
  status: ArticleStatus;
  values: EditorValues;
  baseHash: string;
  errors: Record<string, string>;
  diff: DiffPart[] | null;
  notice: string | null;
  removals: Array<{ kind: string; value: string }>;
  categories: Array<{ slug: string; label: string }>;
  url: string | null;
  httpStatus: number;
  /** Agents and admins may make an article internal (or public again); managers may not. */
  canChangeAudience: boolean;
  /** How employees described the problems it solved (learned for suggestions); empty for a new article. */
  phrasings: PhrasingView[];
  /** The article's languages (source, translations, missing ones with requests); empty for a new article. */
  languages: ArticleLanguageState[];
};

const NOTICES: Record<string, MessageKey> = {
  promoted: 'editor.noticePromoted',
  saved: 'editor.noticeSaved',
  published: 'editor.noticePublished',
  archived: 'editor.noticeArchived',
  restored: 'editor.noticeRestored',
  'phrasing-removed': 'editor.noticePhrasingRemoved',
  'phrasing-gone': 'editor.noticePhrasingGone',
};

/** An EditorError worded for the reader (with the loader's finding, when it has one, in their language too). */
export function editorErrorText(i18n: I18n, error: EditorError): string {
  return i18n.t(error.localized, error.problem ? { problem: i18n.t(error.problem) } : undefined);
}

/** The form's field errors (catalogue keys from the zod schemas) in the reader's language. */
export function fieldErrorTexts(
  i18n: I18n,
  error: Parameters<typeof fieldErrors>[0],
): Record<string, string> {
  return Object.fromEntries(Object.entries(fieldErrors(error)).map(([k, v]) => [k, i18n.text(v)]));
}

type EditorContext = {
  i18n: I18n;
  agentId: number;
  db: ReturnType<typeof getDb>;
  content: ReturnType<typeof getContent>;
  /** The article as it is on disk, as form fields; null for a new one. */
  base: ReturnType<typeof formFromSource> | null;
  view: (values: EditorValues, extra?: Partial<EditorView>) => EditorView;
  canChangeAudience: boolean;
};

/**
 * /agent/kb/edit/<slug> and /agent/kb/new: the editor. Null → 404. Saving writes the file and a
 * revision, then refreshes the page cache and both search indexes before answering, so a publish is
 * suggested at /help as soon as the page comes back.
 */
export async function editorPage(
  request: Request,
  url: URL,
  locals: App.Locals,
  slug: string | null,
): Promise<{ redirect: string } | EditorView | null> {
  // Managers too: they draft articles for the content gaps they see in the reports.
  const agent = requirePerson(locals, ['agent', 'manager']);
  const db = getDb();
  const content = getContent(contentDir());
  const current = slug ? readArticleSource(contentDir(), slug) : null;
  if (slug && !current) return null;
  const base = current ? formFromSource(slug!, current.type, current.source) : null;
  const canChangeAudience = seesInternal(agent);
  // Internal articles answer 404 to whoever may not read them, as /kb/<slug> does. A file that cannot
  // be parsed might be one: its raw text is shown only to those who may read internal articles.
  if (base && !canChangeAudience && (base.audience === 'agents' || base.problem)) return null;
  const firstRevision = slug ? listRevisions(db, slug).at(-1) : undefined;
  const removals =
    firstRevision?.action === 'promoted'
      ? ((firstRevision.note as { removed?: Array<{ kind: string; value: string }> })?.removed ?? [])
      : [];
  const loaded = slug ? content.articles.find((a) => a.slug === slug) : undefined;
  const publishedUrl = base?.status === 'published' ? (loaded?.url ?? null) : null;
  const view = (values: EditorValues, extra: Partial<EditorView> = {}): EditorView => ({
    isNew: !current,
    status: base?.status ?? 'draft',
    values,
    baseHash: current?.hash ?? '',
    errors: {},
    diff: null,
    removals,
    categories: content.categories.map((c) => ({
      slug: c.slug,
      label: categoryLabel(c, locals.i18n.locale),
    })),
    notice: ((key) => (key ? locals.i18n.t(key) : null))(NOTICES[url.searchParams.get('done') ?? '']),
    url: publishedUrl,
    httpStatus: 200,
    canChangeAudience,
    phrasings: slug && current ? phrasingViews(db, slug) : [],
    languages: loaded ? languageStates(content, loaded, translationRequestCounts(db).get(loaded.slug)) : [],
    ...extra,
  });
  const context: EditorContext = {
    i18n: locals.i18n,
    agentId: agent.id,
    db,
    content,
    base,
    view,
    canChangeAudience,
  };
  if (request.method !== 'POST') return showEditor(context, url.searchParams);
  return saveFromEditor(context, await readForm(request));
}

/** The editor as opened: empty (a title from the content-gap link), the article, or the article with a ticket's fix appended. */
function showEditor({ i18n, db, content, base, view }: EditorContext, params: URLSearchParams): EditorView {
  if (!base) {
    const title = (params.get('title') ?? '').slice(0, 120);
    return view(
      toValues({
        slug: '',
        type: 'faq',
        title,
        summary: '',
        category: '',
        tags: [],
        asked: [],
        audience: 'employees',
        owner: 'it-service-desk',
        review_by: '',
        source_tickets: [],
        locale: 'en',
        body: '',
      }),
    );
  }
  if (base.problem) {
    const form = i18n.t('editor.unreadable', { reason: base.problem });
    return view(toValues(base), { errors: { form } });
  }
  // "Add the resolution to this article instead": the editor opens with the fix appended, nothing saved yet.
  const append = params.get('append');
  const preview = append && /^\d{1,9}$/.test(append) ? previewPromotion(db, content, Number(append)) : null;
  if (!preview) return view(toValues(base));
  const ticket = `T-${preview.ticketNumber}`;
  const sources = base.source_tickets.includes(ticket)
    ? base.source_tickets
    : [...base.source_tickets, ticket];
  const values = toValues({
    ...base,
    body: `${base.body.trimEnd()}${resolutionSection(preview)}`,
    source_tickets: sources,
  });
  return view(values, {
    notice: i18n.t('editor.noticeAppended', { ticket }),
    removals: preview.removals,
  });
}

const EDITOR_FIELDS = [
  'slug',
  'type',
  'title',
  'summary',
  'category',
  'tags',
  'asked',
  'audience',
  'owner',
  'review_by',
  'source_tickets',
  'locale',
  'body',
] as const;

/** Save, publish, archive or unpublish from the editor's form; a refusal comes back with everything typed. */
async function saveFromEditor(
  { i18n, agentId, db, content, base, view, canChangeAudience }: EditorContext,
  form: FormData,
): Promise<{ redirect: string } | EditorView> {
  const raw: Record<string, string> = Object.fromEntries(
    EDITOR_FIELDS.map((k) => [
      k,
      formText(form, k, k === 'body' ? 8_000_000 : k === 'asked' ? 12_000 : 4000),
    ]),
  );
  // Fields with a default may be left out (an API client, an older form): empty means "the default".
  for (const k of ['audience', 'owner', 'locale'] as const) if (!raw[k]?.trim()) delete raw[k];
  if (base) Object.assign(raw, { slug: base.slug, type: base.type }); // the address and kind of an existing article do not change here
  const values = raw as unknown as EditorValues;
  const baseHash = formText(form, 'baseHash', 200);
  const action = formText(form, 'action', 20) || 'save';
  const status = statusAfter(action, base?.status);
  const parsed = ArticleFormSchema.safeParse(raw);
  if (!parsed.success)
    return view(values, { errors: fieldErrorTexts(i18n, parsed.error), httpStatus: 400, baseHash });
  if (!canChangeAudience && parsed.data.audience !== (base?.audience ?? 'employees')) {
    const audience = i18n.t('editor.audienceRefused');
    return view(values, { errors: { audience }, httpStatus: 403, baseHash });
  }
  if (!content.categories.some((c) => c.slug === parsed.data.category))
    return view(values, {
      errors: { category: i18n.t('editor.categoryFromList') },
      httpStatus: 400,
      baseHash,
    });
  const saveAction: SaveAction = !base
    ? 'created'
    : action === 'publish'
      ? 'published'
      : action === 'archive'
        ? 'archived'
        : 'saved';
  try {
    saveArticle(db, contentDir(), {
      form: parsed.data,
      status,
      baseHash: base ? baseHash : null,
      authorId: agentId,
      action: saveAction,
    });
  } catch (error) {
    if (error instanceof StaleEditError)
      return view(values, {
        errors: { form: editorErrorText(i18n, error) },
        diff: error.diff,
        baseHash: error.currentHash,
        httpStatus: 409,
      });
    if (error instanceof EditorError)
      return view(values, {
        errors: { [error.field]: editorErrorText(i18n, error) },
        httpStatus: 400,
        baseHash,
      });
    // The disk refused the file or its revision: nothing changed on disk, the form comes back as typed.
    const refusal = storageRefusal(error);
    if (!refusal) throw error;
    return view(values, { errors: { form: refusal }, httpStatus: 503, baseHash });
  }
  await refreshAfterSave();
  return {
    redirect: `/agent/kb/edit/${parsed.data.slug}?done=${saveAction === 'created' ? 'saved' : saveAction}`,
  };
}

/**
 * After a save: pages, suggestions and search get the change. The save itself is done; a disk that
 * cannot take the search copies now must not turn it into an error. The pages already show it; the
 * suggestion index and Meilisearch catch up at the next change that can be written, or the next start.
 */
export async function refreshAfterSave(): Promise<void> {
  try {
    await refreshKnowledgeBase(contentDir());
  } catch (error) {
    if (!storageRefusal(error)) throw error;
    getLogger().warn(`Saved, but the search copies were not updated: ${(error as Error).message}`);
  }
}

/** /agent/kb/revisions/<slug>: every saved version; a diff of one against the current text; restore. */
export type RevisionsView = {
  slug: string;
  /** Set for a translation's history: its language, and where its editor is. */
  translation?: { locale: Locale; editor: string };
  title: string;
  /** The article's language (its title is shown marked with it). */
  locale: Locale;
  revisions: Revision[];
  baseHash: string;
  stale: boolean;
  compare: { id: number; diff: DiffPart[] } | null;
};

export async function revisionsPage(
  request: Request,
  url: URL,
  locals: App.Locals,
  slug: string | undefined,
): Promise<{ redirect: string } | RevisionsView | null> {
  const agent = requirePerson(locals, ['agent', 'manager']);
  const db = getDb();
  const current = slug ? readArticleSource(contentDir(), slug) : null;
  if (!slug || !current) return null;
  const opened = formFromSource(slug, current.type, current.source);
  const internal = seesInternal(agent);
  if (!internal && (opened.audience === 'agents' || opened.problem)) return null;
  if (request.method === 'POST') {
    const form = await readForm(request);
    const id = Number(form.get('revision'));
    const text = Number.isSafeInteger(id) ? getRevisionContent(db, slug, id) : null;
    if (!text) return { redirect: `/agent/kb/revisions/${slug}` };
    // A manager's restore keeps who may read the article: only agents and admins change that.
    const old = formFromSource(slug, current.type, text);
    const restored = internal ? old : { ...old, audience: opened.audience };
    const parsed = ArticleFormSchema.safeParse({ ...toValues(restored) });
    if (!parsed.success) return { redirect: `/agent/kb/revisions/${slug}` };
    try {
      saveArticle(db, contentDir(), {
        form: parsed.data,
        status: restored.status,
        baseHash: String(form.get('baseHash') ?? ''),
        authorId: agent.id,
        action: 'restored',
        note: { revision: id },
      });
    } catch (error) {
      if (error instanceof StaleEditError) return { redirect: `/agent/kb/revisions/${slug}?stale=1` };
      throw error;
    }
    await refreshAfterSave();
    return { redirect: `/agent/kb/edit/${slug}?done=restored` };
  }
  const revisions = listRevisions(db, slug);
  const chosen = Number(url.searchParams.get('rev'));
  const chosenText = Number.isSafeInteger(chosen) ? getRevisionContent(db, slug, chosen) : null;
  return {
    slug,
    title: opened.title || slug,
    locale: opened.locale,
    revisions,
    baseHash: current.hash,
    stale: url.searchParams.has('stale'),
    compare: chosenText === null ? null : { id: chosen, diff: diffText(chosenText, current.source) },
  };
}

/** POST /api/kb/preview: the body rendered by the site's own pipeline (sanitized), for the editor's live preview. */
export async function previewMarkdown(request: Request, locals: App.Locals): Promise<Response> {
  requirePerson(locals, ['agent', 'manager']);
  const form = await readForm(request);
  const body = String(form.get('body') ?? '');
  if (body.length > 300_000)
    return Response.json({ error: locals.i18n.t('editor.previewTooLong') }, { status: 413 });
  return Response.json({ html: renderMarkdown(body).html }, { headers: { 'Cache-Control': 'no-store' } });
}
