import { z } from 'zod';
import { sql, type Db } from '#lib/db/db.ts';
import type { Principal } from '#lib/auth/roles.ts';
import { changeStatus, WorkflowError, type Status } from '#lib/tickets/workflow.ts';
import { incidentResolutionNote } from '#lib/tickets/system-notes.ts';
import { LocalizedError, msg, type MessageKey } from '#lib/i18n/translate.ts';
import { notifyIncident } from '#lib/notifications/notifications.ts';
import { recordAffected } from '#lib/deflection/requests.ts';

/**
 * Major incidents: one outage, one announcement. Agents declare one (title, affected service, the
 * message employees read, a status), post timestamped updates, link the tickets about it, and resolve
 * it with a closing note that resolves every linked ticket still open. Employees see open incidents
 * as a banner and say "I'm affected too" instead of filing a ticket.
 */

export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export const INCIDENT_STATUS_LABELS: Record<IncidentStatus, MessageKey> = {
  investigating: 'labels.incidentInvestigating',
  identified: 'labels.incidentIdentified',
  monitoring: 'labels.incidentMonitoring',
  resolved: 'labels.incidentResolved',
};

export type Incident = {
  id: number;
  title: string;
  service: string;
  message: string;
  status: IncidentStatus;
  declaredAt: string;
  resolvedAt: string | null;
  closingNote: string | null;
  affected: number;
  tickets: number;
};
export type IncidentUpdate = {
  id: number;
  at: string;
  status: IncidentStatus;
  message: string;
  author: string | null;
};

// Messages are catalogue keys: pages word them for the reader (i18n.text).
const text = (max: number, empty: MessageKey, long: MessageKey) =>
  z.string().trim().min(1, empty).max(max, long);

export const DeclareSchema = z.object({
  title: text(120, 'incidents.titleRequired', 'incidents.max120'),
  service: text(80, 'incidents.serviceRequired', 'incidents.max80'),
  message: text(2000, 'incidents.messageRequired', 'incidents.max2000'),
  status: z.enum(['investigating', 'identified', 'monitoring'], { error: 'incidents.statusRequired' }),
});
export type DeclareInput = z.input<typeof DeclareSchema>;

export const UpdateSchema = z.object({
  status: z.enum(['investigating', 'identified', 'monitoring'], { error: 'incidents.statusRequired' }),
  message: text(2000, 'incidents.updateRequired', 'incidents.max2000'),
});

export const ResolveSchema = z.object({
  note: text(4000, 'incidents.noteRequired', 'incidents.max4000'),
});

/** A refusal for the agent; `localized` is worded where it is shown, `message` is English for logs. */
export class IncidentError extends LocalizedError {
  /** Why a linked ticket refused to be resolved, when that is the reason. */
  readonly ticketRefusal: WorkflowError | null;
  constructor(message: ReturnType<typeof msg>, ticketRefusal: WorkflowError | null = null) {
    super(message);
    this.ticketRefusal = ticketRefusal;
  }
}

const actorId = (p: Principal) => (p.kind === 'user' ? p.id : null);
const SELECT = `SELECT i.id, i.title, i.service, i.message, i.status, i.declared_at AS declaredAt, i.resolved_at AS resolvedAt,
  i.closing_note AS closingNote,
  (SELECT count(*) FROM incident_affected a WHERE a.incident_id = i.id) AS affected,
  (SELECT count(*) FROM incident_tickets t WHERE t.incident_id = i.id) AS tickets
  FROM incidents i`;

