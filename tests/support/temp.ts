import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary directory, removed after the current test. */
export function tempDir(prefix = 'fixpoint-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Writes files (path relative to root → content) and returns root. */
export function writeTree(root: string, files: Record<string, string | Buffer>): string {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return root;
}

/** An article file with valid front matter; `front` overrides or removes (undefined) fields. */
export function articleFile(
  front: Record<string, unknown> = {},
  body = 'Some steps.\n\n## Steps\n\n1. Do this.\n',
): string {
  const fields: Record<string, unknown> = {
    title: 'A title',
    summary: 'A summary.',
    category: 'accounts',
    tags: '[login]',
    owner: 'it-service-desk',
    updated: '2026-11-01',
    review_by: '2027-05-01',
    ...front,
  };
  const lines = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${v}`);
  return `---\n${lines.join('\n')}\n---\n\n${body}`;
}

export const TEST_CATEGORIES = JSON.stringify([
  { slug: 'accounts', label: 'Accounts', description: 'Sign-in.' },
  { slug: 'network', label: 'Network', description: 'VPN.' },
]);
