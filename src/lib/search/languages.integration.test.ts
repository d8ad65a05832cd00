import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { testDatabase } from '#test/db.ts';
import { articleFile, tempDir, writeTree } from '#test/temp.ts';
import { loadContent, type LoadedContent } from '#lib/content/load.ts';
import { EMPLOYEE } from '#lib/content/store.ts';
import type { Db } from '#lib/db/db.ts';
import { createSearchClient } from './client.ts';
import { rebuildFtsIndex, searchFts, updateFtsIndex } from './fts.ts';
import { searchArticles } from './query.ts';
import { translationLookup } from './site-suggest.ts';
import { suggestArticles } from './suggest.ts';
import { syncArticles } from './sync.ts';
import { indexedTexts, indexedTextsOf } from './texts.ts';

// Requests in German and Italian against a small knowledge base with some articles translated, through
// the code behind /api/suggest (lexical: German and Italian are not encoded) and /search, against a
// real SQLite file and a real Meilisearch.
const CATEGORIES = JSON.stringify([
  { slug: 'printing', label: 'Printing', description: '' },
  { slug: 'accounts', label: 'Accounts', description: '' },
  { slug: 'network', label: 'Network', description: '' },
]);

const translation = (front: Record<string, string>, body: string) =>
  `---\n${Object.entries({ status: 'published', source_updated: '2026-11-01', ...front })
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n')}\n---\n\n${body}\n`;

const FILES = {
  'categories.json': CATEGORIES,
  'kb/clear-the-print-queue.md': articleFile(
    {
      title: 'Clear a stuck print queue',
      summary: 'Documents wait in the queue and nothing prints.',
      category: 'printing',
      tags: '[printer, queue]',
    },
    'When jobs pile up in the print queue, cancel them all and restart the printer.\n',
  ),
  'kb/clear-the-print-queue.de.md': translation(
    {
      locale: 'de',
      title: 'Hängende Druckerwarteschlange leeren',
      summary: 'Dokumente bleiben in der Warteschlange, nichts wird gedruckt.',
      tags: '[drucker, warteschlange]',
    },
    'Wenn sich Aufträge in der Warteschlange stauen, alle abbrechen und den Drucker neu starten.',
  ),
  'kb/change-your-password.md': articleFile(
    {
      title: 'Change your password',
      summary: 'Choose a new password before the old one expires.',
      category: 'accounts',
      tags: '[password]',
    },
    'Press Ctrl+Alt+Del and choose Change a password. The new password needs 14 characters.\n',
  ),
  'kb/change-your-password.de.md': translation(
    {
      locale: 'de',
      title: 'Kennwort ändern',
      summary: 'Ein neues Kennwort wählen, bevor das alte abläuft.',
      tags: '[kennwort, passwort]',
    },
    'Strg+Alt+Entf drücken und Kennwort ändern wählen. Das neue Kennwort braucht 14 Zeichen.',
  ),
  'kb/change-your-password.it.md': translation(
    {
      locale: 'it',
      title: "Cambiare la password dell'account",
      summary: "Scegliere una nuova password prima che quella dell'utente scada.",
      tags: '[password, account]',
    },
    "Premere Ctrl+Alt+Canc e scegliere Cambia password. L'account richiede 14 caratteri.",
  ),
  'kb/vpn-drops.md': articleFile(
    {
      title: 'The VPN keeps disconnecting',
      summary: 'The VPN connection drops every few minutes.',
      category: 'network',
      tags: '[vpn, connection]',
    },
    'Switch the VPN client to the TCP profile and turn off Wi-Fi power saving.\n',
  ),
  // A draft translation: employees still get the English text.
  'kb/vpn-drops.it.md': translation(
    {
      locale: 'it',
      status: 'draft',
      title: 'La VPN si disconnette',
      summary: 'La connessione VPN cade ogni pochi minuti.',
      tags: '[vpn]',
    },
    'Passare il client VPN al profilo TCP.',
  ),
};

let content: LoadedContent;
let db: Db;
let sources: Parameters<typeof suggestArticles>[0];
const client = createSearchClient(inject('meili'), 10_000);
const indexUid = `test_${randomBytes(4).toString('hex')}_languages`;

beforeAll(async () => {
  content = loadContent(writeTree(tempDir(), FILES));
  expect(content.problems).toEqual([]);
  db = testDatabase();
  rebuildFtsIndex(db, indexedTexts(content));
  await syncArticles(client, indexUid, indexedTexts(content));
  const articles = new Map(content.articles.map((a) => [a.slug, a]));
  sources = {
    client,
    indexUid,
    db,
    articles,
    encoder: null,
    translation: translationLookup(content, EMPLOYEE, articles),
  };
}, 60_000);

const suggest = async (text: string, locale?: 'en' | 'de' | 'it') =>
  (await suggestArticles(sources, { subject: text }, EMPLOYEE, { locale })).results;

