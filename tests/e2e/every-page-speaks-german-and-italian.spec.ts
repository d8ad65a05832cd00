import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { ROUTES } from '#lib/auth/routes.ts';
import { markMailFailing, toPrincipal } from '#lib/auth/users.ts';
import { getDatabase } from '#lib/db/db.ts';
import { isMessageKey } from '#lib/i18n/translate.ts';
import { declareIncident, resolveIncident } from '#lib/incidents/incidents.ts';
import { createMacro } from '#lib/tickets/macros.ts';
import { createTicket } from '#lib/tickets/tickets.ts';
import { addMessage, changeStatus } from '#lib/tickets/workflow.ts';
import { LANGUAGES_PORT } from '../../playwright.config.ts';
import { portalDirs, startApp, stopApp, type RunningApp } from '../reliability/app.ts';
import { createTestSession, createTestUser, expect, test } from './fixtures.ts';

/**
 * Issue 15: every page in German and in Italian, with nothing left in English. A word that only
 * English uses (below) anywhere in a page's text, labels, placeholders or hints fails the test, and
 * so does a catalogue key shown instead of its message. Text marked with another `lang` (an article
 * shown in English because it has no translation yet, what someone typed in English) is skipped:
 * marking it is right for screen readers too. So is what a form field holds (an article's Markdown in
 * the editor), code (error messages quoted as the screen shows them), and names stored as someone
 * typed them in a language the page cannot know (`data-typed`: a calendar's name, a mail's subject).
 */
const ENGLISH_ONLY = [
  'the',
  'your',
  'you',
  'and',
  'with',
  'this',
  'that',
  'are',
  'for',
  'not',
  'from',
  'when',
  'what',
  'how',
  'have',
  'has',
  'been',
  'which',
  'there',
  'please',
  'here',
  'our',
  'we',
  'can',
  'cannot',
  'could',
  'should',
  'would',
  'about',
  'before',
  'into',
  'only',
  'than',
  'then',
  'they',
  'their',
  'these',
  'those',
  'while',
  'where',
  'who',
  'why',
  'any',
  'every',
  'other',
  'some',
  'such',
  'just',
  'sign',
  'get',
  'next',
  'page',
  'search',
  'request',
  'requests',
  'yet',
  'none',
  'no',
  'yes',
  'save',
  'add',
  'send',
  'new',
  'back',
  'choose',
  'edit',
  'delete',
  'remove',
  'open',
  'close',
  'closed',
  'resolved',
  'pending',
  'assigned',
  'unassigned',
  'status',
  'priority',
  'subject',
  'description',
  'reply',
  'replies',
  'note',
  'notes',
  'agent',
  'agents',
  'employee',
  'tier',
  'category',
  'articles',
  'article',
  'knowledge',
  'base',
  'help',
  'reports',
  'account',
  'password',
  'email',
  'mail',
  'name',
  'filter',
  'filters',
  'week',
  'weeks',
  'day',
  'days',
  'hours',
  'minutes',
  'ago',
  'by',
  'of',
  'to',
  'in',
  'on',
  'at',
  'or',
  'is',
  'it',
  'be',
  'a',
  'an',
  'all',
];
// Words German or Italian share with English, or that both write as English IT does ("Ticket",
// "Agent", "Account", "Status", "Reports", "Filter", "Help Desk", "Password", "E-Mail"), or that
// are function words there too ("in", "a", "an", "it" is Italian for nothing but is a TLD…).
const SHARED: Record<'de' | 'it', string[]> = {
  de: [
    'in',
    'an',
    'status',
    'filter',
    'filters',
    'agent',
    'agents',
    'account',
    'base',
    'help',
    'name',
    'tier',
    'email',
    'mail',
    'reports',
    'new',
    'open',
    'closed',
    'all',
    'it',
  ],
  it: [
    'a',
    'note',
    'in',
    'no',
    'status',
    'filter',
    'agent',
    'account',
    'password',
    'email',
    'mail',
    'help',
    'base',
    'knowledge',
    'new',
    'open',
    'tier',
    'reports',
    'it',
    'e',
    'on',
    'di',
  ],
};

function englishWords(locale: 'de' | 'it'): RegExp {
  const shared = new Set(SHARED[locale]);
  const words = ENGLISH_ONLY.filter((w) => !shared.has(w));
  return new RegExp(`(?<![\\p{L}\\p{N}_./@-])(${words.join('|')})(?![\\p{L}\\p{N}_@’'-])`, 'giu');
}

