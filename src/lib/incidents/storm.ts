import { getConfig } from '#lib/config/config.ts';
import { sql, type Db } from '#lib/db/db.ts';
import { splitRequestText } from '#lib/search/site-suggest.ts';
import { listOpenIncidentHeads } from './incidents.ts';
import { matchIncidents, tellingWords } from './matching.ts';

/**
 * A storm: many people writing about the same thing at once (Outlook is down, the VPN drops). The
 * queue proposes declaring a major incident for it. How "alike" is measured (decision 052): two new
 * tickets or help requests are alike when their subjects share a telling word as the suggestions read
 * it (translated from German and Italian, stop words out, words that only say something is wrong out:
 * "down", "not working", "error"), compared without English endings ("printers" = "printer"). A word
 * is a storm when at least `minPeople` different people used it within the window, that is at least
 * `burstFactor` times the usual (at the same time of day on the days before), and more than luck
 * explains: so everyday topics (password resets) on a busy desk are not a storm; a group is compared
 * with the most usual of the words most of its members share. Subjects only: descriptions tell stories with incidental words
 * ("meeting", "morning") that would tie unrelated problems together. What an open incident already
 * names (matching.ts) is left out: that storm is declared.
 */
export type StormSettings = {
  minPeople: number;
  windowMinutes: number;
  /** How far back "usual" is measured. */
  baselineDays: number;
  /** How many times the usual count a window must hold. */
  burstFactor: number;
};

export const defaultStormSettings = (): StormSettings => ({
  ...getConfig().storm,
  baselineDays: 7,
  burstFactor: 3,
});

export type StormTicket = { id: number; number: number; subject: string; createdAt: string };

export type StormProposal = {
  /** The word they were grouped by, as the suggestions read it (English). */
  word: string;
  /** Every word most of them share (the one grouped by among them). */
  words: string[];
  /** Different people among them. */
  people: number;
  /** The new tickets, oldest first (linked in bulk when the incident is declared from the proposal). */
  tickets: StormTicket[];
  /** Help requests without a ticket that say the same. */
  requests: number;
  /** When the first of them arrived. */
  since: string;
  /** A title to start from: the subject most of them wrote (the earliest of the most common). */
  title: string;
  /** The category most of the tickets have, else the word. */
  service: string;
  /** How many people used the word in the same clock window on the days before, on average. */
  usual: number;
};

type Item = {
  person: number;
  at: string;
  subject: string;
  ticket: StormTicket | null;
  category: string | null;
};

/** "printers", "printing", "printer" → "print": English endings, after the query shaping translated the words. */
const stem = (word: string) => (word.length > 4 ? word.replace(/(ings|ing|ers|er|ed|es|s)$/, '') : word);

/** The words an item is alike by: its subject's telling words, without endings. */
export function alikeKeys(subject: string): Map<string, string> {
  const keys = new Map<string, string>();
  for (const word of tellingWords(subject)) if (!keys.has(stem(word))) keys.set(stem(word), word);
  return keys;
}

/**
 * Tickets, and help requests without a ticket or "solved", created in [from, to). `pending`: only what
 * still waits (tickets not resolved and not linked to an incident, requests not at an incident).
 */
/**
 * The newest tickets and help requests a window reads, each: a storm shows long before this many, and
 * the queue asks on every load, so a window holding more (an import, a flood) costs no more than this.
 */
export const MAX_WINDOW_ITEMS = 2_000;

function itemsBetween(db: Db, from: string, to: string, pending: boolean): Item[] {
  const tickets = sql(
    db,
    `SELECT t.id, t.number, t.subject, t.created_at AS createdAt, t.requester_id AS person, t.category FROM tickets t
     WHERE t.created_at >= ? AND t.created_at < ? ${
       pending
         ? `AND t.status NOT IN ('resolved', 'closed')
       AND NOT EXISTS (SELECT 1 FROM incident_tickets l WHERE l.ticket_id = t.id)`
         : ''
     }
     ORDER BY t.created_at DESC LIMIT ${MAX_WINDOW_ITEMS}`,
  ).all(from, to) as Array<StormTicket & { person: number; category: string | null }>;
  const requests = sql(
    db,
    `SELECT user_id AS person, started_at AS at, CASE WHEN draft <> '' THEN draft ELSE final_query END AS text FROM help_requests
     WHERE started_at >= ? AND started_at < ? AND ticket_id IS NULL AND solved_slug IS NULL ${pending ? 'AND incident_id IS NULL' : ''}
     ORDER BY started_at DESC LIMIT ${MAX_WINDOW_ITEMS}`,
  ).all(from, to) as Array<{ person: number; at: string; text: string }>;
  return [
    ...tickets.map((t) => ({
      person: t.person,
      at: t.createdAt,
      subject: t.subject,
      category: t.category,
      ticket: { id: t.id, number: t.number, subject: t.subject, createdAt: t.createdAt },
    })),
    ...requests.map((r) => ({
      person: r.person,
      at: r.at,
      subject: splitRequestText(r.text).subject.slice(0, 300),
      category: null,
      ticket: null,
    })),
  ];
}