/** Declares an incident; its message is the first update. Returns its id. */
export function declareIncident(
  db: Db,
  actor: Principal,
  input: z.output<typeof DeclareSchema>,
  now = new Date(),
): number {
  const at = now.toISOString();
  return db.transaction(() => {
    const id = Number(
      sql(
        db,
        'INSERT INTO incidents (title, service, message, status, declared_by, declared_at) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(input.title, input.service, input.message, input.status, actorId(actor), at).lastInsertRowid,
    );
    sql(
      db,
      'INSERT INTO incident_updates (incident_id, at, author_id, status, message) VALUES (?, ?, ?, ?, ?)',
    ).run(id, at, actorId(actor), input.status, input.message);
    return id;
  })();
}

/**
 * Declares an incident and links tickets to it at once (from a storm proposal or from a ticket): all
 * of it or nothing. Returns its id and the numbers that matched no ticket.
 */
export function declareIncidentWithTickets(
  db: Db,
  actor: Principal,
  input: z.output<typeof DeclareSchema>,
  ticketNumbers: number[],
  now = new Date(),
): { id: number; unknown: number[] } {
  return db.transaction(() => {
    const id = declareIncident(db, actor, input, now);
    const { unknown } = ticketNumbers.length
      ? linkTickets(db, actor, id, ticketNumbers, now)
      : { unknown: [] as number[] };
    return { id, unknown };
  })();
}

/** The incidents a ticket is linked to, newest first. */
export function incidentsOfTicket(
  db: Db,
  ticketId: number,
): Array<Pick<Incident, 'id' | 'title' | 'status'>> {
  return sql(
    db,
    `SELECT i.id, i.title, i.status FROM incident_tickets l JOIN incidents i ON i.id = l.incident_id
     WHERE l.ticket_id = ? ORDER BY i.declared_at DESC`,
  ).all(ticketId) as Array<Pick<Incident, 'id' | 'title' | 'status'>>;
}

export function getIncident(db: Db, id: number): Incident | null {
  return (sql(db, `${SELECT} WHERE i.id = ?`).get(id) as Incident | undefined) ?? null;
}

/** Open incidents, newest first (what the banner shows). */
export function listOpenIncidents(db: Db): Incident[] {
  return sql(
    db,
    `${SELECT} WHERE i.resolved_at IS NULL ORDER BY i.declared_at DESC, i.id DESC`,
  ).all() as Incident[];
}

/** What a request is matched against (suggestions ask on every pause while typing): no counts. */
export type IncidentHead = Pick<Incident, 'id' | 'title' | 'service' | 'message' | 'status'>;

/** Open incidents without their counts, newest first. */
export function listOpenIncidentHeads(db: Db): IncidentHead[] {
  return sql(
    db,
    'SELECT id, title, service, message, status FROM incidents WHERE resolved_at IS NULL ORDER BY declared_at DESC, id DESC',
  ).all() as IncidentHead[];
}

/** Every incident, open ones first, then the most recently resolved. */
export function listIncidents(db: Db, limit = 50): Incident[] {
  return sql(
    db,
    `${SELECT} ORDER BY i.resolved_at IS NOT NULL, coalesce(i.resolved_at, i.declared_at) DESC, i.id DESC LIMIT ?`,
  ).all(limit) as Incident[];
}

/** The timeline: every update, oldest first. */
export function listUpdates(db: Db, incidentId: number): IncidentUpdate[] {
  return sql(
    db,
    `SELECT u.id, u.at, u.status, u.message, usr.display_name AS author FROM incident_updates u
     LEFT JOIN users usr ON usr.id = u.author_id WHERE u.incident_id = ? ORDER BY u.id`,
  ).all(incidentId) as IncidentUpdate[];
}

function requireOpen(db: Db, id: number): Incident {
  const incident = getIncident(db, id);
  if (!incident) throw new IncidentError(msg('incidents.noSuchIncident'));
  if (incident.resolvedAt) throw new IncidentError(msg('incidents.alreadyResolved'));
  return incident;
}

/** The update posted at `at` (what a notification of that moment is about), or null. */
export function getIncidentUpdateAt(
  db: Db,
  incidentId: number,
  at: string,
  kind: 'update' | 'resolution' = 'update',
): { status: IncidentStatus; statusLabel: MessageKey; message: string } | null {
  // An update and the resolution can share a millisecond (a script, a quick agent): the notice's kind
  // says which of the two it is about.
  const row = sql(
    db,
    `SELECT status, message FROM incident_updates WHERE incident_id = ? AND at = ?
     AND (status = 'resolved') = ? ORDER BY id DESC LIMIT 1`,
  ).get(incidentId, at, kind === 'resolution' ? 1 : 0) as
    { status: IncidentStatus; message: string } | undefined;
  return row ? { ...row, statusLabel: INCIDENT_STATUS_LABELS[row.status] } : null;
}

/**
 * Everyone the incident concerns: who said "I'm affected too" and the requesters of its linked tickets.
 * `except` leaves out tickets whose requesters are told by the ticket itself.
 */
function peopleAffected(db: Db, id: number, exceptTickets: readonly number[] = []): number[] {
  const skip = new Set(exceptTickets);
  const said = sql(db, 'SELECT user_id FROM incident_affected WHERE incident_id = ?')
    .pluck()
    .all(id) as number[];
  const linked = sql(
    db,
    'SELECT t.id, t.requester_id AS requester FROM incident_tickets l JOIN tickets t ON t.id = l.ticket_id WHERE l.incident_id = ?',
  ).all(id) as Array<{ id: number; requester: number }>;
  const toldByTicket = new Set(linked.filter((t) => skip.has(t.id)).map((t) => t.requester));
  return [...new Set([...said, ...linked.map((t) => t.requester)])].filter((u) => !toldByTicket.has(u));
}

/** A timestamped status update; the banner shows the newest message, and everyone affected is notified. */
export function postIncidentUpdate(
  db: Db,
  actor: Principal,
  id: number,
  input: z.output<typeof UpdateSchema>,
  now = new Date(),
): void {
  const at = now.toISOString();
  db.transaction(() => {
    requireOpen(db, id);
    sql(db, 'UPDATE incidents SET status = ?, message = ? WHERE id = ?').run(input.status, input.message, id);
    sql(
      db,
      'INSERT INTO incident_updates (incident_id, at, author_id, status, message) VALUES (?, ?, ?, ?, ?)',
    ).run(id, at, actorId(actor), input.status, input.message);
    notifyIncident(db, {
      userIds: peopleAffected(db, id),
      incidentId: id,
      kind: 'incident_update',
      actorId: actorId(actor),
      at,
    });
  })();
}

/**
 * "I'm affected too": recorded once per person; false when the incident is not open. Said from a help
 * request (`fromRequest`, the person's own), that request counts as deflected by the incident.
 */
export function markAffected(
  db: Db,
  id: number,
  userId: number,
  now = new Date(),
  fromRequest?: string,
): boolean {
  const incident = getIncident(db, id);
  if (!incident || incident.resolvedAt) return false;
  db.transaction(() => {
    sql(db, 'INSERT OR IGNORE INTO incident_affected (incident_id, user_id, at) VALUES (?, ?, ?)').run(
      id,
      userId,
      now.toISOString(),
    );
    if (fromRequest) recordAffected(db, fromRequest, userId, id, now);
  })();
  return true;
}

export function isAffected(db: Db, id: number, userId: number): boolean {
  return Boolean(
    sql(db, 'SELECT 1 FROM incident_affected WHERE incident_id = ? AND user_id = ?').get(id, userId),
  );
}

/** Links tickets by number; answers which numbers were linked and which do not exist. */
export function linkTickets(
  db: Db,
  actor: Principal,
  id: number,
  numbers: number[],
  now = new Date(),
): { linked: number[]; unknown: number[] } {
  const at = now.toISOString();
  return db.transaction(() => {
    requireOpen(db, id);
    const linked: number[] = [];
    const unknown: number[] = [];
    for (const number of new Set(numbers)) {
      const ticketId = sql(db, 'SELECT id FROM tickets WHERE number = ?').pluck().get(number) as
        number | undefined;
      if (ticketId === undefined) {
        unknown.push(number);
        continue;
      }
      sql(
        db,
        'INSERT OR IGNORE INTO incident_tickets (incident_id, ticket_id, linked_by, linked_at) VALUES (?, ?, ?, ?)',
      ).run(id, ticketId, actorId(actor), at);
      linked.push(number);
    }
    return { linked, unknown };
  })();
}

/** The linked tickets with their status, by number. */
export function listLinkedTickets(
  db: Db,
  id: number,
): Array<{ number: number; subject: string; status: Status; linkedAt: string }> {
  return sql(
    db,
    `SELECT t.number, t.subject, t.status, l.linked_at AS linkedAt FROM incident_tickets l JOIN tickets t ON t.id = l.ticket_id
     WHERE l.incident_id = ? ORDER BY t.number`,
  ).all(id) as Array<{ number: number; subject: string; status: Status; linkedAt: string }>;
}

/** When each affected person said so, oldest first (the timeline's affected count over time). */
export function listAffectedTimes(db: Db, id: number): string[] {
  return sql(db, 'SELECT at FROM incident_affected WHERE incident_id = ? ORDER BY at')
    .pluck()
    .all(id) as string[];
}

/**
 * Resolves the incident with its closing note and resolves every linked ticket that is still new,
 * open or pending with the same note (each requester is told, and can reopen theirs). Returns how many
 * tickets it resolved, and notifies everyone else affected. One transaction: all of it happens or none.
 */
export function resolveIncident(
  db: Db,
  actor: Principal,
  id: number,
  input: z.output<typeof ResolveSchema>,
  now = new Date(),
): { ticketsResolved: number } {
  const at = now.toISOString();
  return db.transaction(() => {
    const incident = requireOpen(db, id);
    sql(db, "UPDATE incidents SET status = 'resolved', resolved_at = ?, closing_note = ? WHERE id = ?").run(
      at,
      input.note,
      id,
    );
    sql(
      db,
      "INSERT INTO incident_updates (incident_id, at, author_id, status, message) VALUES (?, ?, ?, 'resolved', ?)",
    ).run(id, at, actorId(actor), input.note);
    const open = sql(
      db,
      `SELECT t.id FROM incident_tickets l JOIN tickets t ON t.id = l.ticket_id
       WHERE l.incident_id = ? AND t.status IN ('new', 'open', 'pending')`,
    )
      .pluck()
      .all(id) as number[];
    const note = incidentResolutionNote(incident.title, input.note);
    for (const ticketId of open) {
      try {
        changeStatus(db, ticketId, actor, 'resolved', { note, now });
      } catch (error) {
        if (error instanceof WorkflowError)
          throw new IncidentError(msg('incidents.ticketRefused', { reason: error.message }), error);
        throw error;
      }
    }
    // Requesters of the tickets just resolved hear it from their ticket; everyone else from the incident.
    notifyIncident(db, {
      userIds: peopleAffected(db, id, open),
      incidentId: id,
      kind: 'incident_resolved',
      actorId: actorId(actor),
      at,
    });
    return { ticketsResolved: open.length };
  })();
}

/** Incidents a person said they were affected by that were resolved since `since` (what they are told on the portal). */
export function listRecentlyResolvedFor(db: Db, userId: number, since: Date): Incident[] {
  return sql(
    db,
    `${SELECT} WHERE i.resolved_at >= ? AND EXISTS (SELECT 1 FROM incident_affected a WHERE a.incident_id = i.id AND a.user_id = ?)
     ORDER BY i.resolved_at DESC`,
  ).all(since.toISOString(), userId) as Incident[];
}

/** An incident declared in a report's period, with what it weighed. */
export type IncidentReportRow = {
  id: number;
  title: string;
  service: string;
  declaredAt: string;
  resolvedAt: string | null;
  /** People who said "I'm affected too". */
  affected: number;
  /** Help requests that ended at the incident instead of a ticket (the "affected" deflections). */
  deflected: number;
  tickets: number;
  /** Declared to resolved; null while open. */
  minutesToResolve: number | null;
};

/** Incidents declared in [from, to), oldest first: the reports' incident section. */
export function incidentsDeclaredBetween(db: Db, from: string, to: string): IncidentReportRow[] {
  const rows = sql(
    db,
    `SELECT i.id, i.title, i.service, i.declared_at AS declaredAt, i.resolved_at AS resolvedAt,
      (SELECT count(*) FROM incident_affected a WHERE a.incident_id = i.id) AS affected,
      (SELECT count(*) FROM help_requests r WHERE r.incident_id = i.id AND r.solved_slug IS NULL AND r.ticket_id IS NULL) AS deflected,
      (SELECT count(*) FROM incident_tickets t WHERE t.incident_id = i.id) AS tickets
    FROM incidents i WHERE i.declared_at >= ? AND i.declared_at < ? ORDER BY i.declared_at, i.id`,
  ).all(from, to) as Array<Omit<IncidentReportRow, 'minutesToResolve'>>;
  return rows.map((r) => ({
    ...r,
    minutesToResolve: r.resolvedAt
      ? Math.round((Date.parse(r.resolvedAt) - Date.parse(r.declaredAt)) / 60_000)
      : null,
  }));
}
