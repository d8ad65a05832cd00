import type { SendMailOptions } from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { getUserByEmail, saveLocale } from '#lib/auth/users.ts';
import { listAttachments } from '#lib/tickets/attachments.ts';
import { getTicketForViewer } from '#lib/tickets/tickets.ts';
import { changeStatus, getTimeline } from '#lib/tickets/workflow.ts';
import { deskWithPeople } from '#test/desk.ts';
import { relayToDesk } from '#test/mail-relay.ts';
import { tempDir } from '#test/temp.ts';
import type { InboundSettings } from './inbound.ts';
import { cleanSubject, trimReply } from './inbound-text.ts';
import { listMailTo } from './outbox.ts';
import type { InboundSmtp } from './smtp-listener.ts';

let listener: InboundSmtp | undefined;
afterEach(async () => {
  await listener?.stop();
  listener = undefined;
});

async function setup(overrides: Partial<InboundSettings> = {}) {
  const people = await deskWithPeople();
  const settings: InboundSettings = {
    from: 'IT Desk <desk@example.com>',
    publicUrl: 'https://help.example.com',
    dataDir: tempDir(),
    allowedDomains: [],
    perSenderPerHour: 30,
    maxBytes: 1024 * 1024,
    suggest: async () => [
      {
        slug: 'vpn',
        type: 'article',
        title: 'Fix VPN drops',
        url: '/kb/vpn',
        category: 'network',
        summary: 'Reinstall the profile.',
        snippet: 'Reinstall the <mark>profile</mark>.',
        score: 0.8,
        locale: 'en',
      },
    ],
    ...overrides,
  };
  const desk = await relayToDesk(people.db, settings);
  listener = desk.listener;
  const relay = desk.relay;
  const send = (mail: SendMailOptions) => relay.sendMail({ to: 'desk@example.com', ...mail });
  return { ...people, settings, send };
}

const ticketsOf = (db: Awaited<ReturnType<typeof setup>>['db']) =>
  db
    .prepare("SELECT number, subject, description, channel FROM tickets WHERE channel = 'email' ORDER BY id")
    .all() as Array<{
    number: number;
    subject: string;
    description: string;
    channel: string;
  }>;

