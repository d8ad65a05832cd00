import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Principal, Role } from './roles.ts';
import { decideAccess, findRoute, ROUTES } from './routes.ts';

/** The route pattern of each page file under src/pages, the way Astro maps them. */
function pagePatterns(dir = path.resolve('src/pages'), prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return pagePatterns(path.join(dir, entry.name), `${prefix}/${entry.name}`);
    const name = entry.name.replace(/\.(astro|ts|md)$/, '');
    return [name === 'index' ? prefix || '/' : `${prefix}/${name}`];
  });
}

const person = (...roles: Role[]): Principal => ({
  kind: 'user',
  id: 1,
  email: 'x@example.com',
  displayName: 'X',
  roles,
  agentTier: roles.includes('agent') ? 1 : null,
});

describe('the route table', () => {
  it('lists every page of the site, so none is served without an access rule', () => {
    const patterns = ROUTES.map((r) => r.pattern);
    for (const page of pagePatterns())
      expect(patterns, `add ${page} to ROUTES in src/lib/auth/routes.ts`).toContain(page);
  });

  it('has a page for every route that is not marked as planned', () => {
    const pages = new Set(pagePatterns());
    for (const rule of ROUTES.filter((r) => !r.note?.startsWith('planned')))
      expect(pages.has(rule.pattern), rule.pattern).toBe(true);
  });

  it('matches concrete paths to their rule, and nothing else', () => {
    expect(findRoute('/kb/reset-your-password')?.pattern).toBe('/kb/[slug]');
    expect(findRoute('/kb/')?.pattern).toBe('/kb');
    expect(findRoute('/kb/a/b')).toBeNull();
    expect(findRoute('/agent/tickets/42')?.pattern).toBe('/agent/tickets/[number]');
    expect(findRoute('/admin/users/7')?.pattern).toBe('/admin/users/[id]');
    expect(findRoute('/adminx')).toBeNull();
    expect(findRoute('/.env')).toBeNull();
  });

  it('sends signed-out visitors to sign in, and hides what a role may not use (404)', () => {
    expect(decideAccess(findRoute('/login'), null)).toBe('allow');
    expect(decideAccess(findRoute('/kb'), null)).toBe('sign-in');
    expect(decideAccess(findRoute('/admin'), null)).toBe('sign-in');
    expect(decideAccess(findRoute('/kb'), person('employee'))).toBe('allow');
    expect(decideAccess(findRoute('/agent'), person('employee'))).toBe('not-found');
    expect(decideAccess(findRoute('/agent'), person('agent'))).toBe('allow');
    expect(decideAccess(findRoute('/manage'), person('admin'))).toBe('allow');
    expect(decideAccess(findRoute('/admin'), person('manager', 'agent'))).toBe('not-found');
    expect(decideAccess(null, person('admin'))).toBe('not-found');
  });
});
