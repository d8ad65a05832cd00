import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { diffLines } from 'diff';
import { z } from 'zod';
import { sql, type Db } from '#lib/db/db.ts';
import { makeDirectoryDurably, writeFileDurably } from '#lib/db/durable-files.ts';
import { parseFrontMatter, stringifyFrontMatter } from './front-matter.ts';
import { loadCategories, MAX_ARTICLE_BYTES, parseArticleSource, parseTranslationSource, type ArticleType } from './load.ts';
import { SLUG_PATTERN, type FrontMatter } from './schema.ts';
import { LOCALES, type Locale } from '#lib/i18n/locales.ts';
import { LocalizedError, msg, type Message } from '#lib/i18n/translate.ts';

/**
 * Writing articles from the app: validated like the loader reads them, written atomically (temp file
 * + rename, so a crash or a reader never sees half a file), every save kept as a revision, and a save
 * that does not start from the file's current text refused with a diff instead of overwriting.
 */

export const FOLDER: Record<ArticleType, string> = { article: 'kb', faq: 'faq' };

const list = (max: number) => z.string().max(2000).default('').transform((v) => [...new Set(v.split(',').map((t) => t.trim()).filter(Boolean))].slice(0, max));

/** The editor's form: front-matter fields as fields, the Markdown body as text. */
export const ArticleFormSchema = z.object({
  slug: z.string().trim().toLowerCase().max(80, 'editor.slugTooLong').regex(SLUG_PATTERN, 'editor.slugPattern'),
  type: z.enum(['article', 'faq'], { error: 'editor.typeChoose' }),
  title: z.string().trim().min(1, 'editor.titleRequired').max(120, 'editor.titleTooLong'),
  summary: z.string().trim().min(1, 'editor.summaryRequired').max(300, 'editor.summaryTooLong'),
  category: z.string().trim().min(1, 'editor.categoryRequired'),
  tags: list(20),
  // One way of asking per line (a phrasing may hold commas); repeats and blank lines dropped.
  asked: z
    .string()
    .max(12_000)
    .default('')
    .transform((v) => [...new Set(v.split(/\r?\n/).map((t) => t.trim()).filter(Boolean))])
    .pipe(z.array(z.string().max(200, 'editor.fmAskedLong')).max(40, 'editor.fmAskedMany')),
  audience: z.enum(['employees', 'agents']).default('employees'),
  owner: z.string().trim().min(1).max(80).default('it-service-desk'),
  review_by: z.string().trim().default('').refine((v) => v === '' || /^\d{4}-\d{2}-\d{2}$/.test(v), 'editor.reviewByFormat'),
  source_tickets: list(50),
  locale: z.enum(['en', 'de', 'it']).default('en'),
  body: z.string().max(MAX_ARTICLE_BYTES - 4096, 'editor.bodyTooLong').refine((v) => v.trim().length > 0, 'editor.bodyRequired'),
});
export type ArticleForm = z.output<typeof ArticleFormSchema>;
export type ArticleStatus = FrontMatter['status'];

/** The status an editor's button gives what it saves: publish, archive, unpublish, or save (keeps it; a new one is a draft). */
export function statusAfter(action: string, current: ArticleStatus | undefined): ArticleStatus {
  if (action === 'publish') return 'published';
  if (action === 'archive') return 'archived';
  if (action === 'unpublish') return 'draft';
  return current ?? 'draft';
}

/** A refusal the editor shows next to a field (or at the top, for `form`): `.message` English, `.localized` for the page. */
export class EditorError extends LocalizedError {
  readonly field: string;
  /** What the loader found wrong, for the `{problem}` of editor.cannotSave (null: none, or not in the catalogue). */
  problem: Message | null = null;
  constructor(field: string, message: Message) {
    super(message);
    this.field = field;
  }
}

/** Someone saved in between: the person's text is kept and shown against what is there now. */
export class StaleEditError extends EditorError {
  readonly diff: DiffPart[];
  readonly currentHash: string;
  constructor(diff: DiffPart[], currentHash: string) {
    super('form', msg('editor.staleEdit'));
    this.diff = diff;
    this.currentHash = currentHash;
  }
}

