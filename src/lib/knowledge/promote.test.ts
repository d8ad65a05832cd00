import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testDatabase } from '#test/db.ts';
import { articleFile, TEST_CATEGORIES, tempDir, writeTree } from '#test/temp.ts';
import { createUser, toPrincipal } from '#lib/auth/users.ts';
import { listRevisions, readArticleSource } from '#lib/content/editor.ts';
import { loadContent } from '#lib/content/load.ts';
import { createTicket } from '#lib/tickets/tickets.ts';
import { changeStatus } from '#lib/tickets/workflow.ts';
import { getLocalizedArticle } from '#lib/content/store.ts';
import {
  previewPromotion,
  promoteToFaqDraft,
  questionFromSubject,
  resolutionSection,
  slugFromTitle,
} from './promote.ts';

async function resolvedTicket() {
  const dir = tempDir();
  writeTree(dir, {
    'categories.json': TEST_CATEGORIES,
    'kb/vpn-cannot-connect.md': articleFile({
      title: 'Troubleshoot VPN connection problems',
      category: 'network',
    }),
  });
  const db = testDatabase();
  const anna = toPrincipal(
    await createUser(db, {
      email: 'anna.mueller@fixpoint.example',
      displayName: 'Anna Müller',
      roles: ['employee'],
      password: 'quiet river stones 9',
    }),
  );
  const jorg = toPrincipal(
    await createUser(db, {
      email: 'jorg.nilsson@fixpoint.example',
      displayName: 'Jörg Nilsson',
      roles: ['agent'],
      agentTier: 1,
      password: 'quiet river stones 9',
    }),
  );
  const { ticket } = createTicket(
    db,
    anna.id,
    {
      subject: 'urgent!! how do I connect to VPN from the hotel',
      description:
        'Hi, Anna here. My laptop LAPTOP-7F3K2Q gets error 809 at the Hotel Bellevue wifi, IP 10.20.30.40. Call me on +41 44 123 45 67.',
      category: 'network',
    },
    { categories: ['accounts', 'network'] },
  );
  changeStatus(db, ticket.id, jorg, 'resolved', {
    note: 'Jörg switched the GlobalProtect portal to port 443 on LAPTOP-7F3K2Q; error 809 is gone. Mail anna.mueller@fixpoint.example if it returns.',
    articles: ['vpn-cannot-connect'],
  });
  return { dir, db, ticket, jorg, anna };
}