/** Every piece of text a person can read or hear on the page, outside elements marked with another language. */
async function readableText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const pageLang = document.documentElement.lang;
    const out: string[] = [];
    const skipped = (el: Element | null) => {
      const marked = el?.closest('[lang]');
      return (
        (marked && marked.getAttribute('lang') !== pageLang) ||
        Boolean(el?.closest('[data-typed]')) ||
        Boolean(el?.closest('script, style, template, noscript, code, pre, svg, textarea'))
      );
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      if (text && !skipped(node.parentElement)) out.push(text);
    }
    for (const el of document.querySelectorAll(
      '[placeholder], [aria-label], [title], [alt], input[type=submit][value], input[type=button][value]',
    )) {
      if (skipped(el)) continue;
      for (const attr of ['placeholder', 'aria-label', 'title', 'alt', 'value'])
        if (
          el.hasAttribute(attr) &&
          (attr !== 'value' || el.matches('input[type=submit], input[type=button]'))
        )
          out.push(el.getAttribute(attr)!);
    }
    out.push(document.title);
    return out;
  });
}

const SKIP = (r: (typeof ROUTES)[number]) =>
  r.pattern.startsWith('/api/') ||
  r.pattern.includes('/export') ||
  r.pattern === '/healthz' ||
  r.pattern.startsWith('/login/sso') ||
  r.pattern.startsWith('/attachments') ||
  r.pattern === '/agent/kb/phrasings/[slug]' ||
  r.note?.startsWith('planned') ||
  r.note?.startsWith('POST');

test.use({ role: null });

// A portal of its own: lists show every ticket and account, and the other journeys' (English) ones,
// written while this runs, would be findings that say nothing about the pages.
test.describe.configure({ mode: 'serial' });
let portal: RunningApp;
let root: string;
let dataDir: string;
let baseURL: string;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  const dirs = portalDirs('fixpoint-e2e-languages-');
  root = dirs.root;
  dataDir = dirs.dataDir;
  portal = await startApp({ port: LANGUAGES_PORT, ...dirs, extraEnv: { WEB_WORKERS: '1' } });
  baseURL = portal.base;
});
test.afterAll(async () => {
  await stopApp(portal);
  fs.rmSync(root, { recursive: true, force: true });
});

