import { describe, expect, it } from 'vitest';
import { deskWithPeople } from '#test/desk.ts';
import {
  flushDeflectionEvents,
  newRequestId,
  recordOutcome,
  recordSuggestionsShown,
} from '#lib/deflection/requests.ts';
import { learnedPhrasings, removePhrasing } from '#lib/search/learned.ts';
import { createTicket } from '#lib/tickets/tickets.ts';
import { changeStatus } from '#lib/tickets/workflow.ts';
import { learnFromSolves, phrasingText } from './learning.ts';

describe('learning from solved requests', () => {
  it('learns confirmed deflections and resolved tickets once, scrubbed of the people on them', async () => {
    const { db, erin, alex } = await deskWithPeople();
    const requestId = newRequestId();
    recordSuggestionsShown(db, {
      requestId,
      userId: erin.id,
      query: 'login box popping',
      draft: 'Login box keeps popping up\nErin here (erin@example.com), the box asks again every minute',
      slugs: ['reset-your-password'],
    });
    flushDeflectionEvents();
    // Shown but not confirmed: nothing to learn yet.
    expect(learnFromSolves(db)).toBe(0);
    recordOutcome(db, requestId, erin.id, 'reset-your-password', true);

    const { ticket } = createTicket(db, erin.id, {
      subject: 'P: drive gone',
      description: 'Since the update the P: drive is missing. Alex said to write in. Call 044 123 45 67.',
      impact: 'one',
      urgency: 'low',
    });
    changeStatus(db, ticket.id, alex, 'open');
    changeStatus(db, ticket.id, alex, 'resolved', {
      note: 'Mapped the drive again.',
      articles: ['map-a-network-drive'],
    });

    expect(learnFromSolves(db)).toBe(2);
    expect(learnFromSolves(db)).toBe(0);
    const [fromRequest] = learnedPhrasings(db, 'reset-your-password');
    expect(fromRequest).toMatchObject({ source: 'request', sourceId: requestId });
    expect(fromRequest!.text).toContain('Login box keeps popping up');
    expect(fromRequest!.text).not.toMatch(/Erin|erin@example\.com/);
    const [fromTicket] = learnedPhrasings(db, 'map-a-network-drive');
    expect(fromTicket).toMatchObject({ source: 'ticket', sourceId: `T-${ticket.number}` });
    expect(fromTicket!.text).not.toMatch(/Alex|044 123 45 67/);

    // What an agent removed stays removed, however often learning runs again.
    removePhrasing(db, 'map-a-network-drive', fromTicket!.id, alex.id);
    expect(learnFromSolves(db)).toBe(0);
    expect(learnedPhrasings(db, 'map-a-network-drive')).toEqual([]);
  });

  it('keeps a phrasing to one line of bounded length', () => {
    const text = phrasingText(`Subject\n${'word '.repeat(500)}`, []);
    expect(text.length).toBeLessThanOrEqual(600);
    expect(text).not.toContain('\n');
  });
});