/** "This cannot be saved: <field>: <why>" (`.message` all English); the why in the catalogue, when the loader worded it so. */
function cannotSave(field: string, problem: { field?: string; message: string; localized?: Message }): EditorError {
  const error = new EditorError(field, msg('editor.cannotSave', { field: problem.field ?? 'front matter', problem: problem.message }));
  return Object.assign(error, { problem: problem.localized ?? null });
}

export type DiffPart = { kind: 'added' | 'removed' | 'same'; text: string };

/** A line diff from `before` to `after`. */
export function diffText(before: string, after: string): DiffPart[] {
  return diffLines(before, after).map((p) => ({ kind: p.added ? 'added' : p.removed ? 'removed' : 'same', text: p.value }));
}

export const fileHash = (text: string) => createHash('sha256').update(text).digest('hex');

/** The path of an article's file; throws an EditorError for a slug that is not one or would leave the folder. */
export function articlePath(contentDir: string, type: ArticleType, slug: string): string {
  if (!SLUG_PATTERN.test(slug)) throw new EditorError('slug', msg('editor.slugInvalid'));
  const folder = path.resolve(contentDir, FOLDER[type]);
  const file = path.resolve(folder, `${slug}.md`);
  if (path.dirname(file) !== folder) throw new EditorError('slug', msg('editor.slugNotAllowed'));
  return file;
}

/** Which file holds a slug now (slugs are unique across kb/ and faq/). */
export function findArticleFile(contentDir: string, slug: string): { type: ArticleType; file: string } | null {
  for (const type of ['article', 'faq'] as const) {
    const file = articlePath(contentDir, type, slug);
    if (fs.existsSync(file)) return { type, file };
  }
  return null;
}

/** The file as it is on disk, with the hash a save must start from; null when there is none. */
export function readArticleSource(contentDir: string, slug: string): { type: ArticleType; source: string; hash: string } | null {
  const found = SLUG_PATTERN.test(slug) ? findArticleFile(contentDir, slug) : null;
  if (!found) return null;
  const source = fs.readFileSync(found.file, 'utf8');
  return { type: found.type, source, hash: fileHash(source) };
}

/** An article's source as the editor's fields, with why they could not be read from it (or null). */
export type SourceForm = ArticleForm & { status: ArticleStatus; problem: string | null };

/**
 * The editor's fields from an article's source (for opening the editor). A file whose front matter
 * cannot be read opens as a draft with the whole text in the body and the reason in `problem`, so it
 * can be repaired, or a revision restored, from the app.
 */
export function formFromSource(slug: string, type: ArticleType, source: string): SourceForm {
  let parsed: ReturnType<typeof parseFrontMatter>;
  try {
    parsed = parseFrontMatter(source);
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0] ?? 'unreadable front matter';
    const empty = { title: '', summary: '', category: '', tags: [], asked: [], audience: 'employees', owner: 'it-service-desk', review_by: '', source_tickets: [], locale: 'en' } as const;
    return { slug, type, ...empty, tags: [], asked: [], source_tickets: [], body: source, status: 'draft', problem: reason };
  }
  const d = parsed.data;
  const date = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === 'string' ? v : '');
  const strings = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  return {
    slug, type, title: String(d.title ?? ''), summary: String(d.summary ?? ''), category: String(d.category ?? ''), tags: strings(d.tags), asked: strings(d.asked),
    audience: d.audience === 'agents' ? 'agents' : 'employees', owner: String(d.owner ?? 'it-service-desk'), review_by: date(d.review_by),
    source_tickets: strings(d.source_tickets), locale: d.locale === 'de' || d.locale === 'it' ? d.locale : 'en', body: parsed.content.replace(/^\n/, ''),
    status: d.status === 'draft' || d.status === 'archived' ? d.status : 'published',
    problem: null,
  };
}

/** The file's text for the fields: YAML front matter (only fields with a value) and the body. */
export function serializeArticle(form: ArticleForm, status: ArticleStatus, updated: string): string {
  const data: Record<string, unknown> = { title: form.title, summary: form.summary, category: form.category, tags: form.tags, audience: form.audience, status, owner: form.owner };
  if (form.asked.length) data.asked = form.asked;
  if (form.review_by) data.review_by = form.review_by;
  data.updated = updated;
  if (form.source_tickets.length) data.source_tickets = form.source_tickets;
  if (form.locale !== 'en') data.locale = form.locale;
  const body = form.body.replace(/\r\n/g, '\n').trimEnd();
  return stringifyFrontMatter(`\n${body}\n`, data);
}

