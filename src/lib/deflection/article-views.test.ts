import { describe, expect, it, vi } from 'vitest';
import { testDatabase } from '#test/db.ts';
import { fillDatabase } from '#test/full-database.ts';
import {
  articleViewBacklog,
  flushArticleViews,
  MAX_PENDING_VIEW_KEYS,
  mostViewedSlugs,
  recordArticleView,
} from './article-views.ts';

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

describe('article views when the database refuses writes (a full disk)', () => {
  it('are kept in memory, retried by the timer (which never throws), and written once space is back', async () => {
    const db = testDatabase();
    const giveSpaceBack = fillDatabase(db);
    const now = new Date('2026-11-20T10:00:00Z');
    // Enough articles that the counts need pages the file does not have yet.
    const slugs = Array.from({ length: 300 }, (_, i) => `article-with-a-rather-long-address-${i}`);
    for (const slug of slugs) recordArticleView(db, slug, now);
    // The home page's popular list flushes first: it gets its answer, not the disk's error.
    expect(mostViewedSlugs(db, 30, 5, now)).toEqual([]);
    expect(articleViewBacklog().pending).toBe(300);
    recordArticleView(db, slugs[0]!, now);
    giveSpaceBack();
    // The timer writes them on its own; an error thrown from it would fail this test run.
    await vi.waitFor(() => expect(articleViewBacklog().pending).toBe(0), { timeout: 10_000, interval: 50 });
    expect(db.prepare('SELECT sum(views) FROM article_views').pluck().get()).toBe(301);
    expect(mostViewedSlugs(db, 30, 1, now)).toEqual([{ slug: slugs[0], views: 2 }]);
  });

  it('keep at most MAX_PENDING_VIEW_KEYS articles and days in memory: the oldest are dropped, and counted', () => {
    const db = testDatabase();
    const giveSpaceBack = fillDatabase(db);
    const droppedBefore = articleViewBacklog().dropped;
    const now = new Date('2026-11-20T10:00:00Z');
    for (let i = 0; i < MAX_PENDING_VIEW_KEYS + 2; i++) recordArticleView(db, `article-${i}`, now);
    recordArticleView(db, 'article-0', now); // dropped already: counted anew
    flushArticleViews();
    expect(articleViewBacklog()).toEqual({ pending: MAX_PENDING_VIEW_KEYS, dropped: droppedBefore + 3 });
    giveSpaceBack();
    flushArticleViews();
    expect(db.prepare('SELECT count(*) FROM article_views').pluck().get()).toBe(MAX_PENDING_VIEW_KEYS);
    expect(db.prepare("SELECT views FROM article_views WHERE slug = 'article-0'").pluck().get()).toBe(1);
    expect(
      db.prepare("SELECT views FROM article_views WHERE slug = 'article-2'").pluck().get(),
    ).toBeUndefined();
  });
});
