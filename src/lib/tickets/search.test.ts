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
});