/** Different people per key among `items`. */
function peoplePerKey(items: Array<Item & { keys: Map<string, string> }>): Map<string, Set<number>> {
  const people = new Map<string, Set<number>>();
  for (const item of items)
    for (const key of item.keys.keys()) {
      const set = people.get(key) ?? new Set<number>();
      set.add(item.person);
      people.set(key, set);
    }
  return people;
}

/** Below this chance a count is not the usual number varying by luck (one false alarm in ~10,000 tries). */
const SURPRISE = 1e-4;
/** A word never seen before is still expected now and then: the usual count is at least this. */
const FLOOR = 0.2;

/** P(X ≥ k) for a Poisson count with mean λ: how likely `k` or more would be by chance. */
export function poissonTail(k: number, lambda: number): number {
  let term = Math.exp(-lambda);
  let below = 0;
  for (let i = 0; i < k; i++) {
    below += term;
    term *= lambda / (i + 1);
  }
  return Math.max(0, 1 - below);
}

/**
 * A storm: enough people, several times the usual, and more than luck explains. Many words are
 * checked every time the queue opens, so "by luck" must be very unlikely: on a busy desk a word
 * usually seen once or twice an hour needs about ten people, a word never seen needs `minPeople`.
 */
function isBurst(people: number, usual: number, settings: StormSettings): boolean {
  return (
    people >= settings.minPeople &&
    people >= settings.burstFactor * usual &&
    poissonTail(people, Math.max(usual, FLOOR)) < SURPRISE
  );
}

const mostCommon = <T>(values: T[]): T | undefined => {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
};

/**
 * The storms of the last window, largest first. Each item belongs to one proposal at most (the largest
 * word it shares wins).
 */
export function detectStorms(
  db: Db,
  now = new Date(),
  settings: StormSettings = defaultStormSettings(),
): StormProposal[] {
  const windowMs = settings.windowMinutes * 60_000;
  const from = new Date(now.getTime() - windowMs).toISOString();
  const open = listOpenIncidentHeads(db);
  const items = itemsBetween(db, from, now.toISOString(), true)
    .filter((i) => matchIncidents(open, i.subject).length === 0)
    .map((i) => ({ ...i, keys: alikeKeys(i.subject) }));
  const candidates = [...peoplePerKey(items)]
    .filter(([, people]) => people.size >= settings.minPeople)
    .sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0]));
  if (candidates.length === 0) return [];
  // A group is as usual as the most usual word most of its members share: six "Forgot my password"
  // on a desk with password tickets every hour are everyday, even though "forgot" alone is rare.
  const sharedBy = (members: typeof items) => {
    const counts = new Map<string, number>();
    for (const m of members) for (const k of m.keys.keys()) counts.set(k, (counts.get(k) ?? 0) + 1);
    return [...counts].filter(([, n]) => n * 2 >= members.length).map(([k]) => k);
  };
  const usual = usualPerWindow(
    db,
    now,
    settings,
    new Set(candidates.flatMap(([key]) => sharedBy(items.filter((i) => i.keys.has(key))))),
  );
  const taken = new Set<Item>();
  const proposals: StormProposal[] = [];
  for (const [key] of candidates) {
    const members = items.filter((i) => i.keys.has(key) && !taken.has(i));
    const people = new Set(members.map((m) => m.person)).size;
    const word = mostCommon(members.map((m) => m.keys.get(key)!)) ?? key;
    const usualCount = Math.max(0, ...sharedBy(members).map((k) => usual.get(k) ?? 0));
    if (!isBurst(people, usualCount, settings)) continue;
    members.forEach((m) => taken.add(m));
    const tickets = members.flatMap((m) => (m.ticket ? [m.ticket] : []));
    tickets.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.number - b.number);
    members.sort((a, b) => a.at.localeCompare(b.at));
    proposals.push({
      word,
      words: sharedBy(members).map((k) => mostCommon(members.flatMap((m) => m.keys.get(k) ?? [])) ?? k),
      people,
      tickets,
      requests: members.length - tickets.length,
      since: members[0]!.at,
      title: mostCommon(members.map((m) => m.subject.trim())) ?? word,
      service: mostCommon(members.flatMap((m) => (m.category ? [m.category] : []))) ?? word,
      usual: Math.round(usualCount * 10) / 10,
    });
  }
  return proposals;
}

