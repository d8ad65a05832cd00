import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { articleHtml, loadContent } from './load.ts';

// The knowledge base shipped in content/: what a new installation shows its employees.
const content = loadContent(path.resolve('content'));

describe('starter knowledge base', () => {
  it('loads without a skipped file or a broken link', () => {
    expect(content.problems).toEqual([]);
    expect(content.warnings).toEqual([]);
  });

  it('has at least 40 articles and 30 FAQs for employees', () => {
    const forEmployees = content.articles.filter((a) => a.audience === 'employees' && a.status === 'published');
    expect(forEmployees.filter((a) => a.type === 'article').length).toBeGreaterThanOrEqual(40);
    expect(forEmployees.filter((a) => a.type === 'faq').length).toBeGreaterThanOrEqual(30);
  });

  it('covers every category with articles that have steps, tags, an owner and a review date', () => {
    for (const category of content.categories) {
      expect(content.articles.some((a) => a.category === category.slug && a.type === 'article'), category.slug).toBe(true);
    }
    for (const a of content.articles) {
      expect(a.tags.length, a.file).toBeGreaterThanOrEqual(3);
      expect(a.review_by, a.file).toBeDefined();
      expect(a.owner, a.file).not.toBe('');
      if (a.type === 'article') {
        expect(a.headings.filter((h) => h.depth === 2).length, a.file).toBeGreaterThanOrEqual(3);
        expect(articleHtml(a), a.file).toMatch(/<ol>/);
      }
    }
  });
});
