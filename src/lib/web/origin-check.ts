/**
 * Astro's cross-site form check (`security.checkOrigin`), kept here with one exemption: RFC 8058's
 * one-click unsubscribe, which a mail provider POSTs to the List-Unsubscribe address without an
 * Origin header. Astro's own check is off in astro.config.mjs, because it cannot exempt a path; the
 * middleware calls this first for every request instead (decision 031).
 *
 * The exemption is safe: the unsubscribe link is authorised by its signed token alone (never by a
 * cookie), so a request without Origin can do nothing there that the token's holder could not do
 * anyway; a browser's cross-site form always carries an Origin, and is refused as before.
 */
const FORM_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const ONE_CLICK_UNSUBSCRIBE = /^\/mail\/unsubscribe\/[A-Za-z0-9_.-]{1,300}$/;

const isFormLike = (contentType: string | null) =>
  contentType !== null && FORM_CONTENT_TYPES.some((t) => contentType.toLowerCase().includes(t));

/** Whether a request is a cross-site state change to refuse (403), as Astro decides it. */
export function isForbiddenCrossSite(request: Request, url: URL): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const origin = request.headers.get('origin');
  if (origin === null && request.method === 'POST' && ONE_CLICK_UNSUBSCRIBE.test(url.pathname)) return false;
  const sameOrigin = origin === url.origin;
  return request.headers.has('content-type')
    ? isFormLike(request.headers.get('content-type')) && !sameOrigin
    : !sameOrigin;
}
