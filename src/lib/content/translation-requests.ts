import { sql, type Db } from '#lib/db/db.ts';
import { isLocale, type Locale } from '#lib/i18n/locales.ts';

/** An employee asks for an article in their language; asking again changes nothing. Returns true when it is new. */
export function requestTranslation(db: Db, input: { slug: string; locale: Locale; userId: number; now?: Date }): boolean {
  const { changes } = sql(db, 'INSERT OR IGNORE INTO translation_requests (slug, locale, user_id, requested_at) VALUES (?, ?, ?, ?)').run(
    input.slug,
    input.locale,
    input.userId,
    (input.now ?? new Date()).toISOString(),
  );
  return changes > 0;
}

/** True when this person has asked for the article in that language. */
export function hasRequestedTranslation(db: Db, slug: string, locale: Locale, userId: number): boolean {
  return sql(db, 'SELECT 1 FROM translation_requests WHERE slug = ? AND locale = ? AND user_id = ?').pluck().get(slug, locale, userId) !== undefined;
}

/** How many people asked for each article in each language: slug → locale → count. */
export function translationRequestCounts(db: Db): Map<string, Partial<Record<Locale, number>>> {
  const rows = sql(db, 'SELECT slug, locale, count(*) AS n FROM translation_requests GROUP BY slug, locale').all() as Array<{ slug: string; locale: string; n: number }>;
  const counts = new Map<string, Partial<Record<Locale, number>>>();
  for (const r of rows) if (isLocale(r.locale)) counts.set(r.slug, { ...counts.get(r.slug), [r.locale]: r.n });
  return counts;
}
