import type { Principal, Role } from '#lib/auth/roles.ts';
import { hasAnyRole, readerFor } from '#lib/auth/roles.ts';
import type { Reader } from '#lib/content/store.ts';

/** Thrown by guards; the middleware turns it into the right answer (sign-in redirect or 404). */
export class AccessDenied extends Error {
  readonly decision: 'sign-in' | 'not-found';
  constructor(decision: 'sign-in' | 'not-found') {
    super(decision);
    this.decision = decision;
  }
}

/** The signed-in principal; a page or endpoint that needs one calls this first. */
export function requireUser(locals: App.Locals): Principal {
  if (!locals.principal) throw new AccessDenied('sign-in');
  return locals.principal;
}

/** The signed-in principal holding one of the roles. */
export function requireRole(locals: App.Locals, roles: readonly Role[]): Principal {
  const principal = requireUser(locals);
  if (!hasAnyRole(principal, roles)) throw new AccessDenied('not-found');
  return principal;
}

/** A signed-in person (not an API token), for pages about one's own account and admin actions. */
export function requirePerson(
  locals: App.Locals,
  roles?: readonly Role[],
): Extract<Principal, { kind: 'user' }> {
  const principal = roles ? requireRole(locals, roles) : requireUser(locals);
  if (principal.kind !== 'user') throw new AccessDenied('not-found');
  return principal;
}

/** What the signed-in principal may read in the knowledge base. */
export function requireReader(locals: App.Locals): Reader {
  return readerFor(requireUser(locals));
}
