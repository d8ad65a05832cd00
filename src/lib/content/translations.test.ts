import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { articleFile, TEST_CATEGORIES, tempDir, writeTree } from '#test/temp.ts';
import { translate } from '#lib/i18n/translate.ts';
import { articleHtml, loadContent } from './load.ts';
import {
  EMPLOYEE,
  getLocalizedArticle,
  listLocalizedArticles,
  outdatedTranslations,
  translationsOf,
  type Reader,
} from './store.ts';

/** A translation file with valid front matter; `front` overrides or removes (undefined) fields. */
function translationFile(locale: string, front: Record<string, unknown> = {}, body = 'Ein paar Schritte.\n\n## Schritte\n\n1. Tu dies.\n'): string {
  const fields: Record<string, unknown> = { title: `Titel ${locale}`, summary: `Zusammenfassung ${locale}.`, tags: '[kennwort]', locale, status: 'published', source_updated: '2026-11-01', updated: '2026-11-02', review_by: '2027-05-01', ...front };
  const lines = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${v}`);
  return `---\n${lines.join('\n')}\n---\n\n${body}`;
}

function load(files: Record<string, string>) {
  return loadContent(writeTree(tempDir(), { 'categories.json': TEST_CATEGORIES, ...files }));
}

const AGENT: Reader = { seesInternal: true, seesUnpublished: true };

describe('translations', () => {
  it('loads <slug>.<locale>.md beside its source, sharing the slug and URL, not as an article of its own', () => {
    const content = load({
      'kb/reset.md': articleFile({ title: 'Reset your password', updated: '2026-11-01' }),
      'kb/reset.de.md': translationFile('de', { title: 'Kennwort zurücksetzen' }),
      'kb/reset.it.md': translationFile('it', { title: 'Reimpostare la password' }),
    });
    expect(content.problems).toEqual([]);
    expect(content.articles.map((a) => a.slug)).toEqual(['reset']);
    const [de, it] = translationsOf(content, content.articles[0]!);
    expect(de).toMatchObject({ slug: 'reset', url: '/kb/reset', type: 'article', locale: 'de', title: 'Kennwort zurücksetzen', file: 'kb/reset.de.md', tags: ['kennwort'] });
    expect(articleHtml(de!)).toContain('Tu dies');
    expect(de!.headings).toMatchObject([{ depth: 2, text: 'Schritte' }]);
    expect(it).toMatchObject({ locale: 'it', title: 'Reimpostare la password' });
  });

  it('gives the wanted language, or the English text flagged as a fallback, with the languages there are', () => {
    const content = load({
      'kb/reset.md': articleFile({ title: 'Reset your password' }),
      'kb/reset.de.md': translationFile('de', { title: 'Kennwort zurücksetzen' }),
      'faq/vpn.md': articleFile({ title: 'VPN' }),
    });
    const de = getLocalizedArticle(content, EMPLOYEE, 'article', 'reset', 'de')!;
    expect(de).toMatchObject({ title: 'Kennwort zurücksetzen', locale: 'de', fallback: false, locales: ['en', 'de'], category: 'accounts', owner: 'it-service-desk' });
    expect(articleHtml(de)).toContain('Tu dies');
    const it = getLocalizedArticle(content, EMPLOYEE, 'article', 'reset', 'it')!;
    expect(it).toMatchObject({ title: 'Reset your password', locale: 'en', wanted: 'it', fallback: true });
    expect(articleHtml(it)).toContain('Do this');
    expect(getLocalizedArticle(content, EMPLOYEE, 'faq', 'vpn', 'en')).toMatchObject({ fallback: false, locales: ['en'] });
  });

  it('shows draft translations to editors only, and never a translation of an article the reader may not read', () => {
    const content = load({
      'kb/reset.md': articleFile(),
      'kb/reset.de.md': translationFile('de', { status: 'draft' }),
      'kb/internal.md': articleFile({ audience: 'agents' }),
      'kb/internal.de.md': translationFile('de'),
    });
    expect(getLocalizedArticle(content, EMPLOYEE, 'article', 'reset', 'de')).toMatchObject({ fallback: true, locales: ['en'] });
    expect(getLocalizedArticle(content, AGENT, 'article', 'reset', 'de')).toMatchObject({ fallback: false, status: 'draft' });
    expect(getLocalizedArticle(content, EMPLOYEE, 'article', 'internal', 'de')).toBeNull();
  });

  it('lists localized titles and summaries, sorted in the language', () => {
    const content = load({
      'kb/a.md': articleFile({ title: 'Zebra printer' }),
      'kb/a.de.md': translationFile('de', { title: 'Drucker', summary: 'Deutsch.' }),
      'kb/b.md': articleFile({ title: 'Email' }),
    });
    const listed = listLocalizedArticles(content, EMPLOYEE, 'de', { type: 'article' });
    expect(listed.map((a) => [a.title, a.fallback])).toEqual([
      ['Drucker', false],
      ['Email', true],
    ]);
    expect(listed[0]!.summary).toBe('Deutsch.');
  });

  it.each([
    ['a field inherited from the source', translationFile('de', { category: 'accounts' }), 'category', /not part of a translation.*remove it/],
    ['no source_updated', translationFile('de', { source_updated: undefined }), 'source_updated', /add `source_updated:`/],
    ['a locale that contradicts the file name', translationFile('it'), 'locale', /file name says de.*reset\.it\.md/],
    ['no title', translationFile('de', { title: undefined }), 'title', /add a title/],
    ['a bad date', translationFile('de', { updated: 'gestern' }), 'updated', /YYYY-MM-DD/],
  ])('skips a translation with %s, naming the file, the field and the fix', (_name, source, field, message) => {
    const content = load({ 'kb/reset.md': articleFile(), 'kb/reset.de.md': source });
    expect(content.articles).toHaveLength(1);
    expect(content.translations).toEqual([]);
    // English for `content:check`; the same message as a catalogue key for the editor, in the reader's language.
    expect(content.problems).toEqual([{ file: 'kb/reset.de.md', field, message: expect.stringMatching(message), localized: expect.anything() }]);
    const { key, values } = content.problems[0]!.localized!;
    expect(translate('en', key, values)).toBe(content.problems[0]!.message);
    expect(translate('de', key, values)).not.toBe(content.problems[0]!.message);
  });

  it('reports a translation without a source, one whose source was skipped, and an unknown language', () => {
    const content = load({
      'kb/gone.de.md': translationFile('de'),
      'faq/broken.md': articleFile({ category: 'nope' }),
      'faq/broken.it.md': translationFile('it'),
      'kb/reset.md': articleFile(),
      'kb/reset.fr.md': translationFile('fr'),
    });
    expect(content.translations).toEqual([]);
    const byFile = Object.fromEntries(content.problems.map((p) => [p.file, p.message]));
    expect(byFile['kb/gone.de.md']).toMatch(/no source article kb\/gone\.md/);
    expect(byFile['faq/broken.it.md']).toMatch(/source article faq\/broken\.md was skipped/);
    expect(byFile['kb/reset.fr.md']).toMatch(/"fr" in the file name is not a language/);
  });

  it('finds translations older than their source', () => {
    const content = load({
      'kb/reset.md': articleFile({ updated: '2026-11-20' }),
      'kb/reset.de.md': translationFile('de', { source_updated: '2026-11-01' }),
      'kb/reset.it.md': translationFile('it', { source_updated: '2026-11-20' }),
    });
    expect(outdatedTranslations(content).map((o) => o.translation.file)).toEqual(['kb/reset.de.md']);
    expect(getLocalizedArticle(content, EMPLOYEE, 'article', 'reset', 'de')).toMatchObject({ outdated: true });
    expect(getLocalizedArticle(content, EMPLOYEE, 'article', 'reset', 'it')).toMatchObject({ outdated: false });
  });

  it('re-reads only the translation that changed, keeping the source and the other translations', () => {
    const dir = writeTree(tempDir(), { 'categories.json': TEST_CATEGORIES, 'kb/reset.md': articleFile(), 'kb/reset.de.md': translationFile('de'), 'kb/reset.it.md': translationFile('it') });
    const first = loadContent(dir);
    fs.writeFileSync(path.join(dir, 'kb/reset.de.md'), translationFile('de', { title: 'Neu' }));
    const next = loadContent(dir, first);
    expect(next.articles[0]).toBe(first.articles[0]);
    expect(next.translations.map((t) => t.title)).toEqual(['Neu', 'Titel it']);
    expect(next.translations[1]).toBe(first.translations[1]);
    expect(next.translations[0]!.hash).not.toBe(first.translations[0]!.hash);
    expect(next.articles[0]!.hash).toBe(first.articles[0]!.hash);
  });

  it('warns about broken links in a translation', () => {
    const { warnings } = load({ 'kb/reset.md': articleFile(), 'kb/reset.de.md': translationFile('de', {}, '[x](/kb/fehlt)') });
    expect(warnings).toEqual([{ file: 'kb/reset.de.md', message: expect.stringMatching(/\/kb\/fehlt, which does not exist/) }]);
  });
});
