import { describe, expect, it } from 'vitest';
import { deskWithPeople } from '#test/desk.ts';
import { createI18n } from '#lib/i18n/i18n.ts';
import { NewTicketSchema, createTicket } from '#lib/tickets/tickets.ts';
import { changeStatus, claimTicket, moveTier, WorkflowError } from '#lib/tickets/workflow.ts';
import type { SlaExplanation } from '#lib/tickets/sla.ts';
import { fieldErrors } from '#lib/validation/field-errors.ts';
import { describeSlaClock, timeLeft } from './sla-clock.ts';

const en = createI18n('en', 'UTC', true);
const de = createI18n('de', 'Europe/Berlin', true);
const it_ = createI18n('it', 'Europe/Rome', true);
/** Intl separates numbers from units with no-break spaces; the expectations use plain ones. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

function refusal(run: () => unknown): WorkflowError {
  try {
    run();
  } catch (error) {
    if (error instanceof WorkflowError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('the agent’s desk in the reader’s language', () => {
  it('gives a refusal to the person in their language and to the log in English', async () => {
    const { db, erin, alex } = await deskWithPeople();
    const { ticket } = createTicket(db, erin.id, { subject: 'VPN drops', description: 'Every hour.' });
    const noNote = refusal(() => changeStatus(db, ticket.id, alex, 'resolved'));
    expect(noNote.message).toBe('Write a resolution note: what was wrong and what fixed it.');
    expect(de.t(noNote.localized)).toBe(
      'Schreiben Sie eine Lösungsnotiz: Was war die Ursache, und was hat das Problem behoben?',
    );
    moveTier(db, ticket.id, alex, 'up', 'Needs the network team');
    const tooLow = refusal(() => claimTicket(db, ticket.id, alex));
    expect(tooLow.message).toMatch(/^This ticket is in the tier 2 queue\. You are tier 1:/);
    expect(it_.t(tooLow.localized)).toMatch(
      /^Questo ticket è nella coda del livello 2\. Lei è di livello 1:/,
    );
    const same = refusal(() => changeStatus(db, ticket.id, alex, 'new'));
    expect(same.message).toBe('The ticket is already new: choose the status it should move to.');
    expect(de.t(same.localized)).toBe(
      'Das Ticket ist bereits „Neu“: Wählen Sie den Status, in den es wechseln soll.',
    );
    const skip = refusal(() => changeStatus(db, ticket.id, alex, 'closed'));
    expect(skip.message).toBe('A new ticket cannot become closed.');
    expect(it_.t(skip.localized)).toBe('Un ticket «Nuovo» non può passare a «Chiuso».');
  });

  it('shows a ticket form’s field errors in the reader’s language (zod messages are keys)', () => {
    const parsed = NewTicketSchema.safeParse({ subject: 'PC', description: ' ' });
    const errors = fieldErrors(parsed.error!);
    expect(errors).toEqual({ subject: 'tickets.subjectShort', description: 'tickets.descriptionEmpty' });
    expect(en.text(errors.subject!)).toBe('Write a short subject (at least 3 characters).');
    expect(it_.text(errors.description!)).toBe(
      'Descriva il problema: cosa è successo e cosa ha già provato.',
    );
  });

  it('explains the SLA clock and the time left in each language', () => {
    const start = Date.parse('2026-11-30T08:00:00Z');
    const explained: SlaExplanation = {
      clock: 'business',
      calendarName: 'Zürich',
      timeZone: 'Europe/Zurich',
      firstResponseMinutes: 480,
      resolutionMinutes: 7200,
      countedMinutes: 125,
      segments: [
        { kind: 'counted', start, end: start + 125 * 60_000 },
        { kind: 'paused', start: start + 125 * 60_000, end: start + 185 * 60_000 },
      ],
    } as SlaExplanation;
    const english = describeSlaClock(explained, 4, en)!;
    expect(english.summary).toMatch(/^P4: first response within 8 h, resolution within 5 days, counted in/);
    expect(english.counted).toBe('2 h 5 min');
    const german = describeSlaClock(explained, 4, de)!;
    expect(plain(german.summary)).toBe(
      'P4: Erstreaktion innerhalb von 8 Std., Lösung innerhalb von 5 Tagen, gezählt in den Geschäftszeiten des Kalenders „Zürich“ (Europe/Zurich). Wartezeit auf die anfragende Person zählt nie.',
    );
    expect(german.lines[0]).toEqual({
      kind: 'counted',
      when: 'Mo., 30. Nov., 09:00 – Mo., 30. Nov., 11:05',
      what: '2 Std. 5 Min. gezählt',
    });
    const now = new Date(start);
    expect(timeLeft(new Date(start + 125 * 60_000).toISOString(), de, now)).toBe('in 2 Std. 5 Min.');
    expect(timeLeft(new Date(start - 190 * 60_000).toISOString(), en, now)).toBe('3 h 10 min overdue');
    expect(timeLeft(new Date(start - 26 * 3_600_000).toISOString(), it_, now)).toBe('scaduto da 1 g 2 h');
  });
});
