import { getConfig } from '#lib/config/config.ts';
import {
  diffText,
  EditorError,
  formFromSource,
  getRevisionContent,
  listRevisions,
  restoreTranslationRevision,
  readArticleSource,
  readTranslationSource,
  saveTranslation,
  StaleEditError,
  statusAfter,
  translationFormFromSource,
  TranslationFormSchema,
  type ArticleStatus,
  type DiffPart,
  type SaveAction,
  type TranslationForm,
} from '#lib/content/editor.ts';
import { renderMarkdown } from '#lib/content/render.ts';
import { getContent } from '#lib/content/store.ts';
import { getDb } from '#lib/db/connection.ts';
import { isLocale, LOCALE_NAMES, type Locale } from '#lib/i18n/locales.ts';
import type { MessageKey } from '#lib/i18n/messages/index.ts';
import { readerFor } from '#lib/auth/roles.ts';
import { formText, readForm } from './http.ts';
import { requirePerson } from './guards.ts';
import { editorErrorText, fieldErrorTexts, refreshAfterSave, type RevisionsView } from './kb-pages.ts';
import { storageRefusal } from './storage-refusal.ts';

const contentDir = () => getConfig().contentDir;

type TranslationValues = Omit<TranslationForm, 'tags'> & { tags: string };

/** /agent/kb/translate/<slug>/<lang>: the translation's fields, and the source article beside them. */
export type TranslationEditorView = {
  slug: string;
  locale: Locale;
  localeName: string;
  isNew: boolean;
  status: ArticleStatus;
  values: TranslationValues;
  baseHash: string;
  errors: Record<string, string>;
  diff: DiffPart[] | null;
  notice: string | null;
  httpStatus: number;
  /** The source as it is now: what is being translated. */
  source: {
    title: string;
    summary: string;
    tags: string;
    html: string;
    updated: string;
    locale: Locale;
    url: string;
  };
  /** The source changed since this translation last followed it. */
  outdated: boolean;
};

const NOTICES = {
  saved: 'translations.saved',
  published: 'translations.published',
  archived: 'translations.archived',
  restored: 'editor.noticeRestored',
} as const;
const noticeFor = (done: string | null): MessageKey | null =>
  done && Object.hasOwn(NOTICES, done) ? NOTICES[done as keyof typeof NOTICES] : null;

/**
 * Create or edit a translation. A new one opens with the source's text to translate over; saving
 * records which source date the translation follows (`source_updated`): the source's date now, unless
 * the translator leaves "up to date with the source" unticked. Null → 404.
 */
export async function translationEditorPage(
  request: Request,
  url: URL,
  locals: App.Locals,
  slug: string | undefined,
  lang: string | undefined,
): Promise<{ redirect: string } | TranslationEditorView | null> {
  const person = requirePerson(locals, ['agent', 'manager']);
  if (!slug || !isLocale(lang)) return null;
  const current = readArticleSource(contentDir(), slug);
  if (!current) return null;
  const source = formFromSource(slug, current.type, current.source);
  if (source.problem || source.locale === lang) return null;
  if (source.audience === 'agents' && !readerFor(person).seesInternal) return null;
  const existing = readTranslationSource(contentDir(), slug, lang);
  const base = existing ? translationFormFromSource(existing.source) : null;
  // The date the source carries now, as the loader read it (a source that does not load has none: today).
  const loaded = getContent(contentDir()).articles.find((a) => a.slug === slug);
  const sourceUpdated = loaded?.updated ?? new Date().toISOString().slice(0, 10);
  const view = (
    values: TranslationValues,
    extra: Partial<TranslationEditorView> = {},
  ): TranslationEditorView => ({
    slug,
    locale: lang,
    localeName: LOCALE_NAMES[lang],
    isNew: !existing,
    status: base?.status ?? 'draft',
    values,
    baseHash: existing?.hash ?? '',
    errors: {},
    diff: null,
    notice: ((key) => (key ? locals.i18n.t(key) : null))(noticeFor(url.searchParams.get('done'))),
    httpStatus: 200,
    source: {
      title: source.title,
      summary: source.summary,
      tags: source.tags.join(', '),
      html: renderMarkdown(source.body).html,
      updated: sourceUpdated,
      locale: source.locale,
      url: `/${current.type === 'faq' ? 'faq' : 'kb'}/${slug}`,
    },
    outdated: Boolean(base && sourceUpdated && base.source_updated < sourceUpdated),
    ...extra,
  });
  if (request.method !== 'POST') {
    if (base?.problem) {
      const form = locals.i18n.t('translations.unreadable', { reason: base.problem });
      return view({ ...base, tags: base.tags.join(', ') }, { errors: { form } });
    }
    // A new translation starts from the source: translate it in place, section by section. Its review
    // is due in half a year, like a promoted draft's: the translator has just checked every sentence.
    const start = base ?? {
      title: source.title,
      summary: source.summary,
      tags: [],
      review_by: new Date(Date.now() + 182 * 86_400_000).toISOString().slice(0, 10),
      source_updated: sourceUpdated,
      body: source.body,
    };
    return view({ ...start, tags: start.tags.join(', ') });
  }
  const form = await readForm(request);
  const raw = {
    title: formText(form, 'title', 4000),
    summary: formText(form, 'summary', 4000),
    tags: formText(form, 'tags', 4000),
    review_by: formText(form, 'review_by', 40),
    // Ticked: the translation now follows the source as it is; unticked: it keeps the date it followed.
    source_updated: form.get('upToDate')
      ? sourceUpdated
      : (base?.source_updated ?? formText(form, 'source_updated', 40)),
    body: formText(form, 'body', 8_000_000),
  };
  const baseHash = formText(form, 'baseHash', 200);
  const action = formText(form, 'action', 20) || 'save';
  const status = statusAfter(action, base?.status);
  const parsed = TranslationFormSchema.safeParse(raw);
  if (!parsed.success)
    return view(raw, { errors: fieldErrorTexts(locals.i18n, parsed.error), httpStatus: 400, baseHash });
  const saveAction: SaveAction = !existing
    ? 'created'
    : action === 'publish'
      ? 'published'
      : action === 'archive'
        ? 'archived'
        : 'saved';
  try {
    saveTranslation(getDb(), contentDir(), {
      slug,
      locale: lang,
      form: parsed.data,
      status,
      baseHash: existing ? baseHash : null,
      authorId: person.id,
      action: saveAction,
    });
  } catch (error) {
    if (error instanceof StaleEditError)
      return view(raw, {
        errors: { form: editorErrorText(locals.i18n, error) },
        diff: error.diff,
        baseHash: error.currentHash,
        httpStatus: 409,
      });
    if (error instanceof EditorError)
      return view(raw, {
        errors: { [error.field]: editorErrorText(locals.i18n, error) },
        httpStatus: 400,
        baseHash,
      });
    const refusal = storageRefusal(error);
    if (!refusal) throw error;
    return view(raw, { errors: { form: refusal }, httpStatus: 503, baseHash });
  }
  await refreshAfterSave();
  const done = action === 'publish' ? 'published' : action === 'archive' ? 'archived' : 'saved';
  return { redirect: `/agent/kb/translate/${slug}/${lang}?done=${done}` };
}

