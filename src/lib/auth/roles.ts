import { z } from 'zod';
import type { Reader } from '#lib/content/store.ts';
import type { MessageKey } from '#lib/i18n/translate.ts';

export const ROLES = ['employee', 'agent', 'manager', 'admin'] as const;
export const RoleSchema = z.enum(ROLES, { error: 'Choose employee, agent, manager or admin.' });
export type Role = z.infer<typeof RoleSchema>;

export const ROLE_LABELS: Record<Role, MessageKey> = {
  employee: 'labels.roleEmployee',
  agent: 'labels.roleAgent',
  manager: 'labels.roleManager',
  admin: 'labels.roleAdmin',
};

/** Who is making a request: a signed-in person or an API token acting with one role. */
export type Principal =
  | {
      kind: 'user';
      id: number;
      email: string;
      displayName: string;
      roles: Role[];
      agentTier: number | null;
      /** Their chosen language and their browser's time zone, when known (src/lib/i18n). */
      locale?: string | null;
      timeZone?: string | null;
    }
  | { kind: 'token'; id: number; name: string; roles: Role[] };

export function hasAnyRole(principal: Principal | null, roles: readonly Role[]): boolean {
  return Boolean(principal && principal.roles.some((r) => roles.includes(r)));
}

/** What a principal may read in the knowledge base: agents and admins also see internal articles. */
export function readerFor(principal: Principal | null): Reader {
  return { seesInternal: hasAnyRole(principal, ['agent', 'admin']), seesUnpublished: false };
}

/** How the audit log names a principal. */
export function describePrincipal(principal: Principal | null): string {
  if (!principal) return 'anonymous';
  return principal.kind === 'user'
    ? `user:${principal.id} ${principal.email}`
    : `token:${principal.id} ${principal.name}`;
}
