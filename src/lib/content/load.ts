import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { renderMarkdown, type Heading, type RenderedMarkdown } from './render.ts';
import type { RenderStore } from './render-store.ts';
import { CategorySchema, FrontMatterSchema, INHERITED_FIELDS, SLUG_PATTERN, TranslationFrontMatterSchema, type Category, type FrontMatter, type TranslationFrontMatter } from './schema.ts';
import { isLocale, LOCALES, type Locale } from '#lib/i18n/locales.ts';
import { isMessageKey, msg, translate, type Message, type MessageKey, type MessageValues } from '#lib/i18n/translate.ts';
import { remember } from '#lib/config/remember.ts';
import { parseFrontMatter } from './front-matter.ts';

export type ArticleType = 'article' | 'faq';

/** What loading gives every Markdown file, article or translation: where it lives and its rendered body. */
type RenderedFile = {
  type: ArticleType;
  slug: string;
  /** Site path: /kb/<slug> or /faq/<slug> (a translation shares its source's). */
  url: string;
  /** Path relative to the content directory, for messages. */
  file: string;
  /** The body without markup. Its HTML is not kept here: articleHtml() gives it. */
  text: string;
  headings: Heading[];
  internalLinks: string[];
  /** Changes whenever the file or the way it is indexed changes; the index sync compares it. */
  hash: string;
  /** What the rendered body is kept under (see useRenderStore); articleHtml() finds the HTML by it. */
  renderKey: string;
  wordCount: number;
};

/** A validated, rendered KB article or FAQ. */
export type Article = FrontMatter & RenderedFile;

/** A file that was skipped, with what to do about it. */
/**
 * What is wrong with a file. `message` is English (`npm run content:check` prints it for writers);
 * `localized`, when there is one, is the same message for the editor to show in the reader's language.
 */
export type ContentProblem = { file: string; field?: string; message: string; localized?: Message };

/** A problem worded by the catalogue: English for the command line, the key for the editor. */
function problemOf(field: string, key: MessageKey, values?: MessageValues): Omit<ContentProblem, 'file'> {
  return { field, message: translate('en', key, values), localized: msg(key, values) };
}

/** The same, about the whole file (no field). */
function noField(key: MessageKey, values?: MessageValues): Omit<ContentProblem, 'file' | 'field'> {
  return { message: translate('en', key, values), localized: msg(key, values) };
}

/** A zod issue of the front-matter schemas: their messages are catalogue keys; zod's own are shown as they are. */
function issueProblem(field: string, issue: z.core.$ZodIssue): Omit<ContentProblem, 'file'> {
  if (issue.code === 'unrecognized_keys')
    return problemOf(field, 'editor.fmNotInTranslation', {
      keys: issue.keys.map((k) => `\`${k}\``).join(', '),
      count: issue.keys.length,
      inherited: INHERITED_FIELDS.join(', '),
    });
  return isMessageKey(issue.message) ? problemOf(field, issue.message) : { field, message: issue.message };
}

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
    return { categories: [], problems: [{ file: 'categories.json', ...noField('editor.fmCategoriesUnreadable', { reason: (error as Error).message, shape: '{"slug","label","description"}' }) }] };
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
// `slug` is the source's; `file` is kb/<slug>.<locale>.md; `hash` is the translation file's own (the
// source's does not change with it).
export type Translation = TranslationFrontMatter & RenderedFile;

type Folder = (typeof FOLDERS)[number];
type Loaded<T> = { article: T } | { problem: ContentProblem };

/** `reset.md` → source; `reset.de.md` → translation; anything else with a dot → a problem. */
function classifyName(name: string): { slug: string; locale: Locale | null } | { problem: Omit<ContentProblem, 'file' | 'field'> } {
  const [slug = '', ...rest] = name.slice(0, -'.md'.length).split('.');
  if (rest.length === 0) return { slug, locale: null };
  const tag = rest.join('.');
  if (rest.length === 1 && isLocale(tag)) return { slug, locale: tag };
  return { problem: noField('editor.fmLanguageTag', { tag, de: '<slug>.de.md', it: '<slug>.it.md', locales: LOCALES.join(', ') }) };
}