describe('promoting a resolved ticket to an FAQ draft', () => {
  it('builds the question, answer, category and tags from the ticket, without personal data', async () => {
    const { dir, db, ticket } = await resolvedTicket();
    const preview = previewPromotion(db, loadContent(dir), ticket.number)!;
    expect(preview.form).toMatchObject({
      type: 'faq',
      title: 'How do I connect to VPN from the hotel?',
      category: 'network',
      source_tickets: [`T-${ticket.number}`],
    });
    expect(preview.form.tags).toEqual(expect.arrayContaining(['vpn', 'hotel']));
    const text = `${preview.form.title}\n${preview.form.summary}\n${preview.form.body}`;
    for (const personal of [
      'Anna',
      'Müller',
      'Jörg',
      'LAPTOP-7F3K2Q',
      '10.20.30.40',
      '123 45 67',
      'anna.mueller',
    ])
      expect(text).not.toContain(personal);
    expect(text).toContain('error 809');
    expect(preview.form.body).toContain('port 443');
    expect(preview.form.body).toContain('[Troubleshoot VPN connection problems](/kb/vpn-cannot-connect)');
    expect(preview.removals.map((r) => r.kind)).toEqual(
      expect.arrayContaining(['name', 'host', 'ip', 'phone', 'email']),
    );
    // The article linked when resolving already solved it: offered instead of a near-duplicate.
    expect(preview.existing?.slug).toBe('vpn-cannot-connect');
  });

  it('writes content/faq/<slug>.md as a draft the site loads, with the removals in its first revision', async () => {
    const { dir, db, ticket, jorg } = await resolvedTicket();
    const preview = previewPromotion(db, loadContent(dir), ticket.number)!;
    const { slug } = promoteToFaqDraft(db, dir, preview, jorg);
    expect(fs.existsSync(path.join(dir, 'faq', `${slug}.md`))).toBe(true);
    const loaded = loadContent(dir);
    expect(loaded.problems).toEqual([]);
    expect(loaded.articles.find((a) => a.slug === slug)).toMatchObject({
      status: 'draft',
      type: 'faq',
      source_tickets: [`T-${ticket.number}`],
    });
    expect(readArticleSource(dir, slug)!.source).not.toContain('Anna');
    const [first] = listRevisions(db, slug);
    expect(first).toMatchObject({ action: 'promoted', savedBy: 'Jörg Nilsson' });
    expect((first!.note as { removed: unknown[] }).removed.length).toBeGreaterThan(3);
    // A second promotion of the same ticket gets its own address instead of overwriting the first draft.
    expect(promoteToFaqDraft(db, dir, preview, jorg).slug).toBe(`${slug}-2`);
  });

  it('writes the draft in the language the requester wrote in: a German source the site loads, English readers get it flagged', async () => {
    const { dir, db, anna, jorg } = await resolvedTicket();
    // Filed from a German page: the UI language is recorded, whatever the text.
    const { ticket } = createTicket(
      db,
      anna.id,
      {
        subject: 'wie verbinde ich das VPN im Hotel',
        description: 'Das VPN bricht im Hotel mit Fehler 809 ab.',
        category: 'network',
      },
      { categories: ['accounts', 'network'], language: 'de' },
    );
    expect(ticket.language).toBe('de');
    changeStatus(db, ticket.id, jorg, 'resolved', {
      note: 'Im GlobalProtect-Portal auf Port 443 umgestellt.',
      articles: ['vpn-cannot-connect'],
    });
    const preview = previewPromotion(db, loadContent(dir), ticket.number)!;
    expect(preview.form.locale).toBe('de');
    expect(preview.form.body).toMatch(/^\*\*Das Problem:\*\*/);
    expect(preview.form.body).toContain('## So wird es behoben');
    expect(preview.form.body).toContain('## Verwandte Artikel');
    expect(resolutionSection(preview)).toMatch(
      /## Ebenfalls gemeldet: Wie verbinde ich das VPN im Hotel\n\nIm GlobalProtect-Portal/,
    );
    const { slug } = promoteToFaqDraft(db, dir, preview, jorg);
    expect(readArticleSource(dir, slug)!.source).toMatch(/^locale: de$/m);
    const loaded = loadContent(dir);
    expect(loaded.problems).toEqual([]);
    const agent = { seesInternal: true, seesUnpublished: true };
    expect(getLocalizedArticle(loaded, agent, 'faq', slug, 'de')).toMatchObject({
      locale: 'de',
      fallback: false,
    });
    expect(getLocalizedArticle(loaded, agent, 'faq', slug, 'en')).toMatchObject({
      locale: 'de',
      fallback: true,
      locales: ['de'],
    });
  });

  it('detects the language of tickets that came without one (mail, API, older tickets)', async () => {
    const { dir, db, anna, jorg } = await resolvedTicket();
    const { ticket } = createTicket(db, anna.id, {
      subject: 'la stampante non stampa più',
      description: 'Ho già riavviato la stampante ma non funziona ancora, il foglio esce bianco.',
    });
    expect(ticket.language).toBe('it');
    changeStatus(db, ticket.id, jorg, 'resolved', { note: 'Sostituito il toner.' });
    expect(previewPromotion(db, loadContent(dir), ticket.number)!.form).toMatchObject({
      locale: 'it',
      body: expect.stringContaining('## Come si risolve'),
    });
    // A ticket from before the column: detected from its text when promoted.
    db.prepare('UPDATE tickets SET language = NULL WHERE id = ?').run(ticket.id);
    expect(previewPromotion(db, loadContent(dir), ticket.number)!.form.locale).toBe('it');
    // The English ticket of resolvedTicket() stays English.
    const english = createTicket(db, anna.id, {
      subject: 'Outlook keeps asking for my password',
      description: 'It asks again every time I open it.',
    }).ticket;
    expect(english.language).toBe('en');
  });

  it('is not offered for a ticket that is not resolved', async () => {
    const { dir, db, anna } = await resolvedTicket();
    const open = createTicket(db, anna.id, { subject: 'Printer', description: 'Jams' }).ticket;
    expect(previewPromotion(db, loadContent(dir), open.number)).toBeNull();
    expect(previewPromotion(db, loadContent(dir), 999_999)).toBeNull();
  });

  it('cleans up titles and makes slugs from any language', () => {
    expect(questionFromSubject('RE: help!! outlook keeps asking for password...')).toBe(
      'Outlook keeps asking for password',
    );
    expect(questionFromSubject('wie kann ich den Drucker hinzufügen')).toBe(
      'Wie kann ich den Drucker hinzufügen?',
    );
    expect(slugFromTitle('Wie füge ich den Drucker „3. OG“ hinzu?')).toBe(
      'wie-fuge-ich-den-drucker-3-og-hinzu',
    );
    expect(slugFromTitle('???')).toBe('faq');
    expect(slugFromTitle('a '.repeat(100)).length).toBeLessThanOrEqual(60);
  });
});
