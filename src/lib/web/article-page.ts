import { readForm } from './http.ts';
import { requireUser } from './guards.ts';
import { getDb } from '#lib/db/connection.ts';
import { recordFeedback } from '#lib/deflection/feedback.ts';
import { isRequestId, recordArticleOpened } from '#lib/deflection/requests.ts';
import { storageRefusal } from './storage-refusal.ts';

export type ArticleVisit = {
  /** The help request this article was opened from (shows "Did this solve your problem?"). */
  requestId: string | null;
  /** `comment`: what was typed, shown again when it could not be saved. */
  feedback: { sent: boolean; error: string | null; comment?: string };
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
  if (request.method === 'POST') visit.feedback = await sendFeedback(request, db, slug, principal.id);
  const rid = url.searchParams.get('rid');
  // Noting the opened article is a side write of this read: a full disk skips it, and the page (with
  // "Did this solve your problem?") is shown all the same. The request is the reader's, or the write
  // would not have been tried.
  if (request.method === 'GET' && rid && isRequestId(rid)) {
    try {
      if (recordArticleOpened(db, rid, principal.id, slug)) visit.requestId = rid;
    } catch (error) {
      if (!storageRefusal(error)) throw error;
      visit.requestId = rid;
    }
  }
  return visit;
}

async function sendFeedback(
  request: Request,
  db: ReturnType<typeof getDb>,
  slug: string,
  userId: number,
): Promise<ArticleVisit['feedback']> {
  const form = await readForm(request);
  const comment = form.get('comment') ?? undefined;
  try {
    const result = recordFeedback(db, slug, userId, { helpful: form.get('helpful') ?? undefined, comment });
    return result.ok ? { sent: true, error: null } : { sent: false, error: result.error };
  } catch (error) {
    const refusal = storageRefusal(error);
    if (!refusal) throw error;
    return {
      sent: false,
      error: refusal,
      comment: typeof comment === 'string' ? comment.slice(0, 2000) : '',
    };
  }
}