/**
 * For each key, how many different people used it in a window at about the same time of day (the
 * same clock window and the one before and after it) on each of the `baselineDays` days before, on
 * average: a desk is busier at 10:00 on a weekday than over the whole week, so "usual" is measured at
 * the same time of day; three windows a day smooth out luck. Counted only for the candidate keys, and
 * only when there is a candidate: a quiet queue costs two small queries.
 */
function usualPerWindow(db: Db, now: Date, settings: StormSettings, keys: Set<string>): Map<string, number> {
  // The baseline is history (a day ago and more): it barely moves within a few minutes, while the queue
  // asks for it on every load. Kept per database for BASELINE_TTL_MS (the live window is never cached,
  // so a declared storm still leaves the queue at once).
  const bucket = `${Math.floor(now.getTime() / BASELINE_TTL_MS)}|${settings.windowMinutes}|${settings.baselineDays}`;
  let cache = baselines.get(db);
  if (!cache || cache.bucket !== bucket) baselines.set(db, (cache = { bucket, usual: new Map() }));
  const known = cache.usual;
  if ([...keys].every((k) => known.has(k))) return new Map([...keys].map((k) => [k, known.get(k)!]));
  const counted = countUsualPerWindow(db, now, settings, keys);
  for (const [k, v] of counted) known.set(k, v);
  return counted;
}

const BASELINE_TTL_MS = 5 * 60_000;
const baselines = new WeakMap<Db, { bucket: string; usual: Map<string, number> }>();

function countUsualPerWindow(
  db: Db,
  now: Date,
  settings: StormSettings,
  keys: Set<string>,
): Map<string, number> {
  const windowMs = settings.windowMinutes * 60_000;
  const totals = new Map<string, number>();
  let windows = 0;
  for (let day = 1; day <= settings.baselineDays; day++)
    for (const shift of [-1, 0, 1]) {
      const to = now.getTime() - day * 86_400_000 + shift * windowMs;
      const items = itemsBetween(
        db,
        new Date(to - windowMs).toISOString(),
        new Date(to).toISOString(),
        false,
      );
      const people = peoplePerKey(items.map((i) => ({ ...i, keys: alikeKeys(i.subject) })));
      for (const key of keys) totals.set(key, (totals.get(key) ?? 0) + (people.get(key)?.size ?? 0));
      windows++;
    }
  return new Map([...totals].map(([key, n]) => [key, n / windows]));
}

/** New tickets that name an open incident but are not linked to it yet: the queue offers to link them. */
export type LinkableTickets = { incidentId: number; title: string; tickets: StormTicket[] };

/**
 * For each open incident, the tickets filed from a storm window before it was declared on, still
 * waiting and linked to no incident, whose subject names it (the same matching as at Get help; the
 * best match wins).
 */
export function ticketsToLink(
  db: Db,
  settings: Pick<StormSettings, 'windowMinutes'> = defaultStormSettings(),
): LinkableTickets[] {
  const open = listOpenIncidentHeads(db);
  if (open.length === 0) return [];
  const windowMs = settings.windowMinutes * 60_000;
  const declared = sql(
    db,
    'SELECT id, declared_at AS at FROM incidents WHERE resolved_at IS NULL',
  ).all() as Array<{
    id: number;
    at: string;
  }>;
  // From a window before each declaration: the tickets that made the agent declare it belong to it.
  const from = new Map(declared.map((r) => [r.id, new Date(Date.parse(r.at) - windowMs).toISOString()]));
  const since = [...from.values()].sort()[0]!;
  const waiting = itemsBetween(db, since, '9999', true).flatMap((i) => (i.ticket ? [i.ticket] : []));
  const byIncident = new Map<number, StormTicket[]>();
  for (const ticket of waiting) {
    const best = matchIncidents(open, ticket.subject)[0];
    if (!best || ticket.createdAt < from.get(best.id)!) continue;
    byIncident.set(best.id, [...(byIncident.get(best.id) ?? []), ticket]);
  }
  return open.flatMap((i) => {
    const tickets = byIncident.get(i.id) ?? [];
    tickets.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.number - b.number);
    return tickets.length ? [{ incidentId: i.id, title: i.title, tickets }] : [];
  });
}
