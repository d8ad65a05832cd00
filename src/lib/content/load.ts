import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { renderMarkdown, type Heading, type RenderedMarkdown } from './render.ts';
import type { RenderStore } from './render-store.ts';
import { CategorySchema, FrontMatterSchema, SLUG_PATTERN, TranslationFrontMatterSchema, type Category, type FrontMatter, type TranslationFrontMatter } from './schema.ts';
import { isLocale, LOCALES, type Locale } from '#lib/i18n/locales.ts';
import { remember } from '#lib/config/remember.ts';
import { parseFrontMatter } from './front-matter.ts';

export type ArticleType = 'article' | 'faq';

/** A validated, rendered KB article or FAQ. */
export type Article = FrontMatter & {
  type: ArticleType;
  slug: string;
  /** Site path: /kb/<slug> or /faq/<slug>. */
  url: string;
  /** Path relative to the content directory, for messages. */
  file: string;
  html: string;
  text: string;
  headings: Heading[];
  internalLinks: string[];
  /** Changes whenever the file or the way it is indexed changes; the index sync compares it. */
  hash: string;
  /** What the rendered body is kept under (see useRenderStore). */
  renderKey: string;
  wordCount: number;
};

/** A file that was skipped, with what to do about it. */
export type ContentProblem = { file: string; field?: string; message: string };

export type LoadedContent = {
  /** Source articles, one per slug (in the language their `locale` names, English unless stated). */
  articles: Article[];
  /** Translations of those articles (`<slug>.<locale>.md`), each beside its source; see translationsOf in store.ts. */
  translations: Translation[];
  categories: Category[];
  /** Files that were skipped. */
  problems: ContentProblem[];
  /** Files that load but need fixing (links to articles that do not exist). */
  warnings: ContentProblem[];
};

/** Files above this size are skipped: no real article is this long, and parsing one would stall the site. */
export const MAX_ARTICLE_BYTES = 256 * 1024;

// Bump when the indexed document shape changes so every document is sent again.
const INDEX_SHAPE_VERSION = '1';

/** An article's content hash (what the index stores to know what changed): the file's bytes and the document shape. */
export function articleHash(raw: Buffer | string): string {
  return createHash('sha256').update(INDEX_SHAPE_VERSION).update(raw).digest('hex');
}

/**
 * True when every named file (`kb/x.md`, `faq/y.md`) is exactly what `content` already holds, or is gone
 * and so is its article: a change notification the app caused itself, or a touch without a change.
 */
export function isUpToDate(contentDir: string, content: LoadedContent, files: Iterable<string>): boolean {
  for (const file of files) {
    const article = content.articles.find((a) => a.file === file) ?? content.translations.find((t) => t.file === file);
    const absolute = path.join(contentDir, file);
    if (!fs.existsSync(absolute)) {
      if (article) return false;
      continue;
    }
    if (!article || article.hash !== articleHash(fs.readFileSync(absolute))) return false;
  }
  return true;
}

const FOLDERS: Array<{ dir: string; type: ArticleType; base: string }> = [
  { dir: 'kb', type: 'article', base: '/kb' },
  { dir: 'faq', type: 'faq', base: '/faq' },
];


/** Reads categories.json; a broken file is a problem, and the site falls back to no categories. */
export function loadCategories(contentDir: string): { categories: Category[]; problems: ContentProblem[] } {
  const file = path.join(contentDir, 'categories.json');
  try {
    const parsed = z.array(CategorySchema).min(1).safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (parsed.success) return { categories: parsed.data, problems: [] };
    return { categories: [], problems: parsed.error.issues.map((i) => ({ file: 'categories.json', field: i.path.join('.'), message: i.message })) };
  } catch (error) {
    return { categories: [], problems: [{ file: 'categories.json', message: `cannot read it: ${(error as Error).message}. Fix: it must be a JSON array of {"slug","label","description"}.` }] };
  }
}