/** `reset.de.md` is a translation (of `reset.md`); the backup counts them apart from articles. */
export function isTranslationFileName(name: string): boolean {
  if (!name.endsWith('.md')) return false;
  const named = classifyName(name);
  return 'locale' in named && named.locale !== null;
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
    for (const name of markdownNames(dir)) {
      const file = `${folder.dir}/${name}`;
      const kind = classifyName(name);
      if ('problem' in kind) {
        problems.push({ file, ...kind.problem });
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
        problems.push({ file, ...noField('editor.fmDuplicateSlug', { slug: result.article.slug, other }) });
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
      problems.push({ file, ...problemOf('source', skipped.has(sourceFile) ? 'editor.fmSourceSkipped' : 'editor.fmNoSource', { source: sourceFile }) });
      continue;
    }
    if (source.locale === t.locale) {
      problems.push({ file, ...problemOf('locale', 'editor.fmSameLocale', { source: sourceFile, locale: t.locale }) });
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
    if (!stat.isFile()) return { problem: { file, ...noField('editor.fmNotAFile') } };
    if (stat.size > MAX_ARTICLE_BYTES) {
      return { problem: { file, ...noField('editor.fmFileTooLarge', { size: (stat.size / 1024 / 1024).toFixed(1), max: MAX_ARTICLE_BYTES / 1024 }) } };
    }
    return { raw: fs.readFileSync(absolute) };
  } catch (error) {
    return { problem: { file, ...noField('editor.fmUnreadableFile', { reason: (error as Error).message }) } };
  }
}

function loadArticle(absolute: string, file: string, folder: Folder, categorySlugs: Set<string>): Loaded<Article> {
  const slug = path.basename(file, '.md');
  if (!SLUG_PATTERN.test(slug)) {
    return { problem: { file, ...noField('editor.fmBadFileName', { example: suggestSlug(slug) }) } };
  }
  const read = readArticleFile(absolute, file);
  if ('problem' in read) return read;
  const checked = parseArticleSource(read.raw.toString('utf8'), folder.type, categorySlugs);
  if ('problem' in checked) return { problem: { file, ...checked.problem } };
  const { data, body } = checked;
  const rendered = renderCached(body, absolute);
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
  const rendered = renderCached(checked.body, absolute);
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
    const reason = (error as Error).message.split('\n')[0] ?? '';
    return { problem: problemOf('front matter', 'editor.fmYaml', { reason }) };
  }
  const front = TranslationFrontMatterSchema.safeParse(parsed.data ?? {});
  if (!front.success) {
    const issue = front.error.issues[0]!;
    const field = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.join('.') || 'front matter';
    return { problem: issueProblem(field, issue) };
  }
  if (front.data.locale !== locale) {
    return { problem: problemOf('locale', 'editor.fmLocaleMismatch', { locale: front.data.locale, fileLocale: locale, slug }) };
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
    const reason = (error as Error).message.split('\n')[0] ?? '';
    return { problem: problemOf('front matter', 'editor.fmYaml', { reason }) };
  }
  const front = FrontMatterSchema.safeParse(parsed.data ?? {});
  if (!front.success) {
    const issue = front.error.issues[0]!;
    return { problem: issueProblem(issue.path.join('.') || 'front matter', issue) };
  }
  const data = front.data;
  const folder = FOLDERS.find((f) => f.type === type)!;
  if (data.type && data.type !== type) {
    return { problem: problemOf('type', 'editor.fmTypeMismatch', { type: data.type, folder: folder.dir }) };
  }
  if (!categorySlugs.has(data.category)) {
    const known = [...categorySlugs].join(', ');
    return { problem: problemOf('category', 'editor.fmUnknownCategory', { category: data.category, known: known || 'none' }) };
  }
  return { data, body: parsed.content };
}

// Rendering is the expensive part of loading (~6–10 ms an article). Keyed by the Markdown itself, so a
// reload after one file changed renders that file only; with a persistent store (set at start), a
// restart renders only what changed since the last run. Shared by both copies of this module (see store.ts).
//
// The HTML is kept apart from the rest. Only an article page needs it, and on 10,000 articles it is
// ~45 MB of strings in every serving process, which every full collection marks and may move: with a store it
// is read from there when a page asks and only the most recent pages' HTML stays in memory. Without a
// store (tests, the command-line tools, `astro dev`), or when the store refused a render (a full disk),
// it stays in memory as before.
type RenderedBody = Omit<RenderedMarkdown, 'html'>;
type RenderCache = {
  memory: Map<string, RenderedBody>;
  /** HTML the store does not hold (no store, or it refused the render). */
  pinnedHtml: Map<string, string>;
  /** HTML of the pages shown most recently, least recent first. */
  recentHtml: Map<string, string>;
  /** The file each body was read from, to render it again should neither the store nor memory have it. */
  sources: Map<string, string>;
  store: RenderStore | null;
};
const renderCache = remember<RenderCache>('content.renderCache', () => ({ memory: new Map(), pinnedHtml: new Map(), recentHtml: new Map(), sources: new Map(), store: null }));
const RENDER_CACHE_LIMIT = 50_000;
const RECENT_HTML_LIMIT = 256;

/** Keeps renders in `store` as well as in memory (null: memory only). */
export function useRenderStore(store: RenderStore | null): void {
  renderCache.store = store;
}

/** The key an article body's render is kept under. */
export function renderKey(markdown: string): string {
  return createHash('sha256').update(markdown).digest('base64');
}

