import { describe, expect, it, vi } from 'vitest';
import { testDatabase } from '#test/db.ts';
import { addEmployee, databaseWithEmployee } from '#test/people.ts';
import { fillDatabase } from '#test/full-database.ts';
import { feedbackCounts, recordFeedback } from './feedback.ts';
import {
  classifyRequest,
  deflectionBacklog,
  flushDeflectionEvents,
  getHelpRequest,
  MAX_PENDING_CHARS,
  MAX_PENDING_SHOWN,
  recordOutcome,
  recordSuggestionsShown,
  SHOWN_IN_REQUEST,
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
  it('is "affected" when the person said "I\'m affected too" from it, unless it was solved or a ticket was filed from it', () => {
    const affected = { ...base, affected: true };
    expect(classifyRequest(affected, at(1))).toBe('affected');
    expect(classifyRequest({ ...affected, shown: false }, at(48))).toBe('affected');
    // Said by the person, like "solved it": another ticket of theirs in the window does not undo it.
    expect(classifyRequest({ ...affected, otherTicketAt: at(2).toISOString() }, at(48))).toBe('affected');
    expect(classifyRequest({ ...affected, solved: true }, at(1))).toBe('confirmed');
    expect(classifyRequest({ ...affected, ticketFromRequest: true }, at(1))).toBe('ticket');
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
    const erin = await addEmployee(db);
    const eve = await addEmployee(db, 'Eve');
    const rid = 'request-id-0000000001';
    const draftOf = () => db.prepare('SELECT draft FROM help_requests WHERE id = ?').pluck().get(rid);
    recordSuggestionsShown(db, {
      requestId: rid,
      userId: erin.id,
      query: 'printer',
      draft: 'printer\n',
      slugs: ['a', 'b'],
    });
    // The first answer is written at once: an article opened from it on another web worker finds it.
    expect(draftOf()).toBe('printer\n');
    recordSuggestionsShown(db, {
      requestId: rid,
      userId: erin.id,
      query: 'printer jam',
      draft: 'printer jam\n',
      slugs: ['a'],
    });
    expect(draftOf()).toBe('printer\n'); // later answers wait for the batch
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
      finalQuery: 'printer jam',
      resultCount: 1,
      shown: true,
      draft: 'printer jam\n',
    });
    expect(getHelpRequest(db, rid, eve.id)).toBeNull();
    expect(recordOutcome(db, rid, eve.id, 'a', true)).toBe(false);
    expect(recordOutcome(db, rid, erin.id, 'a', true)).toBe(true);
    expect(getHelpRequest(db, rid, erin.id)?.solvedSlug).toBe('a');
  });

  it('keep the same rows whether answers are written one by one or several in one batch', async () => {
    const answers = (requestId: string, userId: number, other: number) => [
      { requestId, userId, query: 'vpn', draft: 'vpn', slugs: ['vpn', 'wifi'] },
      { requestId, userId: other, query: 'hijack', draft: 'hijack', slugs: ['malware'] },
      { requestId, userId, query: 'vpn drops', draft: 'vpn drops', slugs: ['wifi', 'vpn', 'dns'] },
      { requestId, userId, query: 'vpn drops at home', draft: 'vpn drops at home', slugs: [] },
    ];
    const rowsOf = (db: ReturnType<typeof testDatabase>, requestId: string) => ({
      request: db
        .prepare('SELECT user_id, draft, final_query, result_count, shown FROM help_requests WHERE id = ?')
        .get(requestId),
      events: db
        .prepare('SELECT type, slug, rank, query FROM help_request_events WHERE request_id = ? ORDER BY id')
        .all(requestId),
    });
    const db = testDatabase();
    const erin = await addEmployee(db);
    const eve = await addEmployee(db, 'Eve');
    const [alone, batched] = ['request-id-0000000011', 'request-id-0000000012'];
    for (const answer of answers(alone, erin.id, eve.id)) {
      recordSuggestionsShown(db, answer);
      flushDeflectionEvents();
    }
    // The first answer is written at once; the other three wait for one batch.
    for (const answer of answers(batched, erin.id, eve.id)) recordSuggestionsShown(db, answer);
    expect(deflectionBacklog().pending).toBe(3);
    flushDeflectionEvents();
    expect(rowsOf(db, batched)).toEqual(rowsOf(db, alone));
    expect(rowsOf(db, batched)).toMatchObject({
      request: { user_id: erin.id, final_query: 'vpn drops at home', result_count: 0, shown: 1 },
      events: [
        { slug: 'vpn', rank: 1, query: 'vpn' },
        { slug: 'wifi', rank: 1, query: 'vpn' },
        { slug: 'dns', rank: 3, query: 'vpn drops' },
      ],
    });
  });

  it("find an article's earlier showing within their own rows, however often it was shown in others", async () => {
    const {
      db,
      user: { id: userId },
    } = await databaseWithEmployee();
    // A desk's history: the VPN article shown in 3,000 requests.
    for (let i = 0; i < 3000; i++) {
      const requestId = `request-id-${String(i).padStart(10, '0')}`;
      recordSuggestionsShown(db, { requestId, userId, query: 'vpn', draft: 'vpn', slugs: ['vpn'] });
    }
    flushDeflectionEvents();
    db.exec('ANALYZE'); // what a desk's database may have learnt about itself (PRAGMA optimize)
    const plan = (
      db.prepare(`EXPLAIN QUERY PLAN ${SHOWN_IN_REQUEST}`).all('request-id-0000000001', 'vpn') as Array<{
        detail: string;
      }>
    ).map((step) => step.detail);
    // Before its index named the slug, SQLite read the article's 3,000 rows for every article of every answer.
    expect(plan).toEqual([
      'SEARCH help_request_events USING INDEX help_request_events_request (request_id=? AND type=? AND slug=?)',
    ]);
  });
});