// What each loaded article's file looked like (inode, size, modification time), so a reload reads and
// parses only files that changed: on 10,000 articles a full reload took 8 s, a stat of each file ~50 ms.
// Shared by both copies of this module (see store.ts).
const fileStamps = remember('content.fileStamps', () => new WeakMap<Article | Translation, string>());

function stampOf(absolute: string): string | null {
  try {
    const stat = fs.lstatSync(absolute, { bigint: true });
    return `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
  } catch {
    return null;
  }
}

/** A translation of an article: its own title, summary, tags and body; the rest comes from the source. */
export type Translation = TranslationFrontMatter & {
  type: ArticleType;
  /** The source article's slug (and so its URL: translations share it). */
  slug: string;
  url: string;
  /** Path relative to the content directory: kb/<slug>.<locale>.md. */
  file: string;
  html: string;
  text: string;
  headings: Heading[];
  internalLinks: string[];
  /** The translation file's own hash (the source's `hash` does not change with it). */
  hash: string;
  renderKey: string;
  wordCount: number;
};

type Folder = (typeof FOLDERS)[number];
type Loaded<T> = { article: T } | { problem: ContentProblem };

/** `reset.md` → source; `reset.de.md` → translation; anything else with a dot → a problem. */
function classifyName(name: string): { slug: string; locale: Locale | null } | { problem: string } {
  const [slug = '', ...rest] = name.slice(0, -'.md'.length).split('.');
  if (rest.length === 0) return { slug, locale: null };
  const tag = rest.join('.');
  if (rest.length === 1 && isLocale(tag)) return { slug, locale: tag };
  return { problem: `"${tag}" in the file name is not a language Fixpoint speaks. Fix: name a translation <slug>.de.md or <slug>.it.md (${LOCALES.join(', ')}), and use hyphens, not dots, in a slug.` };
}

/**
 * Loads, validates and renders every article and translation under contentDir. Never throws for bad
 * content. Given the previous load, files that are untouched are reused as they are (same objects),
 * unless the categories changed, which can change what is valid.
 */
export function loadContent(contentDir: string, previous?: LoadedContent): LoadedContent {
  const { categories, problems } = loadCategories(contentDir);
  const categorySlugs = new Set(categories.map((c) => c.slug));
  const articles: Article[] = [];
  const translations: Translation[] = [];
  const seen = new Map<string, string>();
  const sameCategories = previous && JSON.stringify(previous.categories) === JSON.stringify(categories);
  const reusable = new Map<string, Article | Translation>(sameCategories ? [...previous.articles, ...previous.translations].map((a) => [a.file, a]) : []);
  const reuse = <T extends Article | Translation>(absolute: string, file: string, load: () => Loaded<T>): Loaded<T> => {
    const stamp = stampOf(absolute);
    const before = reusable.get(file) as T | undefined;
    const result = before && stamp && fileStamps.get(before) === stamp ? { article: before } : load();
    if ('article' in result && stamp) fileStamps.set(result.article, stamp);
    return result;
  };
  const pending: Array<{ folder: Folder; name: string; slug: string; locale: Locale }> = [];

  for (const folder of FOLDERS) {
    const dir = path.join(contentDir, folder.dir);
    const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith('.md')).sort() : [];
    for (const name of names) {
      const file = `${folder.dir}/${name}`;
      const kind = classifyName(name);
      if ('problem' in kind) {
        problems.push({ file, message: kind.problem });
        continue;
      }
      if (kind.locale) {
        pending.push({ folder, name, slug: kind.slug, locale: kind.locale });
        continue;
      }
      const result = reuse(path.join(dir, name), file, () => loadArticle(path.join(dir, name), file, folder, categorySlugs));
      if ('problem' in result) {
        problems.push(result.problem);
        continue;
      }
      const other = seen.get(result.article.slug);
      if (other) {
        problems.push({ file, message: `the slug "${result.article.slug}" is already used by ${other}. Fix: rename one of the files; slugs are unique across kb/ and faq/.` });
        continue;
      }
      seen.set(result.article.slug, file);
      articles.push(result.article);
    }
  }
  const sources = new Map(articles.map((a) => [a.file, a]));
  const skipped = new Set(problems.map((p) => p.file));
  for (const t of pending) {
    const file = `${t.folder.dir}/${t.name}`;
    const sourceFile = `${t.folder.dir}/${t.slug}.md`;
    const source = sources.get(sourceFile);
    if (!source) {
      const message = skipped.has(sourceFile)
        ? `its source article ${sourceFile} was skipped (see its problem). Fix: repair the source; the translation is shown again once it loads.`
        : `there is no source article ${sourceFile} for this translation. Fix: add the source article, rename this file to the slug of an existing one, or delete it.`;
      problems.push({ file, field: 'source', message });
      continue;
    }
    if (source.locale === t.locale) {
      problems.push({ file, field: 'locale', message: `the source article ${sourceFile} is already in ${t.locale}. Fix: translate into another language, or delete this file.` });
      continue;
    }
    const absolute = path.join(contentDir, file);
    const result = reuse(absolute, file, () => loadTranslation(absolute, file, t.folder, t.slug, t.locale));
    if ('problem' in result) problems.push(result.problem);
    else translations.push(result.article);
  }
  const urls = new Set(articles.map((a) => a.url));
  const warnings = [...articles, ...translations].flatMap((a) =>
    a.internalLinks.filter((href) => !urls.has(href)).map((href) => ({ file: a.file, message: `links to ${href}, which does not exist. Fix: correct the slug or remove the link.` })),
  );
  return { articles, translations, categories, problems, warnings };
}

/** The file's bytes, or why it cannot be an article (a link, too large, unreadable). */
function readArticleFile(absolute: string, file: string): { raw: Buffer } | { problem: ContentProblem } {
  try {
    const stat = fs.lstatSync(absolute);
    if (!stat.isFile()) return { problem: { file, message: 'not a regular file (links are not followed). Fix: replace it with the Markdown file itself.' } };
    if (stat.size > MAX_ARTICLE_BYTES) {
      return { problem: { file, message: `the file is ${(stat.size / 1024 / 1024).toFixed(1)} MB; articles are limited to ${MAX_ARTICLE_BYTES / 1024} KB. Fix: split it into several articles or move attachments out.` } };
    }
    return { raw: fs.readFileSync(absolute) };
  } catch (error) {
    return { problem: { file, message: `cannot read the file: ${(error as Error).message}` } };
  }
}

function loadArticle(absolute: string, file: string, folder: Folder, categorySlugs: Set<string>): Loaded<Article> {
  const slug = path.basename(file, '.md');
  if (!SLUG_PATTERN.test(slug)) {
    return { problem: { file, message: `the file name is not a valid slug. Fix: rename it to lowercase letters, digits and hyphens, e.g. ${suggestSlug(slug)}.md` } };
  }
  const read = readArticleFile(absolute, file);
  if ('problem' in read) return read;
  const checked = parseArticleSource(read.raw.toString('utf8'), folder.type, categorySlugs);
  if ('problem' in checked) return { problem: { file, ...checked.problem } };
  const { data, body } = checked;
  const rendered = renderCached(body);
  return {
    article: {
      ...data,
      type: folder.type,
      slug,
      url: `${folder.base}/${slug}`,
      file,
      ...rendered,
      hash: articleHash(read.raw),
      wordCount: rendered.text.split(/\s+/).filter(Boolean).length,
    },
  };
}

function loadTranslation(absolute: string, file: string, folder: Folder, slug: string, locale: Locale): Loaded<Translation> {
  const read = readArticleFile(absolute, file);
  if ('problem' in read) return read;
  const checked = parseTranslationSource(read.raw.toString('utf8'), locale, slug);
  if ('problem' in checked) return { problem: { file, ...checked.problem } };
  const rendered = renderCached(checked.body);
  return {
    article: {
      ...checked.data,
      type: folder.type,
      slug,
      url: `${folder.base}/${slug}`,
      file,
      ...rendered,
      hash: articleHash(read.raw),
      wordCount: rendered.text.split(/\s+/).filter(Boolean).length,
    },
  };
}

/** A translation's front matter and body, validated as the loader does it (the editor checks a save with it). */
export function parseTranslationSource(source: string, locale: Locale, slug = '<slug>'): { data: TranslationFrontMatter; body: string } | { problem: Omit<ContentProblem, 'file'> } {
  let parsed: ReturnType<typeof parseFrontMatter>;
  try {
    parsed = parseFrontMatter(source);
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    return { problem: { field: 'front matter', message: `the front matter is not valid YAML (${reason}). Fix: check the lines between the --- markers; quote values that contain a colon.` } };
  }
  const front = TranslationFrontMatterSchema.safeParse(parsed.data ?? {});
  if (!front.success) {
    const issue = front.error.issues[0]!;
    const field = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.join('.') || 'front matter';
    return { problem: { field, message: issue.message } };
  }
  if (front.data.locale !== locale) {
    return { problem: { field: 'locale', message: `locale is "${front.data.locale}" but the file name says ${locale}. Fix: write \`locale: ${locale}\`, or rename the file to ${slug}.${front.data.locale}.md.` } };
  }
  return { data: front.data, body: parsed.content };
}

