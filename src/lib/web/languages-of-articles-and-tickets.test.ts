import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleFile, TEST_CATEGORIES, writeTree } from '#test/temp.ts';
import type { Role } from '#lib/auth/roles.ts';
import { createUser, toPrincipal } from '#lib/auth/users.ts';
import { hasRequestedTranslation, translationRequestCounts } from '#lib/content/translation-requests.ts';
import { closeDatabases } from '#lib/db/db.ts';
import { getDb } from '#lib/db/connection.ts';
import { createI18n } from '#lib/i18n/i18n.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { getTicketForViewer } from '#lib/tickets/tickets.ts';
import { loadArticleRoute } from './article-route.ts';
import { handleHelpPage } from './help-page.ts';
import { kbListPage } from './kb-pages.ts';
import { answerTicketApiPost } from './ticket-api.ts';

// The controllers between a request's language and the content model: which version of an article a
// reader gets, asking for a translation, and the language a ticket is filed in.

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fixpoint-languages-'));
const env = { DATA_DIR: process.env.DATA_DIR, CONTENT_DIR: process.env.CONTENT_DIR };
const translation = `---\ntitle: Kennwort zurücksetzen\nsummary: So geht es.\ntags: [kennwort]\nlocale: de\nstatus: published\nsource_updated: 2026-11-01\n---\n\n## Schritte\n\nÖffnen Sie das Portal.\n`;
beforeAll(() => {
  process.env.DATA_DIR = path.join(root, 'data');
  process.env.CONTENT_DIR = writeTree(path.join(root, 'content'), {
    'categories.json': TEST_CATEGORIES,
    'kb/reset-your-password.md': articleFile({ title: 'Reset your password' }),
    'kb/reset-your-password.de.md': translation,
    'faq/vpn-drops.md': articleFile({ title: 'Why does the VPN drop?' }),
  });
});
afterAll(() => {
  closeDatabases();
  Object.assign(process.env, env);
  fs.rmSync(root, { recursive: true, force: true });
});

async function person(roles: Role[], locale: Locale) {
  const principal = toPrincipal(
    await createUser(getDb(), {
      email: `${roles.join('-')}-${Math.random().toString(36).slice(2)}@example.com`,
      displayName: roles.join(' '),
      roles,
      agentTier: roles.includes('agent') ? 1 : undefined,
      password: 'quiet river stones 9',
    }),
  );
  const locals = { principal, session: null, unreadNotifications: () => 0, i18n: createI18n(locale, 'UTC') };
  return { principal, locals: locals as App.Locals };
}

const post = (url: string, fields: Record<string, string>) => {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return new Request(url, { method: 'POST', body: form });
};

describe('articles in the reader’s language', () => {
  it('shows the German translation to a German reader, the English text with the notice otherwise', async () => {
    const { locals } = await person(['employee'], 'de');
    const url = new URL('http://localhost/kb/reset-your-password');
    const de = await loadArticleRoute(
      { request: new Request(url), url, locals, slug: 'reset-your-password' },
      'article',
    );
    expect(de!.page.article).toMatchObject({ title: 'Kennwort zurücksetzen', fallback: false });
    expect(de!.page.bodyLang).toBeNull();
    expect(de!.page.languages).toEqual([
      { locale: 'en', name: 'English', url: '/kb/reset-your-password?lang=en', current: false },
      { locale: 'de', name: 'Deutsch', url: '/kb/reset-your-password?lang=de', current: true },
    ]);
    const faqUrl = new URL('http://localhost/faq/vpn-drops');
    const faq = await loadArticleRoute(
      { request: new Request(faqUrl), url: faqUrl, locals, slug: 'vpn-drops' },
      'faq',
    );
    expect(faq!.page.article).toMatchObject({
      title: 'Why does the VPN drop?',
      fallback: true,
      wanted: 'de',
      locale: 'en',
    });
    expect(faq!.page.bodyLang).toBe('en');
    expect(faq!.visit.translation).toEqual({ requested: false, error: null });
  });

  it('records a request for a translation once per person, refuses an unknown language in the reader’s words, and editors see the count', async () => {
    const { principal, locals } = await person(['employee'], 'de');
    const url = new URL('http://localhost/faq/vpn-drops?lang=de');
    const ask = (value: string) =>
      loadArticleRoute(
        { request: post(url.href, { translation: value }), url, locals, slug: 'vpn-drops' },
        'faq',
      );
    expect((await ask('fr'))!.visit.translation).toEqual({
      requested: false,
      error: 'Wählen Sie eine Sprache, in die wir übersetzen.',
    });
    expect((await ask('de'))!.visit.translation).toEqual({ requested: true, error: null });
    await ask('de');
    expect(hasRequestedTranslation(getDb(), 'vpn-drops', 'de', principal.id)).toBe(true);
    expect(translationRequestCounts(getDb()).get('vpn-drops')).toEqual({ de: 1 });
    // Reopened later: the page knows this person asked.
    const again = await loadArticleRoute(
      { request: new Request(url), url, locals, slug: 'vpn-drops' },
      'faq',
    );
    expect(again!.visit.translation.requested).toBe(true);

    const agent = await person(['agent'], 'en');
    const list = kbListPage(agent.locals, new URLSearchParams('view=translations'));
    const row = list.rows.find((r) => r.slug === 'vpn-drops')!;
    expect(row.languages.find((l) => l.locale === 'de')).toMatchObject({ state: 'missing', requests: 1 });
    expect(list.rows.map((r) => r.slug)).not.toContain('reset-your-password');
  });
});

describe('the language a ticket is filed in', () => {
  it('is the portal language for the /help form, whatever the text', async () => {
    const { principal, locals } = await person(['employee'], 'it');
    const url = new URL('http://localhost/help');
    const fields = {
      intent: 'file',
      subject: 'Dock dead',
      description: 'No power light on the dock.',
      idempotencyKey: 'k-lang-1',
    };
    const outcome = await handleHelpPage(post(url.href, fields), url, locals);
    const number = Number(/\/requests\/(\d+)/.exec((outcome as { redirect: string }).redirect)![1]);
    expect(getTicketForViewer(getDb(), number, principal)!.language).toBe('it');
  });

  it('is detected from the text for the API', async () => {
    const { principal, locals } = await person(['employee'], 'en');
    const request = new Request('http://localhost/api/tickets', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        subject: 'Drucker druckt nicht',
        description:
          'Der Drucker im zweiten Stock druckt seit heute Morgen nicht mehr, ich habe ihn schon neu gestartet.',
      }),
    });
    const answer = await answerTicketApiPost(request, locals);
    expect(answer.status).toBe(201);
    const { number } = (await answer.json()) as { number: number };
    expect(getTicketForViewer(getDb(), number, principal)!.language).toBe('de');
  });
});
