-- Views of published articles per day, for "popular articles" (owned by src/lib/deflection/article-views.ts).
CREATE TABLE article_views (
  slug TEXT NOT NULL,
  day TEXT NOT NULL,          -- UTC date, YYYY-MM-DD
  views INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (slug, day)
) STRICT, WITHOUT ROWID;

CREATE INDEX article_views_day ON article_views (day);