for (const locale of ['de', 'it'] as const) {
  test(`every page in ${locale === 'de' ? 'German' : 'Italian'}: no English left, no key shown, main pages pass axe`, async ({
    browser,
  }) => {
    test.setTimeout(180_000);
    const db = getDatabase(path.join(dataDir, 'fixpoint.db'));
    const staff = await createTestUser(dataDir, ['employee', 'agent', 'manager', 'admin']);
    // A name in no language (the fixture's "Test employee agent…" is English words).
    db.prepare('UPDATE users SET display_name = ? WHERE id = ?').run('Nadia Rossi-Keller', staff.id);
    const agent = toPrincipal(staff);
    const words = {
      de: {
        subject: 'Drucker im 3. Stock druckt nicht',
        body: 'Seit heute Morgen hängt die Druckerwarteschlange.',
      },
      it: {
        subject: 'La stampante del terzo piano non stampa',
        body: 'Da stamattina la coda di stampa è bloccata.',
      },
    }[locale];
    const { ticket } = createTicket(db, staff.id, { subject: words.subject, description: words.body });
    addMessage(db, ticket.id, agent, words.body, false);
    const { ticket: done } = createTicket(db, staff.id, { subject: words.subject, description: words.body });
    changeStatus(db, done.id, agent, 'resolved', { note: words.body });
    // Open incidents are offered to everyone who names them: one no other journey's words match, closed at the end.
    const incident = declareIncident(db, agent, {
      title:
        locale === 'de' ? 'Zeiterfassung Kronos nicht erreichbar' : 'Timbrature Kronos non raggiungibili',
      service: 'Kronos',
      message: words.body,
      status: 'investigating',
    });
    // An account's admin page shows the bounced-address card too (its words are checked with the rest):
    // an account of its own, so that mail to the staff account is not held back as failed.
    const bounced = await createTestUser(dataDir, ['employee']);
    db.prepare('UPDATE users SET display_name = ? WHERE id = ?').run('Ilse Brambilla', bounced.id);
    markMailFailing(db, bounced.email, '5.1.1 User unknown');
    // A macro the desk wrote in the page's language.
    const macro = createMacro(
      db,
      agent,
      {
        name: locale === 'de' ? 'Drucker: bitte neu starten' : 'Stampante: riavviarla',
        body: `${words.body} {{ticket.number}}`,
        locale,
        shared: false,
        status: 'pending',
        priority: null,
        category: null,
        article: null,
      },
      { article: () => null, categories: [] },
    );
    const sample: Record<string, string> = {
      '/kb/[slug]': '/kb/reset-your-password',
      '/faq/[slug]': '/faq/why-does-my-password-keep-expiring',
      '/requests/[number]': `/requests/${ticket.number}`,
      '/incidents/[id]': `/incidents/${incident}`,
      '/agent/tickets/[number]': `/agent/tickets/${ticket.number}`,
      '/agent/tickets/[number]/promote': `/agent/tickets/${done.number}/promote`,
      '/agent/tickets/[number]/merge': `/agent/tickets/${ticket.number}/merge?into=${done.number}`,
      '/agent/incidents/[id]': `/agent/incidents/${incident}`,
      '/agent/macros/[id]': `/agent/macros/${macro}`,
      '/manage/incidents/[id]': `/manage/incidents/${incident}`,
      '/agent/kb/edit/[slug]': '/agent/kb/edit/reset-your-password',
      '/agent/kb/revisions/[slug]': '/agent/kb/revisions/reset-your-password',
      '/agent/kb/revisions/[slug]/[lang]': '/agent/kb/revisions/reset-your-password/de',
      '/agent/kb/translate/[slug]/[lang]': '/agent/kb/translate/reset-your-password/de',
      '/admin/users/[id]': `/admin/users/${bounced.id}`,
      '/password-reset/[token]': '/password-reset/not-a-real-reset-token-at-all',
      '/mail/unsubscribe/[token]': '/mail/unsubscribe/1-reply.0.not-a-valid-signature-at-all',
      '/mail/solved/[token]': '/mail/solved/1-1-not-a-real-request-id.0.not-a-valid-signature-at-all',
    };
    const publicPages = [
      '/login',
      '/password-reset',
      '/password-reset/[token]',
      '/mail/unsubscribe/[token]',
      '/mail/solved/[token]',
    ];

    const english = englishWords(locale);
    const findings: string[] = [];
    // The main pages must also stay accessible with longer German and Italian words (axe).
    const main = new Set([
      '/',
      '/help',
      '/kb',
      '/kb/[slug]',
      '/search',
      '/requests/[number]',
      '/agent',
      '/agent/tickets/[number]',
      '/manage',
      '/admin',
      '/login',
    ]);
    const violations: string[] = [];
    const visit = async (page: Page, pattern: string) => {
      const url = sample[pattern] ?? pattern;
      if (url.includes('[')) throw new Error(`Give ${pattern} a sample path here.`);
      await page.goto(url);
      expect(await page.getAttribute('html', 'lang'), url).toBe(locale);
      if (main.has(pattern))
        for (const v of (await new AxeBuilder({ page }).analyze()).violations)
          violations.push(`${url}: ${v.id} ${v.nodes.map((n) => n.target).join(' ')}`);
      for (const text of await readableText(page)) {
        const found = [...new Set([...text.matchAll(english)].map((m) => m[0]))];
        if (found.length > 0)
          findings.push(`${url}: ${found.join(', ')} in ${JSON.stringify(text.slice(0, 120))}`);
        for (const token of text.match(/\b[a-z]+\.[a-z][A-Za-z]+\b/g) ?? [])
          if (isMessageKey(token)) findings.push(`${url}: the key ${token} instead of its message`);
      }
    };

    const contextFor = async (signedIn: boolean) => {
      const context = await browser.newContext({ baseURL, locale: locale === 'de' ? 'de-DE' : 'it-IT' });
      if (signedIn)
        await context.addCookies([
          { name: 'fixpoint_session', value: createTestSession(dataDir, staff.id), url: baseURL! },
        ]);
      return context;
    };
    const signedOut = await contextFor(false);
    const outPage = await signedOut.newPage();
    for (const pattern of publicPages) await visit(outPage, pattern);
    await visit(outPage, '/404');
    await signedOut.close();

    const signedIn = await contextFor(true);
    const inPage = await signedIn.newPage();
    for (const rule of ROUTES.filter(
      (r) => !SKIP(r) && !publicPages.includes(r.pattern) && r.pattern !== '/404',
    ))
      await visit(inPage, rule.pattern);
    await signedIn.close();

    resolveIncident(db, agent, incident, { note: words.body });
    expect(findings, findings.slice(0, 80).join('\n')).toEqual([]);
    expect(violations, 'axe on the main pages').toEqual([]);
  });
}