describe('suggestions in each language', () => {
  it('finds the German article for a German compound, in German, with its language', async () => {
    const [first] = await suggest('Die Druckerwarteschlange hängt');
    expect(first).toMatchObject({
      slug: 'clear-the-print-queue',
      locale: 'de',
      title: 'Hängende Druckerwarteschlange leeren',
      url: '/kb/clear-the-print-queue',
    });
    // The parts of the compound find it too, and so does the spelling without umlauts.
    expect((await suggest('Warteschlange vom Drucker ist voll'))[0]?.slug).toBe('clear-the-print-queue');
    expect((await suggest('Kennwortaenderung geht nicht'))[0]).toMatchObject({
      slug: 'change-your-password',
      locale: 'de',
    });
  });

  it("finds the Italian article through elisions (l'account, dell'utente)", async () => {
    const [first] = await suggest("devo cambiare la password dell'account");
    expect(first).toMatchObject({ slug: 'change-your-password', locale: 'it' });
  });

  it('finds the English article when no article in the request’s language answers', async () => {
    // No German text about the VPN: the term map and the English article answer.
    const [first] = await suggest('Die VPN Verbindung bricht ständig ab');
    expect(first).toMatchObject({ slug: 'vpn-drops', locale: 'en', title: 'The VPN keeps disconnecting' });
    // The Italian translation is a draft: an employee gets the English text.
    const italian = await suggest('la connessione VPN cade sempre');
    expect(italian[0]).toMatchObject({ slug: 'vpn-drops', locale: 'en' });
  });

  it('ranks the request’s own language first and shows an English request in English', async () => {
    expect((await suggest('Kennwort vergessen, wie ändern?'))[0]).toMatchObject({
      slug: 'change-your-password',
      locale: 'de',
    });
    expect((await suggest('how do I change my password'))[0]).toMatchObject({
      slug: 'change-your-password',
      locale: 'en',
    });
    // Keywords alone tell no language: the person's own decides which text is shown.
    expect((await suggest('VPN', 'de'))[0]).toMatchObject({ slug: 'vpn-drops', locale: 'en' });
    expect((await suggest('password', 'it'))[0]).toMatchObject({
      slug: 'change-your-password',
      locale: 'it',
    });
  });

  it('searches and shows right-to-left and other scripts safely', async () => {
    for (const text of ['كلمة المرور لا تعمل <script>alert(1)</script>', 'סיסמה', '密码忘记了 <b>x</b>']) {
      const results = await suggest(text, 'de');
      for (const r of results) {
        expect(r.snippet).not.toMatch(/<(?!\/?mark>)/);
        expect(r.title).not.toContain('<script');
      }
    }
    const hebrew = await searchArticles(client, indexUid, 'סיסמה <script>', EMPLOYEE, { locale: 'de' });
    expect(hebrew.status).toBe('ok');
  });

  it('keeps every language of a slug in step when one of its texts changes or goes', () => {
    const inGerman = () =>
      searchFts(db, ['warteschlang'], EMPLOYEE, { table: 'articles_fts_de' }).map((r) => r.slug);
    expect(inGerman()).toEqual(['clear-the-print-queue']);
    const files: Record<string, string> = { ...FILES };
    delete files['kb/clear-the-print-queue.de.md'];
    const without = loadContent(writeTree(tempDir(), files));
    updateFtsIndex(db, indexedTextsOf(without, ['clear-the-print-queue']), ['clear-the-print-queue']);
    expect(inGerman()).toEqual([]);
    expect(searchFts(db, ['queue'], EMPLOYEE).map((r) => r.slug)).toEqual(['clear-the-print-queue']);
    rebuildFtsIndex(db, indexedTexts(content));
    expect(inGerman()).toEqual(['clear-the-print-queue']);
  });
});

describe('/search in each language (Meilisearch localizedAttributes)', () => {
  it('shows one text per article: the reader’s language where translated, else the source', async () => {
    const result = await searchArticles(client, indexUid, 'Kennwort ändern', EMPLOYEE, { locale: 'de' });
    if (result.status !== 'ok') throw new Error('search unavailable');
    expect(result.hits[0]).toMatchObject({ slug: 'change-your-password', locale: 'de' });
    expect(result.hits[0]!.titleHtml).toContain('<mark>Kennwort</mark>');
    expect(new Set(result.hits.map((h) => h.slug)).size).toBe(result.hits.length);
  });

  it('splits German compounds and finds the English article through the term map', async () => {
    const queue = await searchArticles(client, indexUid, 'Druckerwarteschlange', EMPLOYEE, { locale: 'de' });
    if (queue.status !== 'ok') throw new Error('search unavailable');
    expect(queue.hits[0]).toMatchObject({ slug: 'clear-the-print-queue', locale: 'de' });
    const vpn = await searchArticles(client, indexUid, 'VPN Verbindung getrennt', EMPLOYEE, { locale: 'de' });
    if (vpn.status !== 'ok') throw new Error('search unavailable');
    expect(vpn.hits.map((h) => [h.slug, h.locale])).toContainEqual(['vpn-drops', 'en']);
  });

  it('answers English queries in English, and never shows a draft translation to employees', async () => {
    const english = await searchArticles(client, indexUid, 'vpn', EMPLOYEE, { locale: 'it' });
    if (english.status !== 'ok') throw new Error('search unavailable');
    expect(english.hits).toHaveLength(1);
    expect(english.hits[0]).toMatchObject({ slug: 'vpn-drops', locale: 'en' });
    const password = await searchArticles(client, indexUid, 'change password', EMPLOYEE);
    if (password.status !== 'ok') throw new Error('search unavailable');
    expect(password.hits[0]).toMatchObject({ slug: 'change-your-password', locale: 'en' });
  });
});
