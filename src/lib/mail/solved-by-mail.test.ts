import { afterEach, describe, expect, it } from 'vitest';
import { getTicketById } from '#lib/tickets/tickets.ts';
import { changeStatus, getTimeline } from '#lib/tickets/workflow.ts';
import { deskWithPeople } from '#test/desk.ts';
import { relayToDesk } from '#test/mail-relay.ts';
import { tempDir } from '#test/temp.ts';
import type { InboundSettings } from './inbound.ts';
import { listMailTo } from './outbox.ts';
import type { InboundSmtp } from './smtp-listener.ts';
import { confirmSolvedLink, readSolvedLink, solvedLinkToken } from './solved-by-mail.ts';

let listener: InboundSmtp | undefined;
afterEach(async () => {
  await listener?.stop();
  listener = undefined;
});

const article = (slug: string, title: string) => ({
  slug,
  type: 'article' as const,
  title,
  url: `/kb/${slug}`,
  category: 'network',
  summary: `About ${title}.`,
  snippet: title,
  score: 0.8,
  locale: 'en' as const,
});

/** A desk whose acknowledgements suggest two articles, reached through the real SMTP listener. */
async function setup() {
  const people = await deskWithPeople();
  const settings: InboundSettings = {
    from: 'IT Desk <desk@example.com>',
    publicUrl: 'https://help.example.com',
    dataDir: tempDir(),
    allowedDomains: [],
    perSenderPerHour: 30,
    maxBytes: 1024 * 1024,
    suggest: async () => [article('vpn', 'Fix VPN drops'), article('wifi', 'Join the office Wi-Fi')],
  };
  const desk = await relayToDesk(people.db, settings);
  listener = desk.listener;
  const relay = desk.relay;
  const ask = async (subject: string) => {
    await relay.sendMail({
      from: 'Erin <erin@example.com>',
      to: 'desk@example.com',
      subject,
      text: 'It drops.',
    });
    const ack = listMailTo(people.db, 'erin@example.com').find((m) => m.subject.includes(subject))!;
    const tokens = [...ack.text.matchAll(/\/mail\/solved\/([A-Za-z0-9_.-]+)/g)].map((m) => m[1]!);
    return { ack, tokens };
  };
  return { ...people, ask };
}

const note = () => 'Solved by the article.';

describe('"This solved it" by mail', () => {
  it('lists a signed link per suggestion; GET changes nothing, POST closes the ticket as a confirmed deflection', async () => {
    const { db, ask } = await setup();
    const { ack, tokens } = await ask('VPN drops every hour');
    expect(tokens).toHaveLength(2);
    expect(ack.text).toContain('This solved it — close my request: https://help.example.com/mail/solved/');
    expect(ack.html).toContain('This solved it — close my request');

    const request = db.prepare("SELECT * FROM help_requests WHERE channel = 'mail'").get() as {
      id: string;
      shown: number;
      ticket_id: number;
    };
    expect(request.shown).toBe(1);
    const read = readSolvedLink(db, tokens[1]!);
    expect(read).toMatchObject({ state: 'ready', slug: 'wifi' });
    expect(getTicketById(db, request.ticket_id)!.status).toBe('new');

    const done = confirmSolvedLink(db, tokens[1]!, (_t, slug) => `Solved by ${slug}.`);
    expect(done).toMatchObject({ state: 'done', slug: 'wifi' });
    const ticket = getTicketById(db, request.ticket_id)!;
    expect(ticket).toMatchObject({ status: 'closed', resolution: 'Solved by wifi.' });
    const statuses = getTimeline(db, ticket.id, { includeInternal: true })
      .filter((e) => e.type === 'status')
      .map((e) => [e.from, e.to, e.actorId]);
    expect(statuses).toEqual([
      ['new', 'resolved', null],
      ['resolved', 'closed', null],
    ]);
    expect(db.prepare('SELECT slug FROM ticket_articles WHERE ticket_id = ?').pluck().all(ticket.id)).toEqual(
      ['wifi'],
    );
    expect(db.prepare('SELECT solved_slug FROM help_requests WHERE id = ?').pluck().get(request.id)).toBe(
      'wifi',
    );
    // The reports count it as a confirmed deflection by mail.
    expect(
      db
        .prepare(
          "SELECT sum(requests), sum(confirmed), sum(ticket) FROM request_channel_hourly WHERE channel = 'mail'",
        )
        .raw()
        .get(),
    ).toEqual([1, 1, 0]);

    // The same link again, and the other article's link: nothing changes, and the page can say why.
    expect(confirmSolvedLink(db, tokens[1]!, note)).toMatchObject({ state: 'used' });
    expect(readSolvedLink(db, tokens[1]!)).toMatchObject({ state: 'used' });
    expect(confirmSolvedLink(db, tokens[0]!, note)).toMatchObject({ state: 'closed' });
    expect(db.prepare('SELECT solved_slug FROM help_requests WHERE id = ?').pluck().get(request.id)).toBe(
      'wifi',
    );
  });

  it('refuses forged and expired links, and closes a ticket an agent already resolved', async () => {
    const { db, alex, ask } = await setup();
    const { tokens } = await ask('Printer offline');
    const [payload, expiry, signature] = tokens[0]!.split('.');
    const forged = `${payload!.replace(/^\d+/, '999')}.${expiry}.${signature}`;
    expect(readSolvedLink(db, forged)).toEqual({ state: 'forged' });
    expect(confirmSolvedLink(db, forged, note)).toEqual({ state: 'forged' });
    expect(readSolvedLink(db, 'nonsense')).toEqual({ state: 'forged' });
    const later = new Date(Date.now() + 15 * 86_400_000);
    expect(confirmSolvedLink(db, tokens[0]!, note, later)).toEqual({ state: 'expired' });
    // A token for another person's request (signed, so only Fixpoint could make it) names nobody here.
    const request = db.prepare('SELECT id, ticket_id FROM help_requests').get() as {
      id: string;
      ticket_id: number;
    };
    expect(
      readSolvedLink(db, solvedLinkToken(db, { userId: alex.id, requestId: request.id, rank: 1 })),
    ).toEqual({
      state: 'forged',
    });

    changeStatus(db, request.ticket_id, alex, 'resolved', { note: 'Restarted the spooler.' });
    expect(confirmSolvedLink(db, tokens[0]!, note)).toMatchObject({ state: 'done' });
    expect(getTicketById(db, request.ticket_id)).toMatchObject({
      status: 'closed',
      resolution: 'Restarted the spooler.',
    });
  });
});
