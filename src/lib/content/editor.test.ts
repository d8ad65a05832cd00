import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabase } from '#test/db.ts';
import { fillDatabase } from '#test/full-database.ts';
import { articleFile, TEST_CATEGORIES, tempDir, writeTree } from '#test/temp.ts';
import { canMountTmpfs, mountTmpfs, type Volume } from '#test/tmpfs.ts';
import { watchKnowledgeBase } from '#lib/search/refresh.ts';
import { translate } from '#lib/i18n/translate.ts';
import { ArticleFormSchema, EditorError, formFromSource, listRevisions, readArticleSource, saveArticle, StaleEditError, statusAfter } from './editor.ts';
import { articleHtml, loadContent } from './load.ts';
import { getContent, reloadContent } from './store.ts';

function setup() {
  const dir = tempDir();
  writeTree(dir, { 'categories.json': TEST_CATEGORIES, 'kb/reset-your-password.md': articleFile({ title: 'Reset your password' }) });
  return { dir, db: testDatabase() };
}
const form = (over: Record<string, string> = {}) => ArticleFormSchema.parse({ slug: 'label-printer-prints-blank-labels', type: 'faq', title: 'Label printer prints blank labels', summary: 'Replace the ribbon.', category: 'accounts', tags: 'printer, labels, Zebra', body: '## What fixes it\n\nReplace the ribbon.', ...over });

