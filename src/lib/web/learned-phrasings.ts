import { z } from 'zod';
import { readerFor } from '#lib/auth/roles.ts';
import { formFromSource, readArticleSource } from '#lib/content/editor.ts';
import { getConfig } from '#lib/config/config.ts';
import { getDb } from '#lib/db/connection.ts';
import type { Db } from '#lib/db/db.ts';
import { learnedPhrasings, removePhrasing } from '#lib/search/learned.ts';
import { requirePerson } from './guards.ts';
import { readForm } from './http.ts';

/** A learned phrasing as the editor lists it: `ticket` is the T-number it came from (null: confirmed at Get help). */
export type PhrasingView = { id: number; text: string; ticket: string | null; learnedAt: string };

/** The words people used for problems this article solved, newest first, with where each came from. */
export function phrasingViews(db: Db, slug: string): PhrasingView[] {
  return learnedPhrasings(db, slug).map((p) => ({
    id: p.id,
    text: p.text,
    ticket: p.source === 'ticket' ? String(p.sourceId) : null,
    learnedAt: p.learnedAt,
  }));
}

const RemoveForm = z.object({ id: z.coerce.number().int().positive() });

/**
 * POST /agent/kb/phrasings/<slug>: an agent (or a manager, for articles they may edit) removes a
 * learned phrasing; it stops counting at once and is not learned again. Back to the editor either way.
 */
export async function removeLearnedPhrasing(
  request: Request,
  locals: App.Locals,
  slug: string,
): Promise<Response> {
  const person = requirePerson(locals, ['agent', 'manager']);
  const current = readArticleSource(getConfig().contentDir, slug);
  const form = current ? formFromSource(slug, current.type, current.source) : null;
  // As in the editor: an internal article (or one that cannot be read) does not exist for someone
  // who may not read internal articles.
  if (!form || ((form.audience === 'agents' || form.problem) && !readerFor(person).seesInternal))
    return new Response(locals.i18n.t('editor.noSuchArticle'), { status: 404 });
  const parsed = RemoveForm.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return new Response(locals.i18n.t('editor.phrasingMissing'), { status: 400 });
  // A full disk throws a storage error: the middleware answers 503 with Retry-After.
  const removed = removePhrasing(getDb(), slug, parsed.data.id, person.id);
  const done = removed ? 'phrasing-removed' : 'phrasing-gone';
  return new Response(null, {
    status: 303,
    headers: { Location: `/agent/kb/edit/${encodeURIComponent(slug)}?done=${done}#learned` },
  });
}