/**
 * /agent/kb/revisions/<slug>/<lang>: every saved version of one translation, a diff of one against the
 * current text, and restoring it (POST) as a new save. The same readers as the translation's editor;
 * null → 404 (no such article, language or translation).
 */
export async function translationRevisionsPage(
  request: Request,
  url: URL,
  locals: App.Locals,
  slug: string | undefined,
  lang: string | undefined,
): Promise<{ redirect: string } | RevisionsView | null> {
  const person = requirePerson(locals, ['agent', 'manager']);
  if (!slug || !isLocale(lang)) return null;
  const source = readArticleSource(contentDir(), slug);
  if (!source) return null;
  const opened = formFromSource(slug, source.type, source.source);
  if (opened.problem || opened.locale === lang) return null;
  if (opened.audience === 'agents' && !readerFor(person).seesInternal) return null;
  const current = readTranslationSource(contentDir(), slug, lang);
  const db = getDb();
  const here = `/agent/kb/revisions/${slug}/${lang}`;
  if (request.method === 'POST') {
    const form = await readForm(request);
    const revisionId = Number(form.get('revision'));
    if (!current || !Number.isSafeInteger(revisionId)) return { redirect: here };
    try {
      restoreTranslationRevision(db, contentDir(), {
        slug,
        locale: lang,
        revisionId,
        baseHash: String(form.get('baseHash') ?? ''),
        authorId: person.id,
      });
    } catch (error) {
      if (error instanceof StaleEditError) return { redirect: `${here}?stale=1` };
      // An unknown or unreadable revision: the list again (the comparison says why it cannot be used).
      if (error instanceof EditorError) return { redirect: here };
      throw error;
    }
    await refreshAfterSave();
    return { redirect: `/agent/kb/translate/${slug}/${lang}?done=restored` };
  }
  const revisions = listRevisions(db, slug, lang);
  if (!current && revisions.length === 0) return null;
  const chosen = Number(url.searchParams.get('rev'));
  const chosenText = Number.isSafeInteger(chosen) ? getRevisionContent(db, slug, chosen, lang) : null;
  const translated = current ? translationFormFromSource(current.source) : null;
  return {
    slug,
    title: translated?.title || opened.title || slug,
    locale: translated?.title ? lang : opened.locale,
    translation: { locale: lang, editor: `/agent/kb/translate/${slug}/${lang}` },
    revisions,
    baseHash: current?.hash ?? '',
    stale: url.searchParams.has('stale'),
    compare:
      chosenText === null || !current ? null : { id: chosen, diff: diffText(chosenText, current.source) },
  };
}