function renderCached(markdown: string, source: string): RenderedBody & { renderKey: string } {
  const key = renderKey(markdown);
  let rendered = renderCache.memory.get(key);
  if (!rendered) {
    const stored = renderCache.store?.get(key);
    const { html, ...body } = stored ?? renderMarkdown(markdown);
    if (!stored && !storeRender(key, { html, ...body })) renderCache.pinnedHtml.set(key, html);
    keepInMemory(key, (rendered = body));
  }
  renderCache.sources.set(key, source);
  return { ...rendered, renderKey: key };
}

/** The Markdown files' names in a content folder, sorted (none when it does not exist). */
function markdownNames(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith('.md')).sort() : [];
}

/**
 * How many Markdown files under contentDir at most lack a render: the files less the renders held.
 * Counted from the folder listings and one query, so a restart that finds everything rendered (the
 * store pruned to the current bodies at each start) reads no file for it; edited files keep their
 * old render until the next prune, so it can be low, never leaving work that was not there before.
 */
export function unrenderedAtMost(contentDir: string): number {
  const files = FOLDERS.reduce((sum, folder) => sum + markdownNames(path.join(contentDir, folder.dir)).length, 0);
  return files - (renderCache.store?.count() ?? 0);
}

/**
 * The bodies of the Markdown files under contentDir that neither memory nor the store holds a render
 * of, by render key: what loadContent would render one by one (every file on a first start or after
 * the renderer changed). Files the loader will refuse may be among them; rendering one costs a little
 * time and nothing else.
 */
export function unrenderedBodies(contentDir: string): Map<string, string> {
  const bodies = new Map<string, string>();
  for (const folder of FOLDERS) {
    const dir = path.join(contentDir, folder.dir);
    for (const name of markdownNames(dir)) {
      const read = readArticleFile(path.join(dir, name), name);
      if ('problem' in read) continue;
      let body: string;
      try {
        body = parseFrontMatter(read.raw.toString('utf8')).content;
      } catch {
        continue; // front matter the loader reports as a problem
      }
      const key = renderKey(body);
      if (!renderCache.memory.has(key) && !renderCache.store?.has(key)) bodies.set(key, body);
    }
  }
  return bodies;
}

/** Keeps renders made elsewhere (prerender.ts's threads) as loadContent keeps its own. */
export function keepRenders(renders: Array<{ key: string; rendered: RenderedMarkdown }>): void {
  try {
    if (renderCache.store) return renderCache.store.putAll(renders);
  } catch {
    // Refused (a full disk): kept in memory below, as renderCached does.
  }
  for (const { key, rendered } of renders) {
    const { html, ...body } = rendered;
    renderCache.pinnedHtml.set(key, html);
    keepInMemory(key, body);
  }
}

function keepInMemory(key: string, body: RenderedBody): void {
  // Only the parts every article holds itself are let go: an article that is never edited is reused
  // by each reload without coming back to renderCached, so its HTML and source must stay findable.
  if (renderCache.memory.size >= RENDER_CACHE_LIMIT) renderCache.memory.delete(renderCache.memory.keys().next().value!);
  renderCache.memory.set(key, body);
}

/** False when there is no store or it refused the render (a full disk): the HTML then stays in memory. */
function storeRender(key: string, rendered: RenderedMarkdown): boolean {
  if (!renderCache.store) return false;
  try {
    renderCache.store.put(key, rendered);
    return true;
  } catch {
    return false;
  }
}

/** The sanitized HTML of a loaded article's or translation's body. */
export function articleHtml(file: Pick<RenderedFile, 'renderKey'>): string {
  const key = file.renderKey;
  const pinned = renderCache.pinnedHtml.get(key);
  if (pinned !== undefined) return pinned;
  let html = renderCache.recentHtml.get(key);
  if (html !== undefined) renderCache.recentHtml.delete(key); // put back below as the most recent
  else {
    html = storedHtml(key);
    if (html === undefined) {
      const again = renderSourceAgain(key);
      // The file may hold another body by now (edited, deleted): shown, but not kept under this key.
      if (!again.same) return again.html;
      html = again.html;
    }
  }
  renderCache.recentHtml.set(key, html);
  if (renderCache.recentHtml.size > RECENT_HTML_LIMIT) renderCache.recentHtml.delete(renderCache.recentHtml.keys().next().value!);
  return html;
}

/** The store's copy; a store that cannot be read right now (a locked or broken database) has none. */
function storedHtml(key: string): string | undefined {
  try {
    return renderCache.store?.html(key);
  } catch {
    return undefined;
  }
}

/**
 * The store lost a render it was given (another build's process pruned it, or the database was
 * replaced under a running portal): render the file again. It may have changed since it was loaded;
 * the next reload shows the same text everywhere else. A file that is gone has no body to show.
 */
function renderSourceAgain(key: string): { html: string; same: boolean } {
  const source = renderCache.sources.get(key);
  try {
    const body = source ? parseFrontMatter(fs.readFileSync(source, 'utf8')).content : null;
    return body === null ? { html: '', same: false } : { html: renderMarkdown(body).html, same: renderKey(body) === key };
  } catch {
    return { html: '', same: false };
  }
}

function suggestSlug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'my-article';
}
