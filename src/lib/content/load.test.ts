import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { articleFile, TEST_CATEGORIES, tempDir, writeTree } from '#test/temp.ts';
import { articleHtml, loadContent, MAX_ARTICLE_BYTES } from './load.ts';

function load(files: Record<string, string | Buffer>) {
  return loadContent(writeTree(tempDir(), { 'categories.json': TEST_CATEGORIES, ...files }));
}

describe('loadContent', () => {
  it('loads valid articles and FAQs with defaults, URLs and hashes', () => {
    const { articles, problems } = load({ 'kb/reset-password.md': articleFile({ title: 'Reset your password' }), 'faq/why-expire.md': articleFile() });
    expect(problems).toEqual([]);
    const kb = articles.find((a) => a.slug === 'reset-password')!;
    expect(kb).toMatchObject({ type: 'article', url: '/kb/reset-password', title: 'Reset your password', status: 'published', audience: 'employees', locale: 'en', review_by: '2027-05-01' });
    expect(kb.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(articles.find((a) => a.slug === 'why-expire')).toMatchObject({ type: 'faq', url: '/faq/why-expire' });
  });

  it('changes the hash when the file changes, and only then', () => {
    const dir = writeTree(tempDir(), { 'categories.json': TEST_CATEGORIES, 'kb/a.md': articleFile() });
    const first = loadContent(dir).articles[0]!.hash;
    expect(loadContent(dir).articles[0]!.hash).toBe(first);
    fs.appendFileSync(path.join(dir, 'kb/a.md'), '\nOne more line.\n');
    expect(loadContent(dir).articles[0]!.hash).not.toBe(first);
  });

  it.each([
    ['invalid YAML', articleFile({ title: '"unclosed' }), 'front matter', /not valid YAML.*quote values/],
    ['a missing title', articleFile({ title: undefined }), 'title', /add a title/],
    ['an empty title', articleFile({ title: '""' }), 'title', /title is empty/],
    ['an unknown category', articleFile({ category: 'printers' }), 'category', /unknown category "printers".*accounts, network/],
    ['a bad date', articleFile({ review_by: 'next spring' }), 'review_by', /YYYY-MM-DD/],
    ['an unknown status', articleFile({ status: 'live' }), 'status', /published/],
    ['a type that contradicts the folder', articleFile({ type: 'faq' }), 'type', /move the file/],
  ])('skips a file with %s, naming the file, the field and the fix', (_name, source, field, message) => {
    const { articles, problems } = load({ 'kb/good.md': articleFile(), 'kb/bad.md': source });
    expect(articles.map((a) => a.slug)).toEqual(['good']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'kb/bad.md', field });
    expect(problems[0]!.message).toMatch(message);
  });

  it('never executes JavaScript front matter', () => {
    const marker = path.join(tempDir(), 'executed');
    const source = `---js\n{ title: require('fs').writeFileSync(${JSON.stringify(marker)}, 'x') }\n---\nbody`;
    const { articles, problems } = load({ 'kb/code.md': source });
    expect(articles).toEqual([]);
    expect(problems[0]?.message).toMatch(/YAML/);
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('skips a duplicated slug across kb/ and faq/, naming both files', () => {
    const { articles, problems } = load({ 'kb/vpn.md': articleFile(), 'faq/vpn.md': articleFile() });
    expect(articles).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'faq/vpn.md' });
    expect(problems[0]!.message).toMatch(/already used by kb\/vpn\.md/);
  });

  it('skips a 5 MB file without reading it into the site', () => {
    const big = articleFile({}, 'x'.repeat(5 * 1024 * 1024));
    const { articles, problems } = load({ 'kb/huge.md': big });
    expect(articles).toEqual([]);
    expect(problems[0]!.message).toMatch(/5\.0 MB.*limited to/);
    expect(MAX_ARTICLE_BYTES).toBeLessThan(5 * 1024 * 1024);
  });

  it('refuses file names that are not slugs, suggesting one', () => {
    const { problems } = load({ 'kb/Reset Password.md': articleFile() });
    expect(problems[0]!.message).toMatch(/reset-password\.md/);
  });

  it('sanitizes script tags and javascript: links in the body instead of skipping the file', () => {
    const { articles } = load({ 'kb/x.md': articleFile({}, '<script>alert(1)</script>\n\n[x](javascript:alert(1))') });
    expect(articleHtml(articles[0]!)).not.toMatch(/script|javascript:/);
  });

  it('warns about links to articles that do not exist', () => {
    const { warnings } = load({ 'kb/a.md': articleFile({}, '[b](/kb/b) [missing](/faq/nope)'), 'kb/b.md': articleFile() });
    expect(warnings).toEqual([{ file: 'kb/a.md', message: expect.stringMatching(/\/faq\/nope, which does not exist/) }]);
  });

  it('reports a broken categories.json instead of crashing', () => {
    const { problems, articles } = loadContent(writeTree(tempDir(), { 'categories.json': '{oops', 'kb/a.md': articleFile() }));
    expect(articles).toEqual([]);
    expect(problems.map((p) => p.file)).toEqual(['categories.json', 'kb/a.md']);
  });

  it('re-reads only the files that changed since the previous load', () => {
    const dir = writeTree(tempDir(), { 'categories.json': TEST_CATEGORIES, 'kb/a.md': articleFile({ title: 'A' }), 'kb/b.md': articleFile({ title: 'B' }), 'faq/c.md': articleFile({ title: 'C' }) });
    const first = loadContent(dir);
    const same = loadContent(dir, first);
    expect(same.articles).toEqual(first.articles);
    expect(same.articles.every((a, i) => a === first.articles[i])).toBe(true);

    // An edit written the way the editor writes (temp file + rename), a deletion and a new file.
    fs.writeFileSync(path.join(dir, 'kb/.a.tmp'), articleFile({ title: 'A, edited' }));
    fs.renameSync(path.join(dir, 'kb/.a.tmp'), path.join(dir, 'kb/a.md'));
    fs.rmSync(path.join(dir, 'faq/c.md'));
    fs.writeFileSync(path.join(dir, 'faq/d.md'), articleFile({ title: 'D' }));
    const next = loadContent(dir, same);
    expect(next.articles.map((a) => a.title)).toEqual(['A, edited', 'B', 'D']);
    expect(next.articles[1]).toBe(first.articles[1]);
    // Edited in place, with the same length: still noticed.
    fs.writeFileSync(path.join(dir, 'kb/b.md'), articleFile({ title: 'Z' }));
    expect(loadContent(dir, next).articles.map((a) => a.title)).toEqual(['A, edited', 'Z', 'D']);
  });

  it('reloads every file when the categories change (they decide what is valid)', () => {
    const dir = writeTree(tempDir(), { 'categories.json': TEST_CATEGORIES, 'kb/a.md': articleFile({ category: 'network' }) });
    const first = loadContent(dir);
    expect(first.articles).toHaveLength(1);
    fs.writeFileSync(path.join(dir, 'categories.json'), JSON.stringify([{ slug: 'accounts', label: 'Accounts', description: 'Sign-in.' }]));
    const next = loadContent(dir, first);
    expect(next.articles).toEqual([]);
    expect(next.problems).toMatchObject([{ file: 'kb/a.md', field: 'category' }]);
  });
});
