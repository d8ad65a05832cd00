import { describe, expect, it } from 'vitest';
import { deskWithPeople } from '#test/desk.ts';
import { searchTickets, ticketNumberIn, TicketSearchInput } from './search.ts';
import { createTicket } from './tickets.ts';
import { addMessage, changeStatus } from './workflow.ts';

const search = (db: Parameters<typeof searchTickets>[0], input: Record<string, unknown>) =>
  searchTickets(db, TicketSearchInput.parse(input));

describe('ticket search', () => {
  it('reads ticket numbers as people type them', () => {
    for (const text of ['T-1361', 't1361', ' T 1361 ', '#1361', '1361'])
      expect(ticketNumberIn(text)).toBe(1361);
    for (const text of ['T-', 'printer 1361', '1361a', '']) expect(ticketNumberIn(text)).toBeNull();
  });

  it('jumps to a ticket by number, finds words in subject, description, replies and notes, and filters', async () => {
    const { db, erin, alex } = await deskWithPeople();
    const printer = createTicket(db, erin.id, {
      subject: 'Printer on floor 3 jams',
      description: 'Paper everywhere.',
    }).ticket;
    const vpn = createTicket(db, erin.id, {
      subject: 'VPN drops',
      description: 'Every ten minutes since Monday.',
      impact: 'department',
      urgency: 'high',
    }).ticket;
    addMessage(db, vpn.id, alex, 'Is the **docking station** connected by cable?', false);
    addMessage(db, vpn.id, alex, 'Firmware 1.0.29 on the firewall is suspect.', true);

    expect(search(db, { q: `T-${printer.number}` })).toMatchObject({ jump: printer.number });
    expect(search(db, { q: String(vpn.number) })).toMatchObject({ jump: vpn.number });
    expect(search(db, { q: 'T-99999' })).toMatchObject({ jump: null, total: 0 });

    const numbers = (input: Record<string, unknown>) => search(db, input).hits.map((h) => h.number);
    expect(numbers({ q: 'printer' })).toEqual([printer.number]);
    expect(numbers({ q: 'print' })).toEqual([printer.number]); // a prefix finds the word
    expect(numbers({ q: 'monday' })).toEqual([vpn.number]); // description
    expect(numbers({ q: 'docking' })).toEqual([vpn.number]); // reply
    expect(numbers({ q: 'firmware firewall' })).toEqual([vpn.number]); // internal note
    expect(numbers({ q: 'printer vpn' })).toEqual([]); // every word must match
    expect(numbers({ q: 'docking', priority: 4 })).toEqual([]);
    expect(numbers({ requester: 'erin@' })).toEqual([vpn.number, printer.number]); // newest first
    changeStatus(db, printer.id, alex, 'pending');
    expect(numbers({ status: 'pending' })).toEqual([printer.number]);
    expect(numbers({ q: '"); DROP TABLE tickets; --' })).toEqual([]);
    expect(numbers({ requester: '%' })).toEqual([]);

    const hit = search(db, { q: 'docking' }).hits[0]!;
    expect(hit.snippet.filter((p) => p.hit).map((p) => p.text.toLowerCase())).toEqual(['docking']);
  });

  it('ranks subject matches first over pages, gives each hit the snippet of its own text, and counts every match', async () => {
    const { db, erin, alex } = await deskWithPeople();
    const file = (subject: string, description: string) =>
      createTicket(db, erin.id, { subject, description }).ticket;
    const inDescription = Array.from({ length: 20 }, (_, i) =>
      file(`Paper jam ${i}`, `The spooler of floor ${i} is stuck.`),
    );
    const inSubject = Array.from({ length: 12 }, (_, i) =>
      file(`Spooler stuck on floor ${i}`, `Jobs wait ${i} minutes.`),
    );
    changeStatus(db, inSubject[3]!.id, alex, 'pending');

    const page1 = search(db, { q: 'spooler' });
    expect(page1).toMatchObject({ total: 32, more: false, pages: 2 });
    expect(page1.hits).toHaveLength(25);
    // Subject weighted most: every subject match before any description-only one; ties newest first.
    expect(page1.hits.slice(0, 12).map((h) => h.number)).toEqual(inSubject.map((t) => t.number).reverse());
    const page2 = search(db, { q: 'spooler', page: 2 });
    expect(page2).toMatchObject({ total: 32, pages: 2 });
    const both = [...page1.hits, ...page2.hits];
    const byNumber = (a: number, b: number) => a - b;
    expect(
      both
        .slice(12)
        .map((h) => h.number)
        .sort(byNumber),
    ).toEqual(inDescription.map((t) => t.number).sort(byNumber));
    for (const hit of both) {
      // The snippet is the hit's own text: its floor number, with the matched word marked.
      const floor = /(\d+)/.exec(hit.subject)![1];
      expect(hit.snippet.map((p) => p.text).join(''), hit.subject).toMatch(new RegExp(`floor ${floor}\\b`));
      expect(hit.snippet.filter((p) => p.hit).map((p) => p.text.toLowerCase())).toContain('spooler');
    }
    expect(search(db, { q: 'spooler', status: 'pending' })).toMatchObject({
      total: 1,
      hits: [{ number: inSubject[3]!.number }],
    });
    expect(search(db, { q: 'spooler', page: 3 })).toMatchObject({ total: 32, hits: [] });
    expect(search(db, { q: 'spooler', status: 'resolved' })).toMatchObject({ total: 0, hits: [] });
  });
});
