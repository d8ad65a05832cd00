import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testDatabase } from '#test/db.ts';
import { articleFile, TEST_CATEGORIES, tempDir, writeTree } from '#test/temp.ts';
import {
  EditorError,
  firstPublications,
  listRevisions,
  readTranslationSource,
  restoreTranslationRevision,
  getRevisionContent,
  saveArticle,
  saveTranslation,
  StaleEditError,
  translationFormFromSource,
  TranslationFormSchema,
  ArticleFormSchema,
  fileHash,
} from './editor.ts';
import { loadContent } from './load.ts';
import { EMPLOYEE, getLocalizedArticle, outdatedTranslations } from './store.ts';
import { requestTranslation, translationRequestCounts, hasRequestedTranslation } from './translation-requests.ts';

function setup() {
  const dir = tempDir();
  writeTree(dir, { 'categories.json': TEST_CATEGORIES, 'kb/reset-your-password.md': articleFile({ title: 'Reset your password', updated: '2026-11-20', owner: 'identity-team' }) });
  return { dir, db: testDatabase() };
}
const form = (over: Record<string, string> = {}) =>
  TranslationFormSchema.parse({ title: 'Kennwort zurücksetzen', summary: 'So setzen Sie Ihr Kennwort zurück.', tags: 'Kennwort, Passwort', review_by: '2027-06-01', source_updated: '2026-11-20', body: '## Schritte\n\n1. Öffnen Sie das Portal.', ...over });

describe('translations from the editor', () => {
  it('writes <slug>.<locale>.md with exactly the translation fields, which the loader accepts, and keeps a revision per language', () => {
    const { dir, db } = setup();
    const { hash, file } = saveTranslation(db, dir, { slug: 'reset-your-password', locale: 'de', form: form(), status: 'published', baseHash: null, authorId: null, action: 'created', now: new Date('2026-11-25T10:00:00Z') });
    expect(path.relative(dir, file)).toBe('kb/reset-your-password.de.md');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toMatch(/category|owner|audience/);
    const content = loadContent(dir);
    expect(content.problems).toEqual([]);
    expect(content.translations).toMatchObject([{ locale: 'de', title: 'Kennwort zurücksetzen', tags: ['kennwort', 'passwort'], updated: '2026-11-25', review_by: '2027-06-01', source_updated: '2026-11-20' }]);
    expect(getLocalizedArticle(content, EMPLOYEE, 'article', 'reset-your-password', 'de')).toMatchObject({ title: 'Kennwort zurücksetzen', owner: 'identity-team', fallback: false });
    expect(listRevisions(db, 'reset-your-password', 'de')).toMatchObject([{ action: 'created', status: 'published', hash }]);
    expect(listRevisions(db, 'reset-your-password')).toEqual([]);
    expect(firstPublications(db).has('reset-your-password')).toBe(false);
    expect(translationFormFromSource(fs.readFileSync(file, 'utf8'))).toMatchObject({ title: 'Kennwort zurücksetzen', source_updated: '2026-11-20', status: 'published', problem: null });
  });

  it('refuses a stale save with a diff, a second "new" translation, and a translation into the source language', () => {
    const { dir, db } = setup();
    const first = saveTranslation(db, dir, { slug: 'reset-your-password', locale: 'it', form: form({ title: 'Reimpostare la password' }), status: 'draft', baseHash: null, authorId: null, action: 'created' });
    saveTranslation(db, dir, { slug: 'reset-your-password', locale: 'it', form: form({ title: 'Reimpostare la password (2)' }), status: 'draft', baseHash: first.hash, authorId: null, action: 'saved' });
    expect(() => saveTranslation(db, dir, { slug: 'reset-your-password', locale: 'it', form: form({ title: 'Mine' }), status: 'draft', baseHash: first.hash, authorId: null, action: 'saved' })).toThrow(StaleEditError);
    expect(() => saveTranslation(db, dir, { slug: 'reset-your-password', locale: 'it', form: form(), status: 'draft', baseHash: null, authorId: null, action: 'created' })).toThrow(/already exists/);
    expect(() => saveTranslation(db, dir, { slug: 'reset-your-password', locale: 'en', form: form(), status: 'draft', baseHash: null, authorId: null, action: 'created' })).toThrow(EditorError);
    expect(() => saveTranslation(db, dir, { slug: 'no-such-article', locale: 'de', form: form(), status: 'draft', baseHash: null, authorId: null, action: 'created' })).toThrow(/source article no longer exists/);
    expect(readTranslationSource(dir, 'reset-your-password', 'it')!.source).toContain('Reimpostare la password (2)');
  });

  it('marks the translation outdated once the source is saved again', () => {
    const { dir, db } = setup();
    saveTranslation(db, dir, { slug: 'reset-your-password', locale: 'de', form: form(), status: 'published', baseHash: null, authorId: null, action: 'created' });
    expect(outdatedTranslations(loadContent(dir))).toEqual([]);
    const source = ArticleFormSchema.parse({ slug: 'reset-your-password', type: 'article', title: 'Reset your password', summary: 'New steps.', category: 'accounts', body: 'New steps.' });
    const current = fs.readFileSync(path.join(dir, 'kb/reset-your-password.md'), 'utf8');
    saveArticle(db, dir, { form: source, status: 'published', baseHash: fileHash(current), authorId: null, action: 'saved', now: new Date('2026-12-01T08:00:00Z') });
    expect(outdatedTranslations(loadContent(dir)).map((o) => o.translation.file)).toEqual(['kb/reset-your-password.de.md']);
  });
});

