import { z } from 'zod';
import { sql, type Db } from '#lib/db/db.ts';

export const FeedbackSchema = z.object({
  helpful: z.enum(['yes', 'no'], { error: 'Choose yes or no.' }),
  comment: z
    .string()
    .trim()
    .max(2000, 'Keep the comment under 2,000 characters.')
    .optional()
    .transform((v) => v || null),
});

/** "Was this helpful?" for an article, counted per article (one vote per person and article: the latest counts). */
export function recordFeedback(
  db: Db,
  slug: string,
  userId: number,
  input: unknown,
): { ok: true } | { ok: false; error: string } {
  const parsed = FeedbackSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]!.message };
  db.transaction(() => {
    sql(db, 'DELETE FROM article_feedback WHERE slug = ? AND user_id = ?').run(slug, userId);
    sql(db, 'INSERT INTO article_feedback (slug, user_id, helpful, comment, at) VALUES (?, ?, ?, ?, ?)').run(
      slug,
      userId,
      parsed.data.helpful === 'yes' ? 1 : 0,
      parsed.data.comment,
      new Date().toISOString(),
    );
  })();
  return { ok: true };
}

export function feedbackCounts(db: Db, slug: string): { helpful: number; notHelpful: number } {
  const row = sql(
    db,
    'SELECT coalesce(sum(helpful), 0) AS yes, count(*) - coalesce(sum(helpful), 0) AS no FROM article_feedback WHERE slug = ?',
  ).get(slug) as { yes: number; no: number };
  return { helpful: row.yes, notHelpful: row.no };
}
