/** Reads a form body; a body that is not a form (wrong content type, broken encoding) reads as empty. */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    return new FormData();
  }
}

/**
 * A post-sign-in destination: only paths on this site ("/kb?x"), never "//evil.example" or a URL;
 * percent-encoded, since a Location header cannot carry "/€" as it is.
 */
export function safeNextPath(next: unknown): string {
  if (
    typeof next !== 'string' ||
    !next.startsWith('/') ||
    next.startsWith('//') ||
    next.startsWith('/\\') ||
    next.length > 2000
  )
    return '/';
  if (/[\u0000-\u001f]/.test(next)) return '/';
  const origin = 'http://fixpoint.invalid';
  const url = new URL(next, origin);
  return url.origin === origin ? `${url.pathname}${url.search}${url.hash}` : '/';
}

/** A form field as text (empty when missing), cut to `max` characters so no field can be huge. */
export function formText(form: FormData, name: string, max = 100_000): string {
  return String(form.get(name) ?? '').slice(0, max);
}