describe('mail to the desk', () => {
  it('opens a ticket from a known employee and acknowledges it with the number and suggestions', async () => {
    const { db, send } = await setup();
    await send({
      from: 'Erin <erin@example.com>',
      subject: 'VPN drops every hour',
      text: 'It disconnects at the hour.\n\n-- \nErin, Finance\n+1 555 0199',
      messageId: '<first@mail.example.com>',
      attachments: [{ filename: 'log.txt', content: 'connection reset by peer\n' }],
    });
    const [ticket] = ticketsOf(db);
    expect(ticket).toMatchObject({
      subject: 'VPN drops every hour',
      description: 'It disconnects at the hour.',
      channel: 'email',
    });
    const number = ticket!.number;
    const full = getTicketForViewer(db, number, {
      kind: 'user',
      id: 2,
      email: 'alex@example.com',
      displayName: 'Alex',
      roles: ['agent'],
      agentTier: 1,
    })!;
    expect(listAttachments(db, full.id, { includeInternal: false }).map((a) => a.fileName)).toEqual([
      'log.txt',
    ]);
    const [ack] = listMailTo(db, 'erin@example.com');
    expect(ack!.subject).toBe(`[T-${number}] Received: VPN drops every hour`);
    expect(ack!.text).toContain(`ticket T-${number}`);
    expect(ack!.text).toContain('Fix VPN drops');
    expect(ack!.text).toContain('https://help.example.com/kb/vpn');
    expect(ack!.headers['In-Reply-To']).toBe('<first@mail.example.com>');
    expect(ack!.headers['Auto-Submitted']).toBe('auto-replied');

    // The same message again (a relay retrying) makes nothing new.
    await send({
      from: 'erin@example.com',
      subject: 'VPN drops every hour',
      text: 'x',
      messageId: '<first@mail.example.com>',
    });
    expect(ticketsOf(db)).toHaveLength(1);
    expect(listMailTo(db, 'erin@example.com')).toHaveLength(1);
  });

  it('threads answers back by References, then by [T-N], and reopens a pending ticket', async () => {
    const { db, alex, send } = await setup();
    await send({
      from: 'erin@example.com',
      subject: 'Printer offline',
      text: 'Floor 3.',
      messageId: '<p1@mail.example.com>',
    });
    const number = ticketsOf(db)[0]!.number;
    const ticket = getTicketForViewer(db, number, alex)!;
    changeStatus(db, ticket.id, alex, 'pending', { note: 'Which printer?' });
    await send({
      from: 'erin@example.com',
      subject: `Re: [T-${number}] Received: Printer offline`,
      text: 'The one by the kitchen.\n\nOn Mon, 30 Nov 2026 at 09:00, IT Desk <desk@example.com> wrote:\n> We received your request',
      inReplyTo: '<p1@mail.example.com>',
      references: ['<p1@mail.example.com>', `<ticket-${number}@example.com>`],
    });
    await send({ from: 'erin@example.com', subject: `Re: [T-${number}] something`, text: 'And it beeps.' });
    const replies = getTimeline(db, ticket.id, { includeInternal: false }).filter((e) => e.type === 'reply');
    expect(replies.map((r) => r.body)).toEqual(['The one by the kitchen.', 'And it beeps.']);
    expect(getTicketForViewer(db, number, alex)!.status).toBe('open');
    expect(ticketsOf(db)).toHaveLength(1);
  });

  it('never answers auto-replies, bulk mail, bounces or its own mail', async () => {
    const { db, send } = await setup();
    await send({
      from: 'erin@example.com',
      subject: 'Out of office',
      text: 'Away',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    await send({
      from: 'erin@example.com',
      subject: 'Newsletter',
      text: 'News',
      headers: { Precedence: 'bulk' },
    });
    await send({ from: 'MAILER-DAEMON@example.com', subject: 'Undelivered Mail', text: 'failed' });
    await send({ from: 'desk@example.com', subject: 'Loop', text: 'me' });
    expect(ticketsOf(db)).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM mail_outbox').pluck().get()).toBe(0);
    expect(db.prepare('SELECT outcome, count(*) AS n FROM mail_inbound GROUP BY outcome').all()).toEqual([
      { outcome: 'ignored', n: 4 },
    ]);
  });

  it('refuses unknown senders politely once a day, and opens accounts for allowed domains', async () => {
    const { db, send } = await setup({ allowedDomains: ['branch.example.com'] });
    await send({ from: 'stranger@elsewhere.test', subject: 'Hello', text: 'Please help' });
    await send({ from: 'stranger@elsewhere.test', subject: 'Hello again', text: 'Please help' });
    expect(listMailTo(db, 'stranger@elsewhere.test')).toHaveLength(1);
    expect(listMailTo(db, 'stranger@elsewhere.test')[0]!.text).toContain(
      'only takes requests from company e-mail addresses',
    );
    await send({ from: 'Kim Lee <kim@branch.example.com>', subject: 'New laptop', text: 'Mine is slow.' });
    expect(getUserByEmail(db, 'kim@branch.example.com')).toMatchObject({
      displayName: 'Kim Lee',
      roles: ['employee'],
    });
    expect(ticketsOf(db).map((t) => t.subject)).toEqual(['New laptop']);
  });

  it('answers in the language of the account, else in the one the mail is written in', async () => {
    const { db, erin, send } = await setup();
    await send({
      from: 'fremd@elsewhere.test',
      subject: 'Drucker geht nicht',
      text: 'Hallo, seit heute morgen druckt der Drucker nicht mehr und ich weiß nicht, was ich tun soll.',
    });
    const [refusal] = listMailTo(db, 'fremd@elsewhere.test');
    expect(refusal!.subject).toBe('Re: Drucker geht nicht');
    expect(refusal!.text).toContain('nimmt Anfragen nur von Firmen-E-Mail-Adressen an');
    expect(refusal!.html).toContain('<html lang="de">');
    await send({ from: 'other@elsewhere.test', subject: 'Printer', text: 'The printer does not print.' });
    expect(listMailTo(db, 'other@elsewhere.test')[0]!.text).toContain('only takes requests from company');

    // Erin chose Italian: her acknowledgement is Italian even for a mail in English.
    saveLocale(db, erin.id, 'it');
    await send({ from: 'Erin <erin@example.com>', subject: 'VPN drops', text: 'It drops every hour.' });
    const [ack] = listMailTo(db, 'erin@example.com');
    expect(ack!.subject).toMatch(/^\[T-\d+\] Ricevuta: VPN drops$/);
    expect(ack!.text).toContain('Gentile Erin,');
    expect(ack!.text).toMatch(/Abbiamo ricevuto la Sua richiesta e aperto il ticket T-\d+: “VPN drops”/);
    expect(ack!.text).toContain('Questi articoli potrebbero già risolvere il problema:');
    expect(ack!.text).toContain('Segui la richiesta:');
  });

  it('limits one sender per hour', async () => {
    const { db, send } = await setup({ perSenderPerHour: 2 });
    for (let i = 0; i < 4; i++) await send({ from: 'erin@example.com', subject: `Request ${i}`, text: 'x' });
    expect(ticketsOf(db)).toHaveLength(2);
    expect(db.prepare("SELECT count(*) FROM mail_inbound WHERE outcome = 'limited'").pluck().get()).toBe(2);
  });

  it('refuses oversized messages at the SMTP level', async () => {
    const { db, send } = await setup({ maxBytes: 10_000 });
    await expect(
      send({ from: 'erin@example.com', subject: 'Big', text: 'x'.repeat(50_000) }),
    ).rejects.toThrow(/552|larger/);
    expect(ticketsOf(db)).toEqual([]);
  });

  it('keeps HTML-only mail as text, never as markup', async () => {
    const { db, send } = await setup();
    await send({
      from: 'erin@example.com',
      subject: 'HTML only',
      html: '<p>Screen <b>flickers</b></p><script>alert(1)</script><img src=x onerror=alert(2)>',
    });
    const [ticket] = ticketsOf(db);
    expect(ticket!.description).toContain('Screen flickers');
    expect(ticket!.description).not.toMatch(/<script|onerror|<b>/);
  });
});

describe('reply text', () => {
  it('trims quoted history and signatures in the usual shapes', () => {
    expect(trimReply('Thanks, works.\n\nOn Mon, 1 Dec 2026, Desk <d@x> wrote:\n> old')).toBe(
      'Thanks, works.',
    );
    expect(trimReply('Danke!\n\nAm 01.12.2026 um 09:00 schrieb Desk <d@x>:\n> alt')).toBe('Danke!');
    expect(trimReply('Grazie\n\nIl giorno lun 1 dic 2026 alle 09:00 Desk <d@x> ha scritto:\n> x')).toBe(
      'Grazie',
    );
    expect(trimReply('Yes.\n\n-----Original Message-----\nFrom: Desk')).toBe('Yes.');
    expect(trimReply('Yes.\n________________________________\nFrom: Desk\nSent: Monday')).toBe('Yes.');
    expect(trimReply('Fixed.\n-- \nErin\nFinance')).toBe('Fixed.');
    expect(trimReply('Fixed.\n\nSent from my iPhone')).toBe('Fixed.');
    expect(trimReply('> quoted\nmy answer\n> more quoted')).toBe('> quoted\nmy answer');
    expect(trimReply('> only a quote')).toBe('> only a quote');
  });

  it('cleans subjects of prefixes and the ticket tag', () => {
    expect(cleanSubject('Re: AW: [T-1234] Fwd: Printer')).toBe('Printer');
    expect(cleanSubject('  VPN\r\n down ')).toBe('VPN down');
  });
});