/**
 * Front matter and body of an article's source, validated the way the loader does it (the editor
 * checks a save with this before writing). A problem names the field and the fix.
 */
export function parseArticleSource(source: string, type: ArticleType, categorySlugs: Set<string>): { data: FrontMatter; body: string } | { problem: Omit<ContentProblem, 'file'> } {
  let parsed: ReturnType<typeof parseFrontMatter>;
  try {
    parsed = parseFrontMatter(source);
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    return { problem: { field: 'front matter', message: `the front matter is not valid YAML (${reason}). Fix: check the lines between the --- markers; quote values that contain a colon.` } };
  }
  const front = FrontMatterSchema.safeParse(parsed.data ?? {});
  if (!front.success) {
    const issue = front.error.issues[0]!;
    return { problem: { field: issue.path.join('.') || 'front matter', message: issue.message } };
  }
  const data = front.data;
  const folder = FOLDERS.find((f) => f.type === type)!;
  if (data.type && data.type !== type) {
    return { problem: { field: 'type', message: `type is "${data.type}" but the file is in ${folder.dir}/. Fix: move the file or remove the type line.` } };
  }
  if (!categorySlugs.has(data.category)) {
    const known = [...categorySlugs].join(', ');
    return { problem: { field: 'category', message: `unknown category "${data.category}". Fix: use one of ${known || '(none: categories.json is missing or broken)'}, or add it to content/categories.json.` } };
  }
  return { data, body: parsed.content };
}

