import { describe, expect, it } from 'vitest';
import { testDatabase } from '#test/db.ts';
import { flushArticleViews, mostViewedSlugs, recordArticleView } from './article-views.ts';

describe('article views', () => {
  it('are counted in memory, written in one go per article and day, and read back by the popular list', () => {
    const db = testDatabase();
    const now = new Date('2026-11-20T10:00:00Z');
    for (let i = 0; i < 3; i++) recordArticleView(db, 'vpn-cannot-connect', now);
    recordArticleView(db, 'reset-your-password', now);
    recordArticleView(db, 'reset-your-password', new Date('2026-11-19T23:59:00Z'));
    expect(db.prepare('SELECT count(*) FROM article_views').pluck().get()).toBe(0);
    expect(mostViewedSlugs(db, 30, 5, now)).toEqual([
      { slug: 'vpn-cannot-connect', views: 3 },
      { slug: 'reset-your-password', views: 2 },
    ]);
    expect(db.prepare('SELECT count(*) FROM article_views').pluck().get()).toBe(3);
    recordArticleView(db, 'vpn-cannot-connect', now);
    flushArticleViews();
    expect(
      db.prepare("SELECT views FROM article_views WHERE slug = 'vpn-cannot-connect'").pluck().get(),
    ).toBe(4);
  });
});