export type SaveAction = 'promoted' | 'created' | 'saved' | 'published' | 'archived' | 'restored';

/**
 * Writes an article. `baseHash` is the hash of the text the editor started from (null: a new
 * article, whose slug must be free). Returns the new hash. Everything is checked before the file is
 * touched; the write and the revision happen together.
 */
export function saveArticle(db: Db, contentDir: string, input: { form: ArticleForm; status: ArticleStatus; baseHash: string | null; authorId: number | null; action: SaveAction; note?: unknown; now?: Date }): { hash: string; file: string } {
  const { form, status } = input;
  const existing = findArticleFile(contentDir, form.slug);
  if (input.baseHash === null && existing) throw new EditorError('slug', msg('editor.slugTaken', { slug: form.slug }));
  if (input.baseHash !== null && !existing) throw new EditorError('form', msg('editor.articleGone'));
  if (existing && existing.type !== form.type) throw new EditorError('type', msg('editor.typeFixed'));
  const file = articlePath(contentDir, form.type, form.slug);
  const today = (input.now ?? new Date()).toISOString().slice(0, 10);
  const text = serializeArticle(form, status, today);
  if (Buffer.byteLength(text) > MAX_ARTICLE_BYTES) throw new EditorError('body', msg('editor.articleTooLarge', { size: Math.round(Buffer.byteLength(text) / 1024), max: MAX_ARTICLE_BYTES / 1024 }));
  // The same checks the loader applies: what is saved is what the site can show.
  const categories = new Set(loadCategories(contentDir).categories.map((c) => c.slug));
  const parsed = parseArticleSource(text, form.type, categories);
  if ('problem' in parsed) throw cannotSave(parsed.problem.field === 'category' ? 'category' : 'form', parsed.problem);

  // From here to the rename nothing awaits, so two saves in this process cannot interleave.
  if (existing && input.baseHash !== null) {
    const current = fs.readFileSync(existing.file, 'utf8');
    const currentHash = fileHash(current);
    if (currentHash !== input.baseHash) throw new StaleEditError(diffText(current, text), currentHash);
  }
  makeDirectoryDurably(path.dirname(file), 0o700);
  const temp = path.join(path.dirname(file), `.${form.slug}.${randomBytes(6).toString('hex')}.tmp`);
  const hash = fileHash(text);
  replaceAndRecord(
    file,
    temp,
    Boolean(existing),
    // Fsynced before the revision commits, so a saved article survives a power cut with its history.
    // Private like everything the portal writes (internal articles are confidential).
    () => writeFileDurably(file, text, { temp, mode: 0o600 }),
    () =>
      recordRevision(db, { slug: form.slug, type: form.type, locale: null, status, text, hash, authorId: input.authorId, now: input.now, action: input.action, note: input.note }),
  );
  return { hash, file };
}

function recordRevision(db: Db, r: { slug: string; type: ArticleType; locale: Locale | null; status: ArticleStatus; text: string; hash: string; authorId: number | null; now?: Date; action: SaveAction; note?: unknown }): void {
  sql(db, 'INSERT INTO article_revisions (slug, type, locale, status, content, hash, saved_by, saved_at, action, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    r.slug, r.type, r.locale, r.status, r.text, r.hash, r.authorId, (r.now ?? new Date()).toISOString(), r.action, r.note === undefined ? null : JSON.stringify(r.note),
  );
}

/**
 * Writes the new text in place of `file` (`write` removes its temp file when it fails), then records
 * the revision. When the record fails (a full disk refuses the row), the previous text is put back by a
 * rename, which needs no space: the file and its revisions never disagree, and the editor's retry still
 * starts from the text on disk instead of a false conflict.
 */
function replaceAndRecord(file: string, temp: string, existed: boolean, write: () => void, record: () => void): void {
  // A second name for the current text (a hard link: no copy, no space); without one, nothing to put back.
  let backup: string | null = existed ? `${temp}.old` : null;
  try {
    if (backup) fs.linkSync(file, backup);
  } catch {
    backup = null;
  }
  try {
    write();
    try {
      record();
    } catch (error) {
      if (backup) fs.renameSync(backup, file);
      else if (!existed) fs.rmSync(file, { force: true });
      throw error;
    }
  } finally {
    if (backup) fs.rmSync(backup, { force: true });
  }
}