describe('suggestion answers when the database refuses writes (a full disk)', () => {
  // Long enough that the row needs pages the file does not have yet.
  const draft = 'My laptop will not connect to the VPN from the hotel. '.repeat(200);
  /**
   * Requests whose first answer is written (at once, before the disk fills): the answers these tests
   * send afterwards are later ones, which go through the batch.
   */
  function started(db: ReturnType<typeof testDatabase>, userId: number, ids: string[]): void {
    for (const requestId of ids)
      recordSuggestionsShown(db, { requestId, userId, query: 'start', draft: 'start', slugs: [] });
    expect(deflectionBacklog().pending).toBe(0);
  }
  const answered = (db: ReturnType<typeof testDatabase>, query: string) =>
    db.prepare('SELECT count(*) FROM help_requests WHERE final_query = ?').pluck().get(query) as number;

  it('are kept in memory, retried by the timer (which never throws), and written once space is back', async () => {
    const {
      db,
      user: { id: userId },
    } = await databaseWithEmployee();
    started(db, userId, ['request-id-full-000001']);
    const giveSpaceBack = fillDatabase(db);
    recordSuggestionsShown(db, {
      requestId: 'request-id-full-000001',
      userId,
      query: 'vpn',
      draft,
      slugs: ['vpn'],
    });
    // A reader flushes first: it gets its answer, not the disk's error.
    expect(() => flushDeflectionEvents()).not.toThrow();
    expect(getHelpRequest(db, 'request-id-full-000001', userId)?.finalQuery).toBe('start');
    expect(deflectionBacklog().pending).toBe(1);
    // The timer tries again on its own; an error thrown from it would fail this test run.
    await new Promise((r) => setTimeout(r, 600));
    expect(answered(db, 'vpn')).toBe(0);
    expect(deflectionBacklog().pending).toBe(1);
    giveSpaceBack();
    await vi.waitFor(() => expect(answered(db, 'vpn')).toBe(1), { timeout: 10_000, interval: 50 });
    expect(getHelpRequest(db, 'request-id-full-000001', userId)?.finalQuery).toBe('vpn');
    expect(deflectionBacklog().pending).toBe(0);
  });

  it("writes a request's first answer through the batch when the database refuses it at once", async () => {
    const {
      db,
      user: { id: userId },
    } = await databaseWithEmployee();
    const giveSpaceBack = fillDatabase(db);
    recordSuggestionsShown(db, {
      requestId: 'request-id-first-00001',
      userId,
      query: 'vpn',
      draft,
      slugs: [],
    });
    expect(deflectionBacklog().pending).toBe(1);
    expect(answered(db, 'vpn')).toBe(0);
    giveSpaceBack();
    flushDeflectionEvents();
    expect(getHelpRequest(db, 'request-id-first-00001', userId)?.draft).toBe(draft);
  });

  it('keep at most MAX_PENDING_SHOWN in memory: the oldest are dropped, and counted', async () => {
    const {
      db,
      user: { id: userId },
    } = await databaseWithEmployee();
    const rid = (i: number) => `request-id-many-${String(i).padStart(6, '0')}`;
    const ids = Array.from({ length: MAX_PENDING_SHOWN + 3 }, (_, i) => rid(i));
    started(db, userId, ids);
    const giveSpaceBack = fillDatabase(db);
    const droppedBefore = deflectionBacklog().dropped;
    // Longer than the first answers (the rows need new pages), short enough for MAX_PENDING_CHARS.
    const typed = 'vpn '.repeat(375);
    for (const requestId of ids)
      recordSuggestionsShown(db, { requestId, userId, query: 'vpn', draft: typed, slugs: [] });
    flushDeflectionEvents();
    expect(deflectionBacklog()).toEqual({ pending: MAX_PENDING_SHOWN, dropped: droppedBefore + 3 });
    giveSpaceBack();
    flushDeflectionEvents();
    expect(answered(db, 'vpn')).toBe(MAX_PENDING_SHOWN);
    expect(getHelpRequest(db, rid(2), userId)?.finalQuery).toBe('start');
    expect(getHelpRequest(db, rid(3), userId)?.finalQuery).toBe('vpn');
    expect(deflectionBacklog().pending).toBe(0);
  });

  it('keep at most MAX_PENDING_CHARS of typed text in memory (a draft can be 22,000 characters)', async () => {
    const {
      db,
      user: { id: userId },
    } = await databaseWithEmployee();
    const long = 'x'.repeat(20_000);
    const fits = MAX_PENDING_CHARS / long.length;
    const ids = Array.from({ length: fits + 5 }, (_, i) => `request-id-long-${i}-000`);
    started(db, userId, ids);
    const giveSpaceBack = fillDatabase(db);
    const droppedBefore = deflectionBacklog().dropped;
    for (const requestId of ids)
      recordSuggestionsShown(db, { requestId, userId, query: 'x', draft: long, slugs: [] });
    flushDeflectionEvents();
    expect(deflectionBacklog()).toEqual({ pending: fits, dropped: droppedBefore + 5 });
    giveSpaceBack();
    flushDeflectionEvents();
    expect(answered(db, 'x')).toBe(fits);
  });

  it('fail the caller’s transaction when flushed inside it (it must fail whole), and are kept', async () => {
    const {
      db,
      user: { id: userId },
    } = await databaseWithEmployee();
    started(db, userId, ['request-id-nested-0001']);
    const giveSpaceBack = fillDatabase(db);
    recordSuggestionsShown(db, {
      requestId: 'request-id-nested-0001',
      userId,
      query: 'vpn',
      draft,
      slugs: [],
    });
    expect(() => db.transaction(() => flushDeflectionEvents())()).toThrow(/full/);
    expect(deflectionBacklog().pending).toBe(1);
    giveSpaceBack();
    flushDeflectionEvents();
    expect(answered(db, 'vpn')).toBe(1);
  });

  it('refused for good (not the disk: a bug) are dropped and counted, not retried forever', async () => {
    const { db } = await databaseWithEmployee();
    const droppedBefore = deflectionBacklog().dropped;
    // No such user: the foreign key refuses the row, and will every time (at once, then in the batch).
    recordSuggestionsShown(db, {
      requestId: 'request-id-nobody-0001',
      userId: 999,
      query: 'vpn',
      draft,
      slugs: [],
    });
    expect(() => flushDeflectionEvents()).not.toThrow();
    expect(deflectionBacklog()).toEqual({ pending: 0, dropped: droppedBefore + 1 });
  });
});

describe('article feedback', () => {
  it('counts one vote per person and article, the latest', async () => {
    const db = testDatabase();
    const erin = await addEmployee(db);
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