describe('saving articles from the editor', () => {
  it('writes a new draft the loader accepts, and keeps a revision', () => {
    const { dir, db } = setup();
    const { hash } = saveArticle(db, dir, { form: form(), status: 'draft', baseHash: null, authorId: null, action: 'created', now: new Date('2026-11-23T10:00:00Z') });
    const loaded = loadContent(dir);
    expect(loaded.problems).toEqual([]);
    const faq = loaded.articles.find((a) => a.slug === 'label-printer-prints-blank-labels')!;
    expect(faq).toMatchObject({ type: 'faq', status: 'draft', tags: ['printer', 'labels', 'zebra'], updated: '2026-11-23' });
    expect(articleHtml(faq)).toContain('<h2');
    expect(listRevisions(db, faq.slug)).toMatchObject([{ action: 'created', status: 'draft', hash }]);
    expect(fs.readdirSync(path.join(dir, 'faq')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('writes the file readable by the portal only (0600), a new folder 0700', () => {
    const { dir, db } = setup();
    const { file } = saveArticle(db, dir, { form: form(), status: 'draft', baseHash: null, authorId: null, action: 'created' });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(dir, 'faq')).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(path.join(dir, 'faq'))).toEqual(['label-printer-prints-blank-labels.md']);
  });

  it('round-trips the fields through the file', () => {
    const { dir, db } = setup();
    saveArticle(db, dir, { form: form({ review_by: '2027-05-01', source_tickets: 'T-1042', locale: 'de' }), status: 'draft', baseHash: null, authorId: null, action: 'created' });
    const source = readArticleSource(dir, 'label-printer-prints-blank-labels')!;
    expect(formFromSource('label-printer-prints-blank-labels', 'faq', source.source)).toMatchObject({ title: 'Label printer prints blank labels', review_by: '2027-05-01', source_tickets: ['T-1042'], locale: 'de', status: 'draft', body: '## What fixes it\n\nReplace the ribbon.\n' });
  });

  it('keeps how people ask, one per line (commas inside one), and refuses one longer than 200 characters', () => {
    const { dir, db } = setup();
    const asked = 'labels come out blank\nZebra printer, nothing printed on the sticker\n\nlabels come out blank\nEtiketten bleiben leer';
    saveArticle(db, dir, { form: form({ asked }), status: 'published', baseHash: null, authorId: null, action: 'created' });
    const loaded = loadContent(dir).articles.find((a) => a.slug === 'label-printer-prints-blank-labels')!;
    expect(loaded.asked).toEqual(['labels come out blank', 'Zebra printer, nothing printed on the sticker', 'Etiketten bleiben leer']);
    const source = readArticleSource(dir, 'label-printer-prints-blank-labels')!;
    expect(formFromSource('label-printer-prints-blank-labels', 'faq', source.source).asked).toEqual(loaded.asked);
    const long = ArticleFormSchema.safeParse({ ...form(), tags: '', asked: 'x'.repeat(201), source_tickets: '' });
    expect(long.success || long.error.issues[0]!.message).toBe('editor.fmAskedLong');
  });

  it('refuses a slug that exists, in either folder, and one that tries to leave the folder', () => {
    const { dir, db } = setup();
    expect(() => saveArticle(db, dir, { form: form({ slug: 'reset-your-password' }), status: 'draft', baseHash: null, authorId: null, action: 'created' })).toThrow(/already exists/);
    expect(ArticleFormSchema.safeParse({ ...form(), slug: '../../etc/passwd', tags: '', asked: '', source_tickets: '' }).success).toBe(false);
    expect(ArticleFormSchema.safeParse({ ...form(), slug: 'a/../../b', tags: '', asked: '', source_tickets: '' }).success).toBe(false);
  });

  it('refuses a 5 MB body, an empty title and an unknown category with a sentence, and writes nothing', () => {
    const { dir, db } = setup();
    const big = ArticleFormSchema.safeParse({ ...form(), tags: '', asked: '', source_tickets: '', body: 'x'.repeat(5 * 1024 * 1024) });
    // The form's messages are catalogue keys, worded in the reader's language where they are shown.
    expect(big.success || big.error.issues[0]!.message).toBe('editor.bodyTooLong');
    expect(translate('en', 'editor.bodyTooLong')).toMatch(/limited to 252 KB/);
    const untitled = ArticleFormSchema.safeParse({ ...form(), tags: '', asked: '', source_tickets: '', title: '   ' });
    expect(untitled.success || untitled.error.issues[0]!.message).toBe('editor.titleRequired');
    expect(translate('en', 'editor.titleRequired')).toBe('Write a title.');
    let refused: unknown;
    try {
      saveArticle(db, dir, { form: form({ category: 'no-such-category' }), status: 'draft', baseHash: null, authorId: null, action: 'created' });
    } catch (error) {
      refused = error;
    }
    // English for logs and the command line; the key (and the loader's finding) for the editor's reader.
    expect(refused).toBeInstanceOf(EditorError);
    const error = refused as EditorError;
    expect(error.field).toBe('category');
    expect(error.message).toMatch(/^This cannot be saved: category: unknown category "no-such-category"/);
    expect(error.localized.key).toBe('editor.cannotSave');
    expect(error.problem?.key).toBe('editor.fmUnknownCategory');
    expect(translate('de', error.problem!.key, error.problem!.values)).toMatch(/^unbekannte Kategorie „no-such-category“/);
    expect(fs.existsSync(path.join(dir, 'faq'))).toBe(false);
  });

  it('refuses a save that did not start from the current text, with a diff, and keeps the other save', () => {
    const { dir, db } = setup();
    const first = saveArticle(db, dir, { form: form(), status: 'draft', baseHash: null, authorId: null, action: 'created' });
    // Two tabs opened the same version; the first saves, the second is refused.
    saveArticle(db, dir, { form: form({ body: 'Tab one: replace the ribbon and calibrate.' }), status: 'draft', baseHash: first.hash, authorId: null, action: 'saved' });
    let refused: unknown;
    try {
      saveArticle(db, dir, { form: form({ body: 'Tab two: reboot the printer.' }), status: 'draft', baseHash: first.hash, authorId: null, action: 'saved' });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(StaleEditError);
    const diff = (refused as StaleEditError).diff;
    expect(diff.find((p) => p.kind === 'removed')?.text).toContain('Tab one');
    expect(diff.find((p) => p.kind === 'added')?.text).toContain('Tab two');
    expect(readArticleSource(dir, 'label-printer-prints-blank-labels')!.source).toContain('Tab one');
    expect(listRevisions(db, 'label-printer-prints-blank-labels')).toHaveLength(2);
  });

  it('opens a file with JavaScript front matter as text to repair, without running it', () => {
    const { dir } = setup();
    const marker = path.join(tempDir(), 'executed');
    const source = `---js\n{ title: require('fs').writeFileSync(${JSON.stringify(marker)}, 'x') || 'Hijacked' }\n---\nbody`;
    fs.writeFileSync(path.join(dir, 'kb', 'code.md'), source);
    const file = readArticleSource(dir, 'code')!;
    const opened = formFromSource('code', file.type, file.source);
    expect(fs.existsSync(marker)).toBe(false);
    expect(opened).toMatchObject({ title: '', status: 'draft', body: source });
    expect(opened.problem).toMatch(/must be YAML/);
  });

  it('opens a file with broken YAML with the reason, keeping its whole text', () => {
    const { dir } = setup();
    const source = '---\ntitle: [unclosed\n---\nThe steps.';
    fs.writeFileSync(path.join(dir, 'kb', 'broken.md'), source);
    const opened = formFromSource('broken', 'article', readArticleSource(dir, 'broken')!.source);
    expect(opened.body).toBe(source);
    expect(opened.problem).toBeTruthy();
  });

  it('keeps script tags out of the rendered page', () => {
    const { dir, db } = setup();
    saveArticle(db, dir, { form: form({ body: 'Hi <script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))' }), status: 'published', baseHash: null, authorId: null, action: 'created' });
    const html = articleHtml(loadContent(dir).articles.find((a) => a.slug === 'label-printer-prints-blank-labels')!);
    expect(html).not.toMatch(/<script|onerror|javascript:/);
  });
});

describe('saving when the disk refuses (a full disk)', () => {
  let volume: Volume | undefined;
  afterEach(() => volume?.unmount());
  const leftovers = (dir: string) => fs.readdirSync(path.join(dir, 'faq')).filter((n) => n.startsWith('.'));

  it('changes nothing when the revision cannot be recorded, and the same save works once space is back', () => {
    const { dir, db } = setup();
    const created = saveArticle(db, dir, { form: form(), status: 'draft', baseHash: null, authorId: null, action: 'created' });
    const before = readArticleSource(dir, 'label-printer-prints-blank-labels')!;
    const giveSpaceBack = fillDatabase(db);
    const edited = form({ body: `## What fixes it\n\n${'Replace the ribbon, then calibrate the sensor. '.repeat(300)}` });
    const save = () => saveArticle(db, dir, { form: edited, status: 'published', baseHash: created.hash, authorId: null, action: 'published' });
    expect(save).toThrow(expect.objectContaining({ code: 'SQLITE_FULL' }));
    // The file is as it was (no revision says otherwise), and no temp file or second name is left.
    expect(readArticleSource(dir, 'label-printer-prints-blank-labels')).toEqual(before);
    expect(listRevisions(db, 'label-printer-prints-blank-labels')).toHaveLength(1);
    expect(leftovers(dir)).toEqual([]);
    // A new article the disk refuses is not left behind either.
    const fresh = () => saveArticle(db, dir, { form: form({ slug: 'printer-offline', body: edited.body }), status: 'draft', baseHash: null, authorId: null, action: 'created' });
    expect(fresh).toThrow(expect.objectContaining({ code: 'SQLITE_FULL' }));
    expect(readArticleSource(dir, 'printer-offline')).toBeNull();
    giveSpaceBack();
    // The editor sends the same form again: it starts from the text on disk, so it is no conflict.
    expect(save().hash).not.toBe(created.hash);
    expect(listRevisions(db, 'label-printer-prints-blank-labels')).toHaveLength(2);
    expect(leftovers(dir)).toEqual([]);
  });

  it.skipIf(!canMountTmpfs)('leaves no temp file when the article itself cannot be written (a tmpfs content folder)', () => {
    volume = mountTmpfs('1m');
    writeTree(volume.dir, { 'categories.json': TEST_CATEGORIES, 'faq/.keep': '' });
    const db = testDatabase();
    volume.fill(16 * 1024);
    const long = form({ body: `## What fixes it\n\n${'Replace the ribbon, then calibrate the sensor. '.repeat(2000)}` });
    expect(() => saveArticle(db, volume!.dir, { form: long, status: 'draft', baseHash: null, authorId: null, action: 'created' })).toThrow(expect.objectContaining({ code: 'ENOSPC' }));
    expect(fs.readdirSync(path.join(volume.dir, 'faq'))).toEqual(['.keep']);
    expect(listRevisions(db, 'label-printer-prints-blank-labels')).toEqual([]);
  });
});

describe('watching content/', () => {
  it('notices a file added outside the app and refreshes once for a burst of changes', async () => {
    const { dir } = setup();
    let refreshes = 0;
    const stop = watchKnowledgeBase(dir, { log: () => {}, debounceMs: 50, refresh: async () => { refreshes++; return { articles: 0, ms: 0, engine: 'unavailable' }; } });
    try {
      for (let i = 0; i < 5; i++) fs.writeFileSync(path.join(dir, 'kb', `pulled-${i}.md`), articleFile({ title: `Pulled ${i}` }));
      fs.writeFileSync(path.join(dir, 'kb', '.ignored.tmp'), 'x');
      await expect.poll(() => refreshes, { timeout: 3000 }).toBe(1);
      await new Promise((r) => setTimeout(r, 200));
      expect(refreshes).toBe(1);
    } finally {
      stop();
    }
  });

  it('does not reload again for a file the app saved and already reloaded', async () => {
    const { dir, db } = setup();
    let refreshes = 0;
    fs.mkdirSync(path.join(dir, 'faq')); // watched folders must exist when watching starts
    getContent(dir);
    const stop = watchKnowledgeBase(dir, { log: () => {}, debounceMs: 50, refresh: async () => { refreshes++; return { articles: 0, ms: 0, engine: 'unavailable' }; } });
    try {
      saveArticle(db, dir, { form: form(), status: 'published', baseHash: null, authorId: null, action: 'created' });
      reloadContent(dir); // what the editor does before it answers
      await new Promise((r) => setTimeout(r, 400));
      expect(refreshes).toBe(0);
      fs.appendFileSync(path.join(dir, 'faq', 'label-printer-prints-blank-labels.md'), '\nEdited in git.\n');
      await expect.poll(() => refreshes, { timeout: 3000 }).toBe(1);
    } finally {
      stop();
    }
  });
});

describe('what an editor button does to the status', () => {
  it('publishes, archives and unpublishes; saving keeps the status, and a new one starts as a draft', () => {
    expect(statusAfter('publish', 'draft')).toBe('published');
    expect(statusAfter('archive', 'published')).toBe('archived');
    expect(statusAfter('unpublish', 'published')).toBe('draft');
    expect(statusAfter('save', 'published')).toBe('published');
    expect(statusAfter('save', undefined)).toBe('draft');
    expect(statusAfter('anything else', 'archived')).toBe('archived');
  });
});