export type Revision = { id: number; slug: string; status: string; hash: string; savedAt: string; savedBy: string | null; action: SaveAction; note: unknown };

/** The saves of the source file (`locale` null) or of one translation, newest first. */
export function listRevisions(db: Db, slug: string, locale: Locale | null = null): Revision[] {
  const rows = sql(db, 'SELECT r.id, r.slug, r.status, r.hash, r.saved_at AS savedAt, u.display_name AS savedBy, r.action, r.note FROM article_revisions r LEFT JOIN users u ON u.id = r.saved_by WHERE r.slug = ? AND r.locale IS ? ORDER BY r.id DESC').all(slug, locale) as Array<Omit<Revision, 'note'> & { note: string | null }>;
  return rows.map((r) => ({ ...r, note: r.note ? JSON.parse(r.note) : null }));
}

/** The text of one saved version of the source (`locale` null) or of one translation; null if there is none. */
export function getRevisionContent(db: Db, slug: string, id: number, locale: Locale | null = null): string | null {
  return (sql(db, 'SELECT content FROM article_revisions WHERE slug = ? AND id = ? AND locale IS ?').pluck().get(slug, id, locale) as string | undefined) ?? null;
}

/** First publication in the app, per slug (articles that came from files were never "published" here). */
export function firstPublications(db: Db): Map<string, string> {
  const rows = sql(db, "SELECT slug, min(saved_at) AS at FROM article_revisions WHERE status = 'published' AND locale IS NULL GROUP BY slug").all() as Array<{ slug: string; at: string }>;
  return new Map(rows.map((r) => [r.slug, r.at]));
}

/** The translation editor's form: only what a translation states itself (the rest is the source's). */
export const TranslationFormSchema = z.object({
  title: ArticleFormSchema.shape.title,
  summary: ArticleFormSchema.shape.summary,
  tags: list(20),
  review_by: ArticleFormSchema.shape.review_by,
  /** The source's `updated` date this text follows (the editor sets it when the translator confirms it). */
  source_updated: z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, 'editor.sourceDateMissing'),
  body: ArticleFormSchema.shape.body,
});
export type TranslationForm = z.output<typeof TranslationFormSchema>;

/** The file of a translation: `<folder>/<slug>.<locale>.md`. */
export function translationPath(contentDir: string, type: ArticleType, slug: string, locale: Locale): string {
  return articlePath(contentDir, type, slug).replace(/\.md$/, `.${locale}.md`);
}

/** A translation's file as it is on disk, with the hash a save must start from; null when there is none. */
export function readTranslationSource(contentDir: string, slug: string, locale: Locale): { type: ArticleType; source: string; hash: string } | null {
  const found = SLUG_PATTERN.test(slug) ? findArticleFile(contentDir, slug) : null;
  if (!found) return null;
  const file = translationPath(contentDir, found.type, slug, locale);
  if (!fs.existsSync(file)) return null;
  const source = fs.readFileSync(file, 'utf8');
  return { type: found.type, source, hash: fileHash(source) };
}

/** A translation's source as the editor's fields; a file whose front matter cannot be read opens with the whole text as body. */
export function translationFormFromSource(source: string): TranslationForm & { status: ArticleStatus; problem: string | null } {
  let parsed: ReturnType<typeof parseFrontMatter>;
  try {
    parsed = parseFrontMatter(source);
  } catch (error) {
    const problem = (error as Error).message.split('\n')[0] ?? 'unreadable front matter';
    return { title: '', summary: '', tags: [], review_by: '', source_updated: '', body: source, status: 'draft', problem };
  }
  const d = parsed.data;
  const date = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === 'string' ? v : '');
  return {
    title: String(d.title ?? ''),
    summary: String(d.summary ?? ''),
    tags: Array.isArray(d.tags) ? d.tags.map(String) : [],
    review_by: date(d.review_by),
    source_updated: date(d.source_updated),
    body: parsed.content.replace(/^\n/, ''),
    status: d.status === 'draft' || d.status === 'archived' ? d.status : 'published',
    problem: null,
  };
}

