import { describe, expect, it } from 'vitest';
import { testDatabase } from '#test/db.ts';
import { createUser } from '#lib/auth/users.ts';
import { feedbackCounts, recordFeedback } from './feedback.ts';
import {
  classifyRequest,
  flushDeflectionEvents,
  getHelpRequest,
  recordOutcome,
  recordSuggestionsShown,
} from './requests.ts';

const H = 3_600_000;
const start = '2026-11-10T09:00:00.000Z';
const at = (hours: number) => new Date(Date.parse(start) + hours * H);

describe('request outcome', () => {
  const base = {
    startedAt: start,
    shown: true,
    solved: false,
    ticketFromRequest: false,
    otherTicketAt: null,
  };
  it('is confirmed when the employee said it solved the problem', () => {
    expect(classifyRequest({ ...base, solved: true }, at(1))).toBe('confirmed');
  });
  it('is a ticket when one was filed from it, or by the same person within 24 hours', () => {
    expect(classifyRequest({ ...base, ticketFromRequest: true }, at(1))).toBe('ticket');
    expect(classifyRequest({ ...base, otherTicketAt: at(23.9).toISOString() }, at(48))).toBe('ticket');
  });
  it('is a potential deflection once 24 hours passed without a ticket', () => {
    expect(classifyRequest({ ...base, otherTicketAt: at(24.1).toISOString() }, at(48))).toBe('potential');
    expect(classifyRequest(base, at(24))).toBe('potential');
  });
  it('is still open inside the window, and not counted when nothing was shown', () => {
    expect(classifyRequest(base, at(23))).toBe('open');
    expect(classifyRequest({ ...base, shown: false }, at(48))).toBe('no-suggestions');
  });
});

describe('help requests', () => {
  it('are created by the first suggestion answer, batched, and only their owner can add to them', async () => {
    const db = testDatabase();
    const erin = await createUser(db, {
      email: 'erin@example.com',
      displayName: 'Erin',
      roles: ['employee'],
      password: 'quiet river stones 9',
    });
    const eve = await createUser(db, {
      email: 'eve@example.com',
      displayName: 'Eve',
      roles: ['employee'],
      password: 'quiet river stones 9',
    });
    const rid = 'request-id-0000000001';
    recordSuggestionsShown(db, {
      requestId: rid,
      userId: erin.id,
      query: 'printer',
      draft: 'printer\n',
      slugs: ['a', 'b'],
    });
    expect(db.prepare('SELECT count(*) FROM help_requests').pluck().get()).toBe(0); // not yet: batched
    flushDeflectionEvents();
    recordSuggestionsShown(db, {
      requestId: rid,
      userId: eve.id,
      query: 'hijack',
      draft: 'hijack',
      slugs: [],
    });
    flushDeflectionEvents();
    expect(getHelpRequest(db, rid, erin.id)).toMatchObject({
      finalQuery: 'printer',
      resultCount: 2,
      shown: true,
      draft: 'printer\n',
    });
    expect(getHelpRequest(db, rid, eve.id)).toBeNull();
    expect(recordOutcome(db, rid, eve.id, 'a', true)).toBe(false);
    expect(recordOutcome(db, rid, erin.id, 'a', true)).toBe(true);
    expect(getHelpRequest(db, rid, erin.id)?.solvedSlug).toBe('a');
  });
});

describe('article feedback', () => {
  it('counts one vote per person and article, the latest', async () => {
    const db = testDatabase();
    const erin = await createUser(db, {
      email: 'erin@example.com',
      displayName: 'Erin',
      roles: ['employee'],
      password: 'quiet river stones 9',
    });
    expect(recordFeedback(db, 'vpn', erin.id, { helpful: 'no' })).toEqual({ ok: true });
    expect(recordFeedback(db, 'vpn', erin.id, { helpful: 'yes', comment: 'step 3 fixed it' })).toEqual({
      ok: true,
    });
    expect(recordFeedback(db, 'vpn', erin.id, { helpful: 'maybe' })).toMatchObject({ ok: false });
    expect(recordFeedback(db, 'vpn', erin.id, { helpful: 'yes', comment: 'x'.repeat(2001) })).toMatchObject({
      ok: false,
    });
    expect(feedbackCounts(db, 'vpn')).toEqual({ helpful: 1, notHelpful: 0 });
  });
});