describe('translation requests', () => {
  it('counts each person once per article and language', () => {
    const db = testDatabase();
    const users = [1, 2].map((n) => Number(db.prepare("INSERT INTO users (email, display_name, password_hash) VALUES (?, ?, 'x')").run(`p${n}@example.com`, `P${n}`).lastInsertRowid));
    expect(requestTranslation(db, { slug: 'vpn', locale: 'de', userId: users[0]! })).toBe(true);
    expect(requestTranslation(db, { slug: 'vpn', locale: 'de', userId: users[0]! })).toBe(false);
    requestTranslation(db, { slug: 'vpn', locale: 'de', userId: users[1]! });
    requestTranslation(db, { slug: 'vpn', locale: 'it', userId: users[1]! });
    expect(translationRequestCounts(db).get('vpn')).toEqual({ de: 2, it: 1 });
    expect(hasRequestedTranslation(db, 'vpn', 'it', users[0]!)).toBe(false);
    expect(hasRequestedTranslation(db, 'vpn', 'it', users[1]!)).toBe(true);
  });
});

describe('a translation\'s history', () => {
  it('restores an older version as a new save, with its status, and refuses a stale or foreign revision', () => {
    const { dir, db } = setup();
    const slug = 'reset-your-password';
    const first = saveTranslation(db, dir, { slug, locale: 'de', form: form(), status: 'published', baseHash: null, authorId: null, action: 'created' });
    const second = saveTranslation(db, dir, { slug, locale: 'de', form: form({ title: 'Kennwort (kaputt übersetzt)' }), status: 'draft', baseHash: first.hash, authorId: null, action: 'saved' });
    const [newest, oldest] = listRevisions(db, slug, 'de');
    expect(getRevisionContent(db, slug, oldest!.id)).toBeNull(); // the source's history does not hold it
    expect(() => restoreTranslationRevision(db, dir, { slug, locale: 'de', revisionId: oldest!.id, baseHash: first.hash, authorId: null })).toThrow(StaleEditError);
    // An Italian save's id is not a German revision.
    const it = saveTranslation(db, dir, { slug, locale: 'it', form: form({ title: 'Reimpostare la password' }), status: 'draft', baseHash: null, authorId: null, action: 'created' });
    const italian = listRevisions(db, slug, 'it')[0]!;
    expect(() => restoreTranslationRevision(db, dir, { slug, locale: 'de', revisionId: italian.id, baseHash: second.hash, authorId: null })).toThrow(EditorError);

    restoreTranslationRevision(db, dir, { slug, locale: 'de', revisionId: oldest!.id, baseHash: second.hash, authorId: null });
    expect(translationFormFromSource(readTranslationSource(dir, slug, 'de')!.source)).toMatchObject({ title: 'Kennwort zurücksetzen', status: 'published', tags: ['Kennwort', 'Passwort'] });
    expect(listRevisions(db, slug, 'de').map((r) => r.action)).toEqual(['restored', 'saved', 'created']);
    expect(listRevisions(db, slug, 'de')[0]!.note).toEqual({ revision: oldest!.id });
    expect(newest!.id).toBeGreaterThan(oldest!.id);
    expect(readTranslationSource(dir, slug, 'it')!.hash).toBe(it.hash);
  });
});
