import type { Article, LoadedContent, Translation } from '#lib/content/load.ts';
import { translationsOf } from '#lib/content/store.ts';
import type { Locale } from '#lib/i18n/locales.ts';

/**
 * One language's text of an article as the indexes hold it: the source, or a translation with the
 * source's category and audience (decision 062). Translations share the source's slug and URL.
 */
export type IndexedText = Pick<
  Article,
  | 'slug'
  | 'type'
  | 'url'
  | 'category'
  | 'status'
  | 'audience'
  | 'locale'
  | 'title'
  | 'tags'
  | 'summary'
  | 'headings'
  | 'text'
  | 'updated'
  | 'hash'
> & {
  /** True for the source file (`<slug>.md`), false for a translation (`<slug>.<locale>.md`). */
  source: boolean;
  /** Every language the slug is published in (its source's and its published translations'). */
  languages: Locale[];
};

/** A translation is shown to employees only when both it and its source are published. */
const statusOf = (t: Translation, source: Article): Article['status'] =>
  source.status !== 'published' ? source.status : t.status;

function textsOf(content: LoadedContent, source: Article): IndexedText[] {
  const translations = translationsOf(content, source);
  // A draft translation does not count: until it is published, readers get the source's text.
  const languages = [
    source.locale,
    ...translations.filter((t) => t.status === 'published').map((t) => t.locale),
  ];
  return [
    { ...pick(source), source: true, languages },
    ...translations.map((t): IndexedText => ({
      ...pick(source),
      locale: t.locale,
      status: statusOf(t, source),
      title: t.title,
      tags: t.tags,
      summary: t.summary,
      headings: t.headings,
      text: t.text,
      updated: t.updated ?? source.updated,
      // A translation's row changes with its own file and with its source's (status, category).
      hash: `${t.hash}.${source.hash}`,
      source: false,
      languages,
    })),
  ];
}

function pick(a: Article): Omit<IndexedText, 'source' | 'languages'> {
  const {
    slug,
    type,
    url,
    category,
    status,
    audience,
    locale,
    title,
    tags,
    summary,
    headings,
    text,
    updated,
    hash,
  } = a;
  return {
    slug,
    type,
    url,
    category,
    status,
    audience,
    locale,
    title,
    tags,
    summary,
    headings,
    text,
    updated,
    hash,
  };
}

/** Every language's text of every article: what the FTS5 tables and the Meilisearch index hold. */
export function indexedTexts(content: LoadedContent): IndexedText[] {
  return content.articles.flatMap((a) => textsOf(content, a));
}

/** The texts of the named slugs only (each slug with all its languages): for an update after an edit. */
export function indexedTextsOf(content: LoadedContent, slugs: Iterable<string>): IndexedText[] {
  const wanted = new Set(slugs);
  return content.articles.filter((a) => wanted.has(a.slug)).flatMap((a) => textsOf(content, a));
}
