import type { z } from 'zod';

/** Reads a form body; a body that is not a form (wrong content type, broken encoding) reads as empty. */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    return new FormData();
  }
}

/** Field name → first message, for showing errors next to form fields. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'form');
    out[key] ??= issue.message;
  }
  return out;
}

/** A post-sign-in destination: only paths on this site ("/kb?x"), never "//evil.example" or a URL. */
export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.length > 2000) return '/';
  return /[\u0000-\u001f]/.test(next) ? '/' : next;
}
