import { readForm } from './http.ts';
import { requireUser } from './guards.ts';
import { getDb } from '#lib/db/connection.ts';
import { recordFeedback } from '#lib/deflection/feedback.ts';
import { isRequestId, recordArticleOpened } from '#lib/deflection/requests.ts';

export type ArticleVisit = {
  /** The help request this article was opened from (shows "Did this solve your problem?"). */
  requestId: string | null;
  feedback: { sent: boolean; error: string | null };
};

/** The deflection side of an article page: the opened-from-a-request event and "Was this helpful?". */
export async function handleArticleVisit(
  request: Request,
  url: URL,
  locals: App.Locals,
  slug: string,
): Promise<ArticleVisit> {
  const principal = requireUser(locals);
  const db = getDb();
  const visit: ArticleVisit = { requestId: null, feedback: { sent: false, error: null } };
  if (principal.kind !== 'user') return visit;
  if (request.method === 'POST') {
    const form = await readForm(request);
    const result = recordFeedback(db, slug, principal.id, {
      helpful: form.get('helpful') ?? undefined,
      comment: form.get('comment') ?? undefined,
    });
    visit.feedback = result.ok ? { sent: true, error: null } : { sent: false, error: result.error };
  }
  const rid = url.searchParams.get('rid');
  if (request.method === 'GET' && rid && isRequestId(rid) && recordArticleOpened(db, rid, principal.id, slug))
    visit.requestId = rid;
  return visit;
}
