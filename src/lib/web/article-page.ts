import { readForm } from './http.ts';
import { requireUser } from './guards.ts';
import { getDb } from '#lib/db/connection.ts';
import { recordFeedback } from '#lib/deflection/feedback.ts';
import { isRequestId, recordArticleOpened } from '#lib/deflection/requests.ts';
import { storageRefusal } from './storage-refusal.ts';
import { hasRequestedTranslation, requestTranslation } from '#lib/content/translation-requests.ts';
import { isLocale, type Locale } from '#lib/i18n/locales.ts';

export type ArticleVisit = {
  /** The help request this article was opened from (shows "Did this solve your problem?"). */
  requestId: string | null;
  /** `comment`: what was typed, shown again when it could not be saved. */
  feedback: { sent: boolean; error: string | null; comment?: string };
  /** "Ask for a translation": whether this person has asked for the article in the wanted language. */
  translation: { requested: boolean; error: string | null };
};

/** The deflection side of an article page: the opened-from-a-request event and "Was this helpful?". */
export async function handleArticleVisit(
  request: Request,
  url: URL,
  locals: App.Locals,
  slug: string,
  /** The language the reader wanted and the article is not in (null: it is there). */
  missing: Locale | null = null,
): Promise<ArticleVisit> {
  const principal = requireUser(locals);
  const db = getDb();
  const visit: ArticleVisit = {
    requestId: null,
    feedback: { sent: false, error: null },
    translation: { requested: false, error: null },
  };
  if (principal.kind !== 'user') return visit;
  if (request.method === 'POST') {
    const form = await readForm(request);
    const asked = form.get('translation');
    if (asked !== null) visit.translation = askForTranslation(db, slug, asked, principal.id, locals.i18n);
    else visit.feedback = sendFeedback(form, db, slug, principal.id);
  }
  if (missing && !visit.translation.requested)
    visit.translation.requested = hasRequestedTranslation(db, slug, missing, principal.id);
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

/** Records "please translate this into <locale>" for editors; asking again is not an error. */
function askForTranslation(
  db: ReturnType<typeof getDb>,
  slug: string,
  asked: FormDataEntryValue,
  userId: number,
  i18n: App.Locals['i18n'],
): ArticleVisit['translation'] {
  if (!isLocale(asked)) return { requested: false, error: i18n.t('translations.askRefused') };
  try {
    requestTranslation(db, { slug, locale: asked, userId });
    return { requested: true, error: null };
  } catch (error) {
    const refusal = storageRefusal(error);
    if (!refusal) throw error;
    return { requested: false, error: refusal };
  }
}

function sendFeedback(
  form: FormData,
  db: ReturnType<typeof getDb>,
  slug: string,
  userId: number,
): ArticleVisit['feedback'] {
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