// Rendering is the expensive part of loading (~6–10 ms an article). Keyed by the Markdown itself, so a
// reload after one file changed renders that file only; with a persistent store (set at start), a
// restart renders only what changed since the last run. Shared by both copies of this module (see store.ts).
type RenderCache = { memory: Map<string, RenderedMarkdown>; store: RenderStore | null };
const renderCache = remember<RenderCache>('content.renderCache', () => ({ memory: new Map(), store: null }));
const RENDER_CACHE_LIMIT = 50_000;

/** Keeps renders in `store` as well as in memory (null: memory only). */
export function useRenderStore(store: RenderStore | null): void {
  renderCache.store = store;
}

/** The key an article body's render is kept under. */
export function renderKey(markdown: string): string {
  return createHash('sha256').update(markdown).digest('base64');
}

function renderCached(markdown: string): RenderedMarkdown & { renderKey: string } {
  const key = renderKey(markdown);
  let rendered = renderCache.memory.get(key);
  if (!rendered) {
    rendered = renderCache.store?.get(key);
    if (!rendered) {
      rendered = renderMarkdown(markdown);
      renderCache.store?.put(key, rendered);
    }
    if (renderCache.memory.size >= RENDER_CACHE_LIMIT) renderCache.memory.delete(renderCache.memory.keys().next().value!);
    renderCache.memory.set(key, rendered);
  }
  return { ...rendered, renderKey: key };
}

function suggestSlug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'my-article';
}
