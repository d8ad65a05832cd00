import { describe, expect, it } from 'vitest';
import { deskWithPeople } from '#test/desk.ts';
import { listQueue, QueueFilters } from './queue.ts';
import { createTicket } from './tickets.ts';

type Setup = {
  priority?: number;
  firstDue: string | null;
  resolutionDue?: string;
  responded?: boolean;
  status?: string;
  tier?: number;
  assignee?: number;
};

describe('the agent queue', () => {
  it('sorts by priority, then the next due time (first response until answered, then resolution), then age; counts each view', async () => {
    const { db, erin, alex, bo } = await deskWithPeople();
    const at = (hhmm: string) => `2026-11-30T${hhmm}:00.000Z`;
    const file = (name: string, s: Setup) => {
      const { ticket } = createTicket(db, erin.id, {
        subject: `Queue ticket ${name}`,
        description: `The ticket called ${name}.`,
      });
      db.prepare(
        `UPDATE tickets SET priority = ?, first_response_due_at = ?, resolution_due_at = ?, first_responded_at = ?,
          status = ?, tier = ?, assignee_id = ? WHERE id = ?`,
      ).run(
        s.priority ?? 3,
        s.firstDue === null ? null : at(s.firstDue),
        at(s.resolutionDue ?? '23:00'),
        s.responded ? at('08:00') : null,
        s.status ?? 'open',
        s.tier ?? 1,
        s.assignee ?? null,
        ticket.id,
      );
      return [name, ticket.number] as const;
    };
    const numbers = new Map([
      file('A', { firstDue: '10:00' }),
      file('B', { firstDue: '09:00', resolutionDue: '11:00', responded: true }),
      file('C', { firstDue: '12:00' }),
      file('D', { firstDue: '08:30', resolutionDue: '09:30', responded: true }),
      file('E', { priority: 2, firstDue: '16:00' }),
      file('F', { firstDue: '10:30', status: 'pending' }),
      file('G', { firstDue: '07:00', status: 'resolved' }),
      file('H', { firstDue: '13:00', assignee: alex.id }),
      file('I', { firstDue: '14:00', tier: 2 }),
      file('J', { firstDue: '15:00', assignee: bo.id }),
      file('L', { firstDue: null }),
      file('M', { firstDue: '10:00' }),
      file('N', { firstDue: '06:00', status: 'new' }),
    ]);
    db.prepare(
      'INSERT INTO ticket_followers (ticket_id, user_id, since) VALUES ((SELECT id FROM tickets WHERE number = ?), ?, ?)',
    ).run(numbers.get('J'), alex.id, at('08:00'));
    const names = new Map([...numbers].map(([name, n]) => [n, name]));
    const queue = (filters: Record<string, unknown>) => {
      const q = listQueue(db, alex, QueueFilters.parse(filters), new Date(at('09:45')));
      return { ...q, names: q.rows.map((r) => names.get(r.number)).join('') };
    };

    const open = queue({ view: 'open' });
    expect(open.names).toBe('ELNDAMFBCHIJ'); // null due first (as SQLite sorts NULL), ties by age
    expect(open.counts).toEqual({ mine: 2, unassigned: 9, open: 12 });
    expect(open.total).toBe(12);
    const d = open.rows.find((r) => names.get(r.number) === 'D')!;
    expect(d.sla).toMatchObject({ target: 'resolution', dueAt: at('09:30'), state: 'breached' });

    expect(queue({ view: 'unassigned' })).toMatchObject({ names: 'ELNDAMFBC', total: 9 });
    expect(queue({ view: 'mine' }).names).toBe('HJ');
    expect(queue({ view: 'open', priority: 2 })).toMatchObject({ names: 'E', total: 1 });
    expect(queue({ view: 'open', tier: 2 })).toMatchObject({ names: 'I', total: 1 });
    expect(queue({ view: 'open', status: 'resolved' })).toMatchObject({ names: 'G', total: 1 });
    expect(queue({ view: 'unassigned', status: 'pending' })).toMatchObject({ names: 'F', total: 1 });
    expect(queue({ view: 'mine', status: 'open' })).toMatchObject({ names: 'HJ', total: 2 });
  });
});