/** The translation file's text: exactly the fields a translation has, then the body. */
export function serializeTranslation(form: TranslationForm, locale: Locale, status: ArticleStatus, updated: string): string {
  const data: Record<string, unknown> = { title: form.title, summary: form.summary, tags: form.tags, locale, status, source_updated: form.source_updated, updated };
  if (form.review_by) data.review_by = form.review_by;
  return stringifyFrontMatter(`\n${form.body.replace(/\r\n/g, '\n').trimEnd()}\n`, data);
}

/**
 * Writes a translation of an existing article beside its source (`baseHash` null: a new translation,
 * which must not exist yet), with a revision, by the same rules as saveArticle.
 */
export function saveTranslation(
  db: Db,
  contentDir: string,
  input: { slug: string; locale: Locale; form: TranslationForm; status: ArticleStatus; baseHash: string | null; authorId: number | null; action: SaveAction; note?: unknown; now?: Date },
): { hash: string; file: string } {
  const { slug, locale, form, status } = input;
  if (!LOCALES.includes(locale)) throw new EditorError('form', msg('editor.translationLanguage'));
  const source = readArticleSource(contentDir, slug);
  if (!source) throw new EditorError('form', msg('editor.sourceGone'));
  const sourceLocale = formFromSource(slug, source.type, source.source).locale;
  if (sourceLocale === locale) throw new EditorError('form', msg('editor.translationIsSource', { locale }));
  const file = translationPath(contentDir, source.type, slug, locale);
  const exists = fs.existsSync(file);
  if (input.baseHash === null && exists) throw new EditorError('form', msg('editor.translationExists'));
  if (input.baseHash !== null && !exists) throw new EditorError('form', msg('editor.translationGone'));
  const today = (input.now ?? new Date()).toISOString().slice(0, 10);
  const text = serializeTranslation(form, locale, status, today);
  if (Buffer.byteLength(text) > MAX_ARTICLE_BYTES) throw new EditorError('body', msg('editor.translationTooLarge', { size: Math.round(Buffer.byteLength(text) / 1024), max: MAX_ARTICLE_BYTES / 1024 }));
  const parsed = parseTranslationSource(text, locale, slug);
  if ('problem' in parsed) throw cannotSave('form', parsed.problem);
  if (exists && input.baseHash !== null) {
    const current = fs.readFileSync(file, 'utf8');
    const currentHash = fileHash(current);
    if (currentHash !== input.baseHash) throw new StaleEditError(diffText(current, text), currentHash);
  }
  const temp = path.join(path.dirname(file), `.${slug}.${locale}.${randomBytes(6).toString('hex')}.tmp`);
  const hash = fileHash(text);
  replaceAndRecord(
    file,
    temp,
    exists,
    () => writeFileDurably(file, text, { temp, mode: 0o600 }),
    () => recordRevision(db, { slug, type: source.type, locale, status, text, hash, authorId: input.authorId, now: input.now, action: input.action, note: input.note }),
  );
  return { hash, file };
}

/**
 * Puts an older saved version of a translation back, as a new save (the history keeps everything).
 * Its status comes back with it; `baseHash` is the text the editor compared against (a save in between
 * is a StaleEditError). A revision that no longer reads as a translation is refused with its reason.
 */
export function restoreTranslationRevision(
  db: Db,
  contentDir: string,
  input: { slug: string; locale: Locale; revisionId: number; baseHash: string; authorId: number | null; now?: Date },
): { hash: string; file: string } {
  const text = getRevisionContent(db, input.slug, input.revisionId, input.locale);
  if (text === null) throw new EditorError('form', msg('editor.noSuchRevision'));
  const old = translationFormFromSource(text);
  const parsed = TranslationFormSchema.safeParse({ ...old, tags: old.tags.join(', ') });
  if (old.problem || !parsed.success) throw new EditorError('form', msg('editor.revisionUnreadable'));
  return saveTranslation(db, contentDir, {
    slug: input.slug,
    locale: input.locale,
    form: parsed.data,
    status: old.status,
    baseHash: input.baseHash,
    authorId: input.authorId,
    action: 'restored',
    note: { revision: input.revisionId },
    now: input.now,
  });
}
