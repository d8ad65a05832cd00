import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { testDatabase } from '#test/db.ts';
import { HISTORY_EMAIL_DOMAIN } from '#lib/auth/demo-accounts.ts';
import { HISTORY_PASSWORD_HASH } from '#lib/auth/history-import.ts';
import { verifyPassword } from '#lib/auth/passwords.ts';
import { signIn } from '#lib/auth/sign-in.ts';
import { createUser } from '#lib/auth/users.ts';
import type { Db } from '#lib/db/db.ts';
import { priorityFor, type Impact, type Urgency } from '#lib/tickets/priority.ts';
import { getSlaTargets, recomputeSla, replaceSlaTargets } from '#lib/tickets/sla.ts';
import { createTicket } from '#lib/tickets/tickets.ts';
import { TRANSITIONS, type Status } from '#lib/tickets/workflow.ts';
import { DemoHistoryError, generateDemoHistory, type DemoHistoryOptions } from './generate.ts';

const contentDir = fileURLToPath(new URL('../../../content', import.meta.url));
const now = new Date('2026-11-20T12:00:00.000Z');
const DAY = 86_400_000;

function generate(options: Partial<DemoHistoryOptions> = {}, db: Db = testDatabase()) {
  const report = generateDemoHistory(db, contentDir, {
    days: 30,
    requests: 3000,
    tickets: 400,
    now,
    ...options,
  });
  return { db, report };
}

const count = (db: Db, sql: string, ...params: unknown[]) =>
  db
    .prepare(sql)
    .pluck()
    .get(...params) as number;

type TicketRow = {
  id: number;
  number: number;
  requester_id: number;
  status: Status;
  impact: Impact;
  urgency: Urgency;
  priority: number;
  tier: number;
  assignee_id: number | null;
  request_id: string | null;
  created_at: string;
  first_response_due_at: string | null;
  first_response_warn_at: string | null;
  resolution_due_at: string | null;
  resolution_warn_at: string | null;
  first_responded_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  pending_since: string | null;
  paused_ms: number;
  resolution: string | null;
  rating: number | null;
  channel: string;
};

describe('generateDemoHistory', () => {
  it('writes as many requests and tickets as asked, over the last `days` days, with references that hold', () => {
    const { db, report } = generate();
    expect(report.requests).toBe(3000);
    expect(report.tickets).toBe(400);
    expect(count(db, 'SELECT count(*) FROM help_requests')).toBe(3000);
    expect(count(db, 'SELECT count(*) FROM tickets')).toBe(400);
    expect(report.users).toBe(count(db, 'SELECT count(*) FROM users'));
    expect(report.events).toBe(
      count(db, 'SELECT count(*) FROM help_request_events') + count(db, 'SELECT count(*) FROM ticket_events'),
    );
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1); // put back after the bulk write

    const from = new Date(now.getTime() - 30 * DAY).toISOString();
    const to = now.toISOString();
    expect(
      count(db, 'SELECT count(*) FROM help_requests WHERE started_at < ? OR started_at > ?', from, to),
    ).toBe(0);
    expect(count(db, 'SELECT count(*) FROM help_request_events WHERE at < ? OR at > ?', from, to)).toBe(0);
    expect(count(db, 'SELECT count(*) FROM tickets WHERE created_at < ? OR created_at > ?', from, to)).toBe(
      0,
    );
    expect(count(db, 'SELECT count(*) FROM ticket_events WHERE at < ? OR at > ?', from, to)).toBe(0);
    expect(count(db, 'SELECT count(*) FROM article_views WHERE day > ?', to.slice(0, 10))).toBe(0);

    // Six agents across the tiers; everyone else an employee.
    const agents = db
      .prepare(
        "SELECT u.agent_tier FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'agent' ORDER BY u.agent_tier",
      )
      .pluck()
      .all();
    expect(agents).toEqual([1, 1, 1, 2, 2, 3]);
    expect(count(db, "SELECT count(*) FROM user_roles WHERE role = 'employee'")).toBe(report.users - 6);
  });

  it('defaults to a small desk: 40 requests and 4 tickets a day', () => {
    const { db, report } = generate({ days: 7, requests: undefined, tickets: undefined });
    expect(report).toMatchObject({ requests: 280, tickets: 28 });
    expect(count(db, 'SELECT count(*) FROM help_requests')).toBe(280);
    expect(count(db, 'SELECT count(*) FROM tickets')).toBe(28);
  });

  it('creates accounts nobody can sign in with', async () => {
    const { db } = generate({ days: 3, requests: 50, tickets: 5 });
    expect(count(db, 'SELECT count(*) FROM users WHERE email NOT LIKE ?', `%@${HISTORY_EMAIL_DOMAIN}`)).toBe(
      0,
    );
    expect(count(db, 'SELECT count(*) FROM users WHERE password_hash <> ?', HISTORY_PASSWORD_HASH)).toBe(0);
    expect(await verifyPassword(HISTORY_PASSWORD_HASH, 'demodemodemo')).toBe(false);
    const email = db
      .prepare("SELECT email FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'agent' LIMIT 1")
      .pluck()
      .get() as string;
    expect(
      await signIn(db, { email, password: 'correct horse battery staple', address: '192.0.2.1' }),
    ).toEqual({ ok: false, reason: 'invalid' });
  });

  it('keeps every help request consistent with its events', () => {
    const { db } = generate();
    // Shown suggestions: result_count rows ranked 1…n, with the final query.
    expect(
      count(
        db,
        `SELECT count(*) FROM help_requests r WHERE r.shown <> (r.result_count > 0)
      OR r.result_count <> (SELECT count(*) FROM help_request_events e WHERE e.request_id = r.id AND e.type = 'suggestions_shown')
      OR r.result_count <> coalesce((SELECT max(rank) FROM help_request_events e WHERE e.request_id = r.id AND e.type = 'suggestions_shown'), 0)
      OR EXISTS (SELECT 1 FROM help_request_events e WHERE e.request_id = r.id AND e.type = 'suggestions_shown' AND e.query IS NOT r.final_query)`,
      ),
    ).toBe(0);
    // Nothing happens before the request starts, and updated_at is its last event.
    expect(
      count(
        db,
        'SELECT count(*) FROM help_request_events e JOIN help_requests r ON r.id = e.request_id WHERE e.at < r.started_at',
      ),
    ).toBe(0);
    expect(
      count(
        db,
        'SELECT count(*) FROM help_requests r WHERE r.updated_at <> (SELECT max(at) FROM help_request_events e WHERE e.request_id = r.id) AND r.result_count > 0',
      ),
    ).toBe(0);
    // Articles are opened from the suggestions; "solved" follows opening that article.
    expect(
      count(
        db,
        `SELECT count(*) FROM help_request_events o WHERE o.type IN ('article_opened', 'solved', 'not_solved')
      AND NOT EXISTS (SELECT 1 FROM help_request_events s WHERE s.request_id = o.request_id AND s.type = 'suggestions_shown' AND s.slug = o.slug)`,
      ),
    ).toBe(0);
    const solved = db
      .prepare('SELECT id, solved_slug, solved_at FROM help_requests WHERE solved_slug IS NOT NULL')
      .all() as Array<{ id: string; solved_slug: string; solved_at: string }>;
    expect(solved.length).toBeGreaterThan(300);
    for (const r of solved) {
      const opened = db
        .prepare(
          "SELECT at FROM help_request_events WHERE request_id = ? AND type = 'article_opened' AND slug = ?",
        )
        .pluck()
        .get(r.id, r.solved_slug) as string | undefined;
      expect(opened, r.id).toBeDefined();
      expect(opened! <= r.solved_at).toBe(true);
      expect(
        db
          .prepare("SELECT at FROM help_request_events WHERE request_id = ? AND type = 'solved' AND slug = ?")
          .pluck()
          .get(r.id, r.solved_slug),
      ).toBe(r.solved_at);
    }
    expect(count(db, "SELECT count(*) FROM help_request_events WHERE type = 'solved'")).toBe(solved.length);
    // A ticket filed from a request points back at it, and the request says so.
    const fromRequests = db
      .prepare(
        'SELECT r.id, r.ticket_id, t.request_id, t.created_at, r.solved_slug FROM help_requests r LEFT JOIN tickets t ON t.id = r.ticket_id WHERE r.ticket_id IS NOT NULL',
      )
      .all() as Array<{
      id: string;
      ticket_id: number;
      request_id: string | null;
      created_at: string;
      solved_slug: string | null;
    }>;
    expect(fromRequests.length).toBeGreaterThan(100);
    for (const r of fromRequests) {
      expect(r.request_id).toBe(r.id);
      expect(r.solved_slug).toBeNull();
      expect(
        db
          .prepare("SELECT at FROM help_request_events WHERE request_id = ? AND type = 'ticket_filed'")
          .pluck()
          .all(r.id),
      ).toEqual([r.created_at]);
    }
    expect(count(db, 'SELECT count(*) FROM tickets WHERE request_id IS NOT NULL')).toBe(fromRequests.length);
    expect(count(db, "SELECT count(*) FROM help_request_events WHERE type = 'ticket_filed'")).toBe(
      fromRequests.length,
    );
    expect(
      count(
        db,
        "SELECT count(*) FROM tickets t JOIN help_requests r ON r.id = t.request_id WHERE t.requester_id <> r.user_id OR t.channel <> 'web'",
      ),
    ).toBe(0);
    // The agent sees what the employee tried: every suggestion, with what was opened and rejected.
    expect(
      count(
        db,
        `SELECT count(*) FROM tickets t JOIN help_requests r ON r.id = t.request_id
      WHERE (SELECT count(*) FROM ticket_tried_articles a WHERE a.ticket_id = t.id) <> r.result_count`,
      ),
    ).toBe(0);
    expect(
      count(
        db,
        `SELECT count(*) FROM ticket_tried_articles a JOIN tickets t ON t.id = a.ticket_id
      WHERE a.opened <> EXISTS (SELECT 1 FROM help_request_events e WHERE e.request_id = t.request_id AND e.type = 'article_opened' AND e.slug = a.slug)
         OR a.rejected <> EXISTS (SELECT 1 FROM help_request_events e WHERE e.request_id = t.request_id AND e.type = 'not_solved' AND e.slug = a.slug)`,
      ),
    ).toBe(0);
    // One "was this helpful?" vote per person and article, as the article page keeps it.
    expect(
      count(
        db,
        'SELECT count(*) FROM (SELECT 1 FROM article_feedback GROUP BY slug, user_id HAVING count(*) > 1)',
      ),
    ).toBe(0);
  });

  it('gives imported tickets the due and amber times the live desk recomputes from their timeline, in business hours too', () => {
    const db = testDatabase();
    // Business hours for every priority, in the default calendar (08:00-12:00, 13:00-17:00 Berlin).
    replaceSlaTargets(db, (name) => {
      const [kind, p] = name.split('-');
      if (kind === 'clock') return 'business';
      if (kind === 'calendar') return '';
      return getSlaTargets(db).get(Number(p))![
        kind === 'first' ? 'firstResponseMinutes' : 'resolutionMinutes'
      ];
    });
    generate({ tickets: 200 }, db);
    const columns = 'first_response_due_at, first_response_warn_at, resolution_due_at, resolution_warn_at';
    const read = () => db.prepare(`SELECT id, ${columns} FROM tickets ORDER BY id`).all();
    const imported = read() as Array<Record<string, string | null>>;
    expect(imported.length).toBe(200);
    for (const t of imported) for (const v of Object.values(t)) expect(v).not.toBeNull();
    // Outside calendar time: some first response falls due later than its minutes after filing.
    const calendarDue = db
      .prepare(
        `SELECT count(*) FROM tickets t JOIN sla_targets s ON s.priority = t.priority
          WHERE t.first_response_due_at > strftime('%Y-%m-%dT%H:%M:%fZ', t.created_at, '+' || s.first_response_minutes || ' minutes')`,
      )
      .pluck()
      .get() as number;
    expect(calendarDue).toBeGreaterThan(0);
    // The live desk last recomputed each ticket at its last status or priority change.
    const lastChange = db
      .prepare(
        "SELECT t.id, max(e.at) AS at FROM tickets t JOIN ticket_events e ON e.ticket_id = t.id AND e.type IN ('created', 'status', 'priority') GROUP BY t.id",
      )
      .all() as Array<{ id: number; at: string }>;
    for (const { id, at } of lastChange) recomputeSla(db, id, new Date(at));
    expect(read()).toEqual(imported);
  });

  it('gives tickets a lifecycle that matches their status, SLA due times and timeline', () => {
    const { db } = generate({ tickets: 600 });
    const targets = getSlaTargets(db);
    const tickets = db.prepare('SELECT * FROM tickets ORDER BY number').all() as TicketRow[];
    expect(tickets.map((t) => t.number)).toEqual(tickets.map((_, i) => 1001 + i));
    const agentIds = new Set(
      db.prepare("SELECT user_id FROM user_roles WHERE role = 'agent'").pluck().all() as number[],
    );
    const events = db
      .prepare(
        'SELECT ticket_id, at, actor_id, type, from_value, to_value, body, internal FROM ticket_events ORDER BY ticket_id, id',
      )
      .all() as Array<{
      ticket_id: number;
      at: string;
      actor_id: number | null;
      type: string;
      from_value: string | null;
      to_value: string | null;
      body: string | null;
      internal: number;
    }>;
    const byTicket = new Map<number, typeof events>();
    for (const e of events) byTicket.set(e.ticket_id, [...(byTicket.get(e.ticket_id) ?? []), e]);
    let previousCreated = '';
    for (const t of tickets) {
      const where = `T-${t.number} (${t.status})`;
      expect(t.created_at >= previousCreated, where).toBe(true); // numbers follow filing order
      previousCreated = t.created_at;
      expect(t.priority, where).toBe(priorityFor(t.impact, t.urgency));
      // Calendar time by default: the first response is due its target's minutes after filing, amber at 75 %.
      const target = targets.get(t.priority)!;
      const after = (minutes: number) => new Date(Date.parse(t.created_at) + minutes * 60_000).toISOString();
      if (t.pending_since === null && t.paused_ms === 0)
        expect([t.first_response_due_at, t.first_response_warn_at], where).toEqual([
          after(target.firstResponseMinutes),
          after(target.firstResponseMinutes * 0.75),
        ]);
      expect(t.resolution_due_at! >= after(target.resolutionMinutes), where).toBe(true);
      if (t.first_responded_at) expect(t.first_responded_at >= t.created_at, where).toBe(true);
      if (t.status === 'resolved' || t.status === 'closed') {
        expect(t.resolved_at, where).not.toBeNull();
        expect(t.resolution, where).toBeTruthy();
        expect(t.resolved_at! >= t.first_responded_at!, where).toBe(true);
      } else {
        expect(t.resolved_at, where).toBeNull();
      }
      if (t.status === 'closed') expect(t.closed_at! >= t.resolved_at!, where).toBe(true);
      else expect(t.closed_at, where).toBeNull();
      expect(t.pending_since !== null, where).toBe(t.status === 'pending');
      if (t.status === 'new') expect([t.assignee_id, t.first_responded_at], where).toEqual([null, null]);
      if (t.status !== 'new' && t.assignee_id !== null) expect(agentIds.has(t.assignee_id), where).toBe(true);
      if (t.rating !== null) expect(t.status, where).toBe('closed');

      // The timeline replays to the ticket's state through the status machine.
      const timeline = byTicket.get(t.id)!;
      expect(timeline[0], where).toMatchObject({
        type: 'created',
        at: t.created_at,
        to_value: `P${t.priority}`,
      });
      let status: Status = 'new';
      let tier = 1;
      let assignee: number | null = null;
      let last = '';
      for (const e of timeline) {
        expect(e.at >= last, `${where}: ${e.type} at ${e.at} before ${last}`).toBe(true);
        last = e.at;
        if (e.type === 'claimed') {
          assignee = e.actor_id;
          if (status === 'new') status = 'open';
        } else if (e.type === 'escalated') {
          expect([e.from_value, e.to_value, e.internal]).toEqual([String(tier), String(tier + 1), 1]);
          expect(e.actor_id).toBe(assignee);
          tier++;
          assignee = null;
        } else if (e.type === 'status') {
          expect(e.from_value, where).toBe(status);
          expect(TRANSITIONS[status], `${where}: ${status} → ${e.to_value}`).toContain(e.to_value);
          if (e.to_value === 'resolved') expect(e.body, where).toBeTruthy();
          status = e.to_value as Status;
        } else if (e.type === 'reply' && agentIds.has(e.actor_id!)) {
          expect(e.internal).toBe(0);
        }
      }
      expect(status, where).toBe(t.status);
      expect(tier, where).toBe(t.tier);
      expect(assignee, where).toBe(t.assignee_id);
      const firstAgentReply = timeline.find((e) => e.type === 'reply' && agentIds.has(e.actor_id!));
      expect(t.first_responded_at, where).toBe(firstAgentReply?.at ?? null);
      const resolvedEvents = timeline.filter((e) => e.type === 'status' && e.to_value === 'resolved');
      if (t.resolved_at) expect(resolvedEvents.at(-1)?.at, where).toBe(t.resolved_at);
    }

    // What a queue looks like: mostly done, a recent backlog, a few escalations, reopenings and ratings.
    const share = (f: (t: TicketRow) => boolean) => tickets.filter(f).length / tickets.length;
    expect(share((t) => t.status === 'new' || t.status === 'open' || t.status === 'pending')).toBeGreaterThan(
      0.03,
    );
    expect(share((t) => t.status === 'new' || t.status === 'open' || t.status === 'pending')).toBeLessThan(
      0.2,
    );
    expect(share((t) => t.status === 'closed')).toBeGreaterThan(0.7);
    expect(share((t) => t.tier > 1)).toBeGreaterThan(0.02);
    expect(
      count(
        db,
        "SELECT count(DISTINCT ticket_id) FROM ticket_events WHERE type = 'status' AND from_value = 'resolved' AND to_value = 'open'",
      ),
    ).toBeGreaterThan(5);
    expect(share((t) => t.channel !== 'web')).toBeGreaterThan(0.2);
    const closed = tickets.filter((t) => t.status === 'closed');
    const rated = closed.filter((t) => t.rating !== null);
    expect(rated.length / closed.length).toBeGreaterThan(0.3);
    expect(rated.length / closed.length).toBeLessThan(0.5);
    expect(rated.filter((t) => t.rating! >= 4).length / rated.length).toBeGreaterThan(0.6);
    const responded = tickets.filter((t) => t.first_responded_at);
    const breached =
      responded.filter((t) => t.first_responded_at! > t.first_response_due_at!).length / responded.length;
    expect(breached).toBeGreaterThan(0.03);
    expect(breached).toBeLessThan(0.2);
    expect(count(db, 'SELECT count(*) FROM ticket_articles')).toBeGreaterThan(0.4 * closed.length);
  });

  it('continues the ticket numbers of the existing queue', async () => {
    const db = testDatabase();
    const erin = await createUser(db, {
      email: 'erin@example.com',
      displayName: 'Erin',
      roles: ['employee'],
      password: 'quiet river stones 9',
    });
    createTicket(db, erin.id, { subject: 'Printer jammed', description: 'Floor 2' });
    generate({ days: 5, requests: 100, tickets: 10 }, db);
    expect(db.prepare('SELECT number FROM tickets ORDER BY number').pluck().all()).toEqual(
      Array.from({ length: 11 }, (_, i) => 1001 + i),
    );
  });

  it('gives the same history for the same seed, and another one for another seed', () => {
    const dump = (db: Db) =>
      [
        'users',
        'user_roles',
        'help_requests',
        'help_request_events',
        'article_feedback',
        'article_views',
        'tickets',
        'ticket_events',
        'ticket_tried_articles',
        'ticket_articles',
      ]
        .map((table) => JSON.stringify(db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all()))
        .join('\n');
    const a = dump(generate({ requests: 800, tickets: 100, seed: 7 }).db);
    const b = dump(generate({ requests: 800, tickets: 100, seed: 7 }).db);
    const c = dump(generate({ requests: 800, tickets: 100, seed: 8 }).db);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('shows a desk whose knowledge base gets better, with content gaps and one growing problem', () => {
    const { db } = generate({ days: 90, requests: 9000, tickets: 900 });
    const rate = (sql: string, ...params: unknown[]) => count(db, sql, ...params);
    const total = 9000;
    const zero = rate('SELECT count(*) FROM help_requests WHERE result_count = 0') / total;
    const solved = rate('SELECT count(*) FROM help_requests WHERE solved_slug IS NOT NULL') / total;
    const ticket = rate('SELECT count(*) FROM help_requests WHERE ticket_id IS NOT NULL') / total;
    const openedOnly =
      rate(`SELECT count(*) FROM help_requests r WHERE solved_slug IS NULL AND ticket_id IS NULL
      AND EXISTS (SELECT 1 FROM help_request_events e WHERE e.request_id = r.id AND e.type = 'article_opened')`) /
      total;
    expect(zero).toBeGreaterThan(0.05);
    expect(zero).toBeLessThan(0.11);
    expect(solved).toBeGreaterThan(0.2);
    expect(solved).toBeLessThan(0.32);
    expect(ticket).toBeGreaterThan(0.05);
    expect(ticket).toBeLessThan(0.11);
    expect(openedOnly).toBeGreaterThan(0.35);
    expect(openedOnly).toBeLessThan(0.55);

    // Zero-result queries repeat, so they group into a content-gap list.
    const gaps = db
      .prepare(
        'SELECT final_query, count(*) AS n FROM help_requests WHERE result_count = 0 GROUP BY 1 ORDER BY 2 DESC',
      )
      .all() as Array<{ final_query: string; n: number }>;
    expect(gaps.length).toBeGreaterThanOrEqual(20);
    expect(gaps.length).toBeLessThanOrEqual(30);
    expect(gaps[0]!.n).toBeGreaterThan(30);

    // The confirmed-deflection rate rises from the first month to the last.
    const confirmedBetween = (from: number, to: number) => {
      const args = [
        new Date(now.getTime() - from * DAY).toISOString(),
        new Date(now.getTime() - to * DAY).toISOString(),
      ];
      return (
        rate(
          'SELECT count(*) FROM help_requests WHERE solved_slug IS NOT NULL AND started_at >= ? AND started_at < ?',
          ...args,
        ) / rate('SELECT count(*) FROM help_requests WHERE started_at >= ? AND started_at < ?', ...args)
      );
    };
    expect(confirmedBetween(30, 0) - confirmedBetween(90, 60)).toBeGreaterThan(0.04);

    // Weekdays and office hours (UTC) carry most of the load.
    expect(
      rate("SELECT count(*) FROM help_requests WHERE strftime('%w', started_at) IN ('0', '6')") / total,
    ).toBeLessThan(0.1);
    expect(
      rate("SELECT count(*) FROM help_requests WHERE strftime('%H', started_at) BETWEEN '06' AND '16'") /
        total,
    ).toBeGreaterThan(0.8);

    // One category grows far faster than the others over the last two weeks: the recurring problem.
    const window = (from: number, to: number) =>
      new Map(
        (
          db
            .prepare(
              'SELECT category, count(*) AS n FROM tickets WHERE created_at >= ? AND created_at < ? GROUP BY 1',
            )
            .all(
              new Date(now.getTime() - from * DAY).toISOString(),
              new Date(now.getTime() - to * DAY).toISOString(),
            ) as Array<{ category: string; n: number }>
        ).map((r) => [r.category, r.n]),
      );
    const recent = window(14, 0);
    const before = window(28, 14);
    const added = [...recent.entries()]
      .map(([category, n]) => ({ category, added: n - (before.get(category) ?? 0) }))
      .sort((a, b) => b.added - a.added);
    expect(added[0]!.category).toBe('meetings');
    expect(recent.get('meetings')!).toBeGreaterThan(2 * before.get('meetings')!);
    expect(added[0]!.added).toBeGreaterThan(3 * Math.max(1, added[1]!.added));

    // Helpful votes come mostly from confirmed deflections; views are counted per article and day.
    expect(
      rate('SELECT count(*) FROM article_feedback WHERE helpful = 1') /
        rate('SELECT count(*) FROM article_feedback'),
    ).toBeGreaterThan(0.6);
    expect(rate('SELECT sum(views) FROM article_views')).toBeGreaterThanOrEqual(
      rate("SELECT count(*) FROM help_request_events WHERE type = 'article_opened'"),
    );
  });

  it('refuses to add a second history to the same database', () => {
    const { db } = generate({ days: 2, requests: 20, tickets: 2 });
    expect(() => generate({ days: 2, requests: 20, tickets: 2 }, db)).toThrow(DemoHistoryError);
    expect(count(db, 'SELECT count(*) FROM help_requests')).toBe(20);
  });

  it('refuses options that make no sense, saying which', () => {
    const db = testDatabase();
    expect(() => generateDemoHistory(db, contentDir, { days: 0 })).toThrow(/days must be a whole number/);
    expect(() => generateDemoHistory(db, contentDir, { days: 5, requests: -1 })).toThrow(
      /requests must be a whole number/,
    );
    expect(() => generateDemoHistory(db, contentDir, { days: 5, tickets: 1.5 })).toThrow(
      /tickets must be a whole number/,
    );
  });

  it('generates 20,000 requests and 2,000 tickets', () => {
    const { db, report } = generate({ days: 90, requests: 20_000, tickets: 2_000, seed: 3 });
    expect(report).toMatchObject({ requests: 20_000, tickets: 2_000 });
    expect(count(db, 'SELECT count(*) FROM help_requests')).toBe(20_000);
    expect(count(db, 'SELECT count(*) FROM tickets')).toBe(2_000);
  }, 120_000);
});
