import { HISTORY_EMAIL_DOMAIN } from '#lib/auth/demo-accounts.ts';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Article } from '#lib/content/load.ts';
import { getContent } from '#lib/content/store.ts';
import { withRollupTriggersSuspended } from './rollups.ts';
import type { Db } from '#lib/db/db.ts';
import { shapeQuery } from '#lib/search/shape-query.ts';
import { buildVocabulary } from '#lib/search/spelling.ts';
import { priorityFor, type Impact, type Urgency } from '#lib/tickets/priority.ts';
import { dueTimes, getSlaTargets, type SlaTarget } from '#lib/tickets/sla.ts';

export type DemoHistoryOptions = { days: number; requests?: number; tickets?: number; seed?: number; now?: Date; log?: (m: string) => void };
/** What was written: accounts, help requests, events (help-request and ticket timeline rows), tickets, and the time it took. */
export type DemoHistoryReport = { users: number; requests: number; events: number; tickets: number; ms: number };

/** A request the generator refuses, in a sentence that says what to do instead. */
export class DemoHistoryError extends Error {}


/**
 * A well-formed argon2id hash whose digest is filler: no password verifies against it, so the
 * history's accounts appear in reports and timelines but nobody can sign in as them.
 */
export const HISTORY_PASSWORD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$ZGVtb2RlbW9kZW1v$ZGVtb2RlbW9kZW1vZGVtb2RlbW9kZW1vZGVtbw';

/** The auto-close job's default (AUTO_CLOSE_DAYS): unanswered resolutions close this long after. */
const AUTO_CLOSE_DAYS = 5;

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

// Used only when an admin removed a priority's row from sla_targets (the migration's defaults).
const DEFAULT_SLA: Record<number, SlaTarget> = {
  1: { priority: 1, firstResponseMinutes: 15, resolutionMinutes: 240 },
  2: { priority: 2, firstResponseMinutes: 60, resolutionMinutes: 480 },
  3: { priority: 3, firstResponseMinutes: 240, resolutionMinutes: 4320 },
  4: { priority: 4, firstResponseMinutes: 480, resolutionMinutes: 7200 },
};

// ---------------------------------------------------------------- randomness

type Rng = () => number;

/** mulberry32: tiny, fast and good enough for test data; the same seed always gives the same history. */
function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const between = (rng: Rng, lo: number, hi: number) => lo + (hi - lo) * rng();
const chance = (rng: Rng, p: number) => rng() < p;
const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;

function weighted<T>(rng: Rng, choices: ReadonlyArray<readonly [T, number]>): T {
  let total = 0;
  for (const [, w] of choices) total += w;
  let r = rng() * total;
  for (const [value, w] of choices) {
    r -= w;
    if (r < 0) return value;
  }
  return choices[choices.length - 1]![0];
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** 22 characters like the page's request ids (REQUEST_ID_PATTERN), drawn from the seeded generator. */
function requestId(rng: Rng): string {
  let id = '';
  for (let i = 0; i < 22; i++) id += ID_ALPHABET[Math.floor(rng() * 64)];
  return id;
}

// ---------------------------------------------------------------- texts

const FIRST_NAMES = ['Amara', 'Ben', 'Chiara', 'Daniel', 'Elif', 'Felix', 'Grace', 'Hannah', 'Ines', 'Jonas', 'Kofi', 'Lena', 'Marco', 'Nadia', 'Oliver', 'Priya', 'Quentin', 'Rosa', 'Samir', 'Tanja', 'Umar', 'Vera', 'Wei', 'Yara', 'Zoe', 'Aaron', 'Bianca', 'Carlos', 'Dana', 'Emil', 'Fatima', 'Georg', 'Hugo', 'Ida', 'Jakob', 'Klara', 'Luca', 'Mia', 'Noah', 'Sofia'];
const LAST_NAMES = ['Okafor', 'Schneider', 'Rossi', 'Novak', 'Yilmaz', 'Berger', 'Lindqvist', 'Moreau', 'Costa', 'Keller', 'Mensah', 'Fischer', 'Ricci', 'Haddad', 'Brown', 'Nair', 'Dubois', 'Romano', 'Khan', 'Wagner', 'Ali', 'Horvat', 'Chen', 'Suarez', 'Weber', 'Bauer', 'Conti', 'Ortiz', 'Meyer', 'Jansen', 'Rahman', 'Huber', 'Laurent', 'Nilsson', 'Wolf', 'Ferrari', 'Greco', 'Park', 'Schmid', 'Marino'];

/** Six agents: three at tier 1, two at tier 2, one at tier 3. */
const AGENTS: Array<{ name: string; tier: 1 | 2 | 3 }> = [
  { name: 'Sam Rivera', tier: 1 },
  { name: 'Noor Haddad', tier: 1 },
  { name: 'Tobias Keller', tier: 1 },
  { name: 'Mei Lin', tier: 2 },
  { name: 'Jonas Berg', tier: 2 },
  { name: 'Ada Okonkwo', tier: 3 },
];

/** What people search for that the knowledge base does not answer (the content-gap list), with the ticket category it becomes. */
const GAP_QUERIES: Array<{ text: string; category: string }> = [
  { text: 'sap gui crashes on startup', category: 'software' },
  { text: 'badge reader at door 3 broken', category: 'access' },
  { text: 'expense report tool error', category: 'software' },
  { text: 'concur login not working', category: 'accounts' },
  { text: 'jira board not loading', category: 'software' },
  { text: 'docusign envelope stuck in signing', category: 'software' },
  { text: 'adobe acrobat pro licence expired', category: 'software' },
  { text: 'citrix receiver error 1030', category: 'network' },
  { text: 'power bi report refresh failed', category: 'software' },
  { text: 'timesheet app will not open', category: 'software' },
  { text: 'salesforce export to excel fails', category: 'software' },
  { text: 'webex invite from customer', category: 'meetings' },
  { text: 'parking garage access card', category: 'access' },
  { text: 'visio install request', category: 'software' },
  { text: 'macos update stuck at apple logo', category: 'hardware' },
  { text: 'linux laptop for developers', category: 'hardware' },
  { text: 'payroll portal password', category: 'accounts' },
  { text: 'intranet news page blank', category: 'network' },
  { text: 'crm outlook add-in missing', category: 'email' },
  { text: 'python pip install blocked by proxy', category: 'network' },
  { text: 'plotter in building b out of toner', category: 'printing' },
  { text: 'iphone personal hotspot blocked', category: 'mobile' },
  { text: 'sharepoint site for external partner', category: 'files' },
  { text: 'teams phone number for external calls', category: 'meetings' },
  { text: 'standing desk motor broken', category: 'hardware' },
];

const RESOLUTIONS: Record<string, string[]> = {
  accounts: [
    'Unlocked the account and reset the password with the employee on the phone; removed the old password saved on their phone, which kept locking the account.',
    'The password had expired while the employee was away; walked them through the self-service reset.',
    'Re-registered the authenticator app after the phone was replaced; sign-in works again.',
  ],
  access: [
    'Access granted after the application owner approved the request; asked the employee to sign out and in again.',
    'Added to the right security group; permissions took about an hour to apply.',
    'Shared mailbox access added; Outlook picked it up after a restart.',
  ],
  security: [
    'Checked the email: phishing. Blocked the sender, removed the message from all mailboxes and reset the password as a precaution.',
    'Scanned the laptop: nothing found. The pop-ups came from a browser extension, which we removed.',
    'Device blocked and wiped remotely; replacement ordered and data restored from OneDrive.',
  ],
  network: [
    'The VPN profile was outdated; reinstalled the VPN client from Company Portal and it connects again.',
    'Renewed the Wi-Fi certificate on the laptop; it joins the office network automatically again.',
    'The home router dropped the 2.4 GHz band; moved the laptop to the 5 GHz network and updated the Wi-Fi driver.',
  ],
  email: [
    'The mailbox was full; enabled the online archive and moved mail older than two years.',
    'Rebuilt the Outlook profile; mail and calendar sync again.',
    'The sender had been marked as spam by mistake; removed the rule and released the quarantined messages.',
  ],
  meetings: [
    'Teams was using the laptop speakers; selected the headset as the audio device and turned on noise suppression.',
    'Updated the meeting room display firmware; screen sharing works again.',
    'Cleared the Teams cache and updated the app; camera and microphone work again.',
  ],
  printing: [
    'The print queue was stuck; cleared it and re-added the printer from Company Portal.',
    'Updated the printer driver; jobs come out again.',
    'The badge was not registered for follow-me printing; registered it at the printer.',
  ],
  hardware: [
    'The disk was almost full; cleared temporary files and moved old downloads to OneDrive.',
    'The battery failed the diagnostics test; handed over a replacement laptop and synced the data.',
    'Installed pending updates and the BIOS update; the laptop no longer freezes.',
  ],
  peripherals: [
    'Updated the docking station firmware and reinstalled the display driver; both monitors are detected again.',
    'Replaced the faulty USB-C cable between the dock and the monitor.',
    'Removed the old Bluetooth pairing and paired the headset again.',
  ],
  software: [
    'Installed the application from Company Portal and assigned a licence.',
    'The budget owner approved the request; the software was packaged and installed remotely.',
    'Reset the browser settings and cleared the cache; the web application loads again.',
  ],
  mobile: [
    'Enrolled the phone again in device management; work email and apps are back.',
    'Enabled roaming on the company contract for the trip.',
    'Blocked and wiped the lost phone remotely; a new phone is on its way.',
  ],
  files: [
    'Restored the file from a previous version in OneDrive.',
    'Reset OneDrive sync; all files sync again.',
    'Mapped the network drive again after the file server move.',
  ],
  onboarding: [
    'Account and laptop ready; first-day instructions sent to the manager.',
    'Granted the access the new role needs and removed the old team access.',
    "Converted the leaver's mailbox to a shared mailbox and delegated it to the manager.",
  ],
};
const GENERIC_RESOLUTIONS = ['Fixed remotely with the employee; confirmed working.', 'Configuration corrected on our side; the employee confirmed it works.'];

const FIRST_REPLIES = [
  "Thanks for getting in touch. I'm looking into this now and will update you shortly.",
  "Hi, I've picked this up. Does it also happen on the office network, or only at home?",
  'Thanks, I can see the problem on our side too and am working on it.',
  "I've taken this ticket. I'll connect to your laptop remotely in a few minutes, if that's OK.",
  'Thanks for the details. Could you tell me roughly when it started?',
];
const PENDING_QUESTIONS = [
  'Could you send a screenshot of the error message and the time it happened?',
  'Please restart your laptop while connected to the office network and let me know if it still happens.',
  'When are you at your desk today, so I can connect remotely?',
  'Can you check whether a colleague on the same floor has the same problem?',
];
const REQUESTER_ANSWERS = ['Screenshot attached. It happened again at 9:40.', 'Restarted as asked; still the same.', "I'm at my desk until 4 pm today.", 'My neighbour has the same problem since this morning.'];
const INTERNAL_NOTES = [
  'Checked the logs: nothing obvious. Trying a profile reset next.',
  'Same pattern as another ticket last week; see the linked article.',
  'Opened a case with the vendor; waiting for their answer.',
  'User confirmed by phone; remote session booked.',
];
const ESCALATION_REASONS: Record<number, string[]> = {
  1: ['Needs server-side access that tier 1 does not have.', 'The standard steps did not help; needs deeper troubleshooting.', 'Affects several people: probably a configuration problem.'],
  2: ['Looks like a defect in the latest vendor update; needs engineering.', 'Requires a change to the network configuration.'],
};
const REOPEN_NOTES = ['It worked for a day, but the problem is back this morning.', 'Still happening, sorry: same error as before.', 'Fixed on my laptop, but my phone still has the problem.'];
const RATING_COMMENTS_GOOD = ['Quick and friendly, thanks!', 'Fixed within the hour, great.', 'Clear instructions, thank you.'];
const RATING_COMMENTS_BAD = ['Took far too long.', 'I had to explain the problem three times.', 'It was closed before it was really fixed.'];
const FEEDBACK_NOT_HELPFUL = ['The steps do not match what I see.', 'Did not fix it for me.', 'Too long; I could not find the part about my problem.', 'The screenshots are out of date.'];

// ---------------------------------------------------------------- plan types

type Fixture = { subject: string; description: string; draft: string; query: string; answer: number; related: number[]; category: string; lang: string };
type Gap = { subject: string; query: string; category: string | null };

type PlannedRequest = {
  id: string;
  user: number; // index into employees
  at: number;
  fixture: Fixture | null;
  gap: Gap | null;
  surge: boolean;
  shownAt: number;
  shown: number[]; // article indexes, best first
  opened: Array<{ article: number; at: number }>;
  solved: { article: number; at: number } | null;
  rejected: { article: number; at: number } | null;
  ticket: PlannedTicket | null;
};

type Channel = 'web' | 'phone' | 'walk-in' | 'email' | 'chat';

type PlannedTicket = {
  at: number;
  requester: number; // index into employees
  subject: string;
  description: string;
  category: string | null;
  answer: number; // article index or -1
  channel: Channel;
  loggedBy: number | null; // index into agents
  request: PlannedRequest | null;
  impact: Impact;
  urgency: Urgency;
  id: number;
  number: number;
};

type Status = 'new' | 'open' | 'pending' | 'resolved' | 'closed';
type TicketEvent = { at: number; actor: number | null; type: string; from: string | null; to: string | null; body: string | null; internal: 0 | 1 };

// ---------------------------------------------------------------- inputs

const fixturesFile = (() => {
  const beside = fileURLToPath(new URL('../../../tests/fixtures/search-quality.jsonl', import.meta.url));
  return fs.existsSync(beside) ? beside : path.resolve('tests/fixtures/search-quality.jsonl');
})();

/** Splits what someone wrote into a subject line and a description, as the /help form has them. */
function splitText(text: string): { subject: string; description: string } {
  const clean = text.trim();
  if (clean.length <= 70) return { subject: clean, description: '' };
  const first = clean.split(/(?<=[.?!])\s/)[0]!;
  if (first.length <= 70) return { subject: first.replace(/[.]$/, ''), description: clean };
  const words = first.split(/\s+/);
  let subject = '';
  for (const w of words) {
    if ((subject + ' ' + w).trim().length > 60) break;
    subject = (subject + ' ' + w).trim();
  }
  return { subject: `${subject}…`, description: clean };
}

function loadFixtures(articleIndex: Map<string, number>, articles: Article[], vocabulary: ReturnType<typeof buildVocabulary>): Fixture[] {
  let raw: string;
  try {
    raw = fs.readFileSync(fixturesFile, 'utf8');
  } catch {
    throw new DemoHistoryError(`Cannot read the sample requests at ${fixturesFile}. Fix: run the generator from a Fixpoint checkout (it takes request texts from tests/fixtures/search-quality.jsonl).`);
  }
  const fixtures: Fixture[] = [];
  for (const line of raw.split('\n')) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as { query: string; relevant: string[]; lang?: string };
    const relevant = row.relevant.map((s) => articleIndex.get(s)).filter((i): i is number => i !== undefined);
    if (relevant.length === 0) continue;
    const { subject, description } = splitText(row.query);
    const shaped = shapeQuery(subject, description, vocabulary).engineQuery;
    fixtures.push({
      subject,
      description,
      draft: description ? `${subject}\n${description}` : subject,
      query: shaped || subject.toLowerCase(),
      answer: relevant[0]!,
      related: relevant.slice(1),
      category: articles[relevant[0]!]!.category,
      lang: row.lang ?? 'en',
    });
  }
  return fixtures;
}

// ---------------------------------------------------------------- time

/**
 * Moments inside [from, to]: weekday-heavy, mostly office hours (UTC 06:00–17:00, peaks mid-morning
 * and after lunch), a little growth over the period and some day-to-day noise.
 */
function timeSampler(rng: Rng, from: number, to: number): () => number {
  const firstDay = Math.floor(from / DAY);
  const lastDay = Math.floor(to / DAY);
  const byWeekday = [0.06, 1.12, 1.05, 1.0, 0.97, 0.82, 0.1]; // Sunday … Saturday
  const cumulative: number[] = [];
  let total = 0;
  for (let d = firstDay; d <= lastDay; d++) {
    const growth = 1 + (0.15 * (d - firstDay)) / Math.max(1, lastDay - firstDay);
    total += byWeekday[new Date(d * DAY).getUTCDay()]! * growth * between(rng, 0.85, 1.15);
    cumulative.push(total);
  }
  const hours: Array<readonly [number, number]> = [[6, 0.4], [7, 0.9], [8, 1.4], [9, 1.5], [10, 1.3], [11, 1.1], [12, 0.8], [13, 1.2], [14, 1.2], [15, 1.0], [16, 0.7]];
  return () => {
    for (let attempt = 0; attempt < 1000; attempt++) {
      const r = rng() * total;
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! > r) hi = mid;
        else lo = mid + 1;
      }
      const ofDay = chance(rng, 0.88) ? (weighted(rng, hours) + rng()) * HOUR : rng() * DAY;
      const t = (firstDay + lo) * DAY + ofDay;
      if (t >= from && t <= to) return Math.floor(t);
    }
    return Math.floor(between(rng, from, to));
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

// ---------------------------------------------------------------- generator

/** Fills the database with a realistic, reproducible help-desk history over the last `days` days. */
export function generateDemoHistory(db: Db, contentDir: string, options: DemoHistoryOptions): DemoHistoryReport {
  const started = performance.now();
  const say = options.log ?? (() => {});
  const log = (m: string) => say(`${m} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  const { days } = options;
  if (!Number.isInteger(days) || days < 1 || days > 3650) throw new DemoHistoryError(`days must be a whole number from 1 to 3650 (got ${days}).`);
  const requestCount = options.requests ?? 40 * days;
  const ticketCount = options.tickets ?? 4 * days;
  if (!Number.isInteger(requestCount) || requestCount < 0 || requestCount > 5_000_000) throw new DemoHistoryError(`requests must be a whole number from 0 to 5,000,000 (got ${requestCount}).`);
  if (!Number.isInteger(ticketCount) || ticketCount < 0 || ticketCount > 1_000_000) throw new DemoHistoryError(`tickets must be a whole number from 0 to 1,000,000 (got ${ticketCount}).`);
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new DemoHistoryError(`seed must be a whole number (got ${seed}).`);
  const end = (options.now ?? new Date()).getTime();
  if (!Number.isFinite(end)) throw new DemoHistoryError('`now` is not a valid date.');
  const start = end - days * DAY;

  const historyAccounts = () => db.prepare('SELECT count(*) FROM users WHERE email LIKE ?').pluck().get(`%@${HISTORY_EMAIL_DOMAIN}`) as number;
  const refuseSecondHistory = (accounts: number) => {
    if (accounts > 0) {
      throw new DemoHistoryError(`This database already holds a generated history (${accounts} accounts @${HISTORY_EMAIL_DOMAIN}). Fix: generate into a fresh DATA_DIR, e.g. DATA_DIR=./data-demo npm run demo:generate -- --days ${days}.`);
    }
  };
  refuseSecondHistory(historyAccounts());

  // The process's loaded copy: at start the portal has just loaded it, and loading twice parses every file twice.
  const content = getContent(contentDir);
  const articles = content.articles.filter((a) => a.status === 'published' && a.audience === 'employees');
  if (articles.length === 0) throw new DemoHistoryError(`There are no published articles for employees in ${contentDir}. Fix: point CONTENT_DIR at the knowledge base (default ./content).`);
  const articleIndex = new Map(articles.map((a, i) => [a.slug, i]));
  const vocabulary = buildVocabulary(content.articles);
  const fixtures = loadFixtures(articleIndex, articles, vocabulary);
  if (fixtures.length === 0) throw new DemoHistoryError(`None of the sample requests in ${fixturesFile} points at a published article in ${contentDir}.`);
  const knownCategories = new Set(content.categories.map((c) => c.slug));
  const gaps: Gap[] = GAP_QUERIES.map((g) => ({ subject: g.text, query: shapeQuery(g.text, '', vocabulary).engineQuery || g.text, category: knownCategories.has(g.category) ? g.category : null }));
  const gapWeights = gaps.map((g, i) => [g, 1 / (i + 1) ** 0.8] as const);
  log(`Loaded ${articles.length} published articles and ${fixtures.length} sample requests.`);

  const rng = mulberry32(seed);
  const byCategory = new Map<string, number[]>();
  articles.forEach((a, i) => byCategory.set(a.category, [...(byCategory.get(a.category) ?? []), i]));

  // The recurring problem: one category grows fast over the last two weeks, concentrated on one topic.
  const fixtureCategories = new Set(fixtures.map((f) => f.category));
  const surgeCategory = ['meetings', 'network'].find((c) => fixtureCategories.has(c)) ?? fixtures[0]!.category;
  const ofSurgeCategory = fixtures.filter((f) => f.category === surgeCategory);
  // English texts where there are some, so the growing subject words read well in the report.
  const inSurgeCategory = ofSurgeCategory.some((f) => f.lang === 'en') ? ofSurgeCategory.filter((f) => f.lang === 'en') : ofSurgeCategory;
  const answerCounts = new Map<number, number>();
  for (const f of inSurgeCategory) answerCounts.set(f.answer, (answerCounts.get(f.answer) ?? 0) + 1);
  const topAnswer = [...answerCounts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
  const surgeFixtures = inSurgeCategory.filter((f) => f.answer === topAnswer).length >= 3 ? inSurgeCategory.filter((f) => f.answer === topAnswer) : inSurgeCategory;
  const surgeDays = Math.min(14, Math.max(1, days / 3));
  const surgeStart = end - surgeDays * DAY;
  const surgeShare = (at: number) => (at < surgeStart ? 0 : (0.3 * (at - surgeStart)) / (end - surgeStart));

  // ---------------------------------------------------------------- people
  const requestsPerDay = requestCount / days;
  const employeeCount = Math.min(2000, Math.max(20, Math.round(requestsPerDay * 15)));
  const employees: Array<{ email: string; name: string; since: number }> = [];
  const usedEmails = new Map<string, number>();
  for (let i = 0; i < employeeCount; i++) {
    const first = pick(rng, FIRST_NAMES);
    const last = pick(rng, LAST_NAMES);
    const local = `${first}.${last}`.toLowerCase();
    const n = (usedEmails.get(local) ?? 0) + 1;
    usedEmails.set(local, n);
    employees.push({ email: `${local}${n > 1 ? n : ''}@${HISTORY_EMAIL_DOMAIN}`, name: `${first} ${last}`, since: start - Math.floor(between(rng, 30, 900) * DAY) });
  }
  // A few people ask a lot, most ask now and then.
  const someone = () => Math.floor(employeeCount * rng() ** 1.6);
  const tierOneAgents = AGENTS.map((a, i) => [i, a.tier === 1 ? [0.4, 0.35, 0.25][i] ?? 0.3 : 0] as const).filter(([, w]) => w > 0);
  const agentsOfTier = (tier: number) => AGENTS.map((a, i) => (a.tier === tier ? i : -1)).filter((i) => i >= 0);

  // ---------------------------------------------------------------- help requests
  const requestTime = timeSampler(rng, start, end - 20 * MIN);
  const times = new Float64Array(requestCount);
  for (let i = 0; i < requestCount; i++) times[i] = requestTime();
  times.sort();

  const requests: PlannedRequest[] = new Array(requestCount);
  // About four characters a second, at least a few seconds, before the suggestions that were recorded.
  const typing = (characters: number) => Math.floor(Math.max(3_000, characters * 250) * between(rng, 0.6, 1.4));
  for (let i = 0; i < requestCount; i++) {
    const at = times[i]!;
    const t = (at - start) / (end - start); // 0 … 1 over the period: the knowledge base gets better
    const user = someone();
    const request: PlannedRequest = { id: requestId(rng), user, at, fixture: null, gap: null, surge: false, shownAt: at, shown: [], opened: [], solved: null, rejected: null, ticket: null };
    requests[i] = request;
    if (chance(rng, 0.095 - 0.03 * t)) {
      request.gap = weighted(rng, gapWeights);
      request.shownAt = at + typing(request.gap.subject.length);
      continue;
    }
    const surge = chance(rng, surgeShare(at));
    const fixture = surge ? pick(rng, surgeFixtures) : pick(rng, fixtures);
    request.fixture = fixture;
    request.surge = fixture.category === surgeCategory && at >= surgeStart;
    request.shownAt = at + typing(fixture.draft.length);

    // What was suggested: the right answer in the top 3 about 70 % of the time (a little more as the KB improves).
    const size = weighted(rng, [[5, 85], [4, 7], [3, 5], [2, 2], [1, 1]] as const);
    const top3 = 0.64 + 0.12 * t;
    const r = rng();
    const position = r < top3 * 0.6 ? 1 : r < top3 * 0.85 ? 2 : r < top3 ? 3 : r < top3 + 0.15 ? 4 + Math.floor(rng() * 2) : 99;
    const shown: number[] = new Array(size).fill(-1);
    if (position <= size) shown[position - 1] = fixture.answer;
    const sameCategory = byCategory.get(fixture.category) ?? [];
    const candidates = [...fixture.related];
    for (let slot = 0, guard = 0; slot < size && guard < 200; guard++) {
      if (shown[slot] !== -1) {
        slot++;
        continue;
      }
      const next = candidates.length > 0 ? candidates.shift()! : chance(rng, 0.6) && sameCategory.length > 0 ? pick(rng, sameCategory) : Math.floor(rng() * articles.length);
      // The answer appears only in its own slot (or not at all).
      if (next === fixture.answer) continue;
      if (!shown.includes(next)) shown[slot++] = next;
    }
    request.shown = shown.filter((a) => a >= 0);

    // Outcome: confirmed ("solved it") needs the right answer on the list; otherwise opened or abandoned.
    const right = request.shown.find((a) => a === fixture.answer || fixture.related.includes(a));
    let clock = request.shownAt + Math.floor(between(rng, 4_000, 40_000));
    const open = (article: number) => {
      request.opened.push({ article, at: clock });
      clock += Math.floor(between(rng, 30_000, 300_000));
    };
    // Scaled so that 20 % (first day) to 30 % (last day) of all requests end confirmed: about 90 % show
    // suggestions and 83 % of those include a right answer. The new, growing problem is solved less often.
    const solvedChance = right === undefined ? 0 : ((0.2 + 0.1 * t) / (0.9 * 0.83)) * (request.surge ? 0.45 : 1);
    const roll = rng();
    if (right !== undefined && roll < solvedChance) {
      if (chance(rng, 0.15) && request.shown[0] !== right) open(request.shown[0]!);
      open(right);
      request.solved = { article: right, at: clock };
    } else if (roll < solvedChance + (1 - solvedChance) * 0.74) {
      open(right !== undefined && chance(rng, 0.75) ? right : request.shown[Math.min(request.shown.length - 1, Math.floor(rng() ** 2 * request.shown.length))]!);
      if (chance(rng, 0.2)) {
        const other = pick(rng, request.shown);
        if (!request.opened.some((o) => o.article === other)) open(other);
      }
      if (chance(rng, 0.12)) request.rejected = { article: request.opened[request.opened.length - 1]!.article, at: clock };
    }
  }
  log(`Planned ${requestCount.toLocaleString('en')} help requests.`);

  // ---------------------------------------------------------------- tickets
  const slaTargets = getSlaTargets(db);
  const sla = (priority: number) => slaTargets.get(priority) ?? DEFAULT_SLA[priority]!;
  const classify = (surge: boolean): { impact: Impact; urgency: Urgency } => ({
    impact: surge
      ? weighted(rng, [['one', 45], ['several', 35], ['department', 15], ['organisation', 5]] as const)
      : weighted(rng, [['one', 72], ['several', 15], ['department', 9], ['organisation', 4]] as const),
    urgency: weighted(rng, [['medium', 55], ['low', 22], ['high', 23]] as const),
  });
  const tickets: PlannedTicket[] = [];

  // From requests: a weighted sample without replacement (exponential keys), favouring what found
  // nothing, the early weeks (the KB was weaker) and the recurring problem.
  const fromRequests = Math.min(Math.round(0.7 * ticketCount), Math.round(0.1 * requestCount));
  const keyed: Array<{ key: number; request: PlannedRequest }> = [];
  for (const request of requests) {
    if (request.solved) continue;
    const t = (request.at - start) / (end - start);
    const base = request.gap ? 1.8 : request.rejected ? 1.5 : request.opened.length > 0 ? 1 : 0.8;
    const weight = base * (1.35 - 0.7 * t) * (request.surge ? 2.5 : 1);
    keyed.push({ key: -Math.log(1 - rng()) / weight, request });
  }
  keyed.sort((a, b) => a.key - b.key);
  for (const { request } of keyed.slice(0, fromRequests)) {
    // Those who opened an article usually said "No, this did not help" before asking for a person.
    const last = request.opened[request.opened.length - 1];
    let at = last ? last.at + Math.floor(between(rng, 20_000, 240_000)) : request.shownAt + Math.floor(between(rng, 10_000, 120_000));
    if (last && !request.rejected && chance(rng, 0.7)) request.rejected = { article: last.article, at: at - 10_000 };
    if (request.rejected) at = Math.max(at, request.rejected.at + Math.floor(between(rng, 10_000, 90_000)));
    const source = request.fixture ?? request.gap!;
    const text = request.fixture ? { subject: request.fixture.subject, description: request.fixture.description || request.fixture.subject } : { subject: request.gap!.subject, description: request.gap!.subject };
    request.ticket = {
      at, requester: request.user, ...text, category: source.category, answer: request.fixture?.answer ?? -1, channel: 'web', loggedBy: null, request, ...classify(request.surge), id: 0, number: 0,
    };
    tickets.push(request.ticket);
  }

  // Logged by an agent (phone, walk-in, email, chat). Some come from people who searched first and
  // gave up within the day: those requests count as tickets, not as potential deflections.
  const direct = ticketCount - tickets.length;
  const afterRequests = Math.min(Math.round(0.03 * requestCount), Math.floor(direct / 2));
  const pool = keyed.slice(fromRequests).map((k) => k.request).filter((r) => r.at < end - 30 * MIN);
  const logTicket = (at: number, requester: number, surge: boolean, fixture: Fixture | null, gap: Gap | null) => {
    const channel = weighted(rng, [['phone', 45], ['email', 25], ['walk-in', 15], ['chat', 15]] as const);
    const said = fixture ? fixture.description || fixture.subject : gap!.subject;
    const description = channel === 'phone' ? `Caller reports: ${said}` : channel === 'walk-in' ? `Came to the desk: ${said}` : said;
    tickets.push({
      at, requester, subject: fixture ? fixture.subject : gap!.subject, description, category: fixture ? fixture.category : gap!.category, answer: fixture?.answer ?? -1,
      channel, loggedBy: weighted(rng, tierOneAgents), request: null, ...classify(surge), id: 0, number: 0,
    });
  };
  for (let n = 0; n < afterRequests && pool.length > 0; n++) {
    const j = Math.floor(rng() * pool.length);
    const request = pool[j]!;
    pool[j] = pool[pool.length - 1]!;
    pool.pop();
    const at = request.at + Math.floor(between(rng, 10 * MIN, Math.min(23 * HOUR, end - request.at - MIN)));
    // Half call about the same problem, half about something else.
    const same = chance(rng, 0.5);
    const fixture = same ? request.fixture : pick(rng, fixtures);
    logTicket(at, request.user, request.surge, fixture, fixture ? null : request.gap);
  }
  const ticketTime = timeSampler(rng, start, end - MIN);
  while (tickets.length < ticketCount) {
    const at = ticketTime();
    const surge = chance(rng, surgeShare(at));
    const gap = !surge && chance(rng, 0.06);
    const fixture = gap ? null : surge ? pick(rng, surgeFixtures) : pick(rng, fixtures);
    logTicket(at, someone(), surge || (fixture?.category === surgeCategory && at >= surgeStart), fixture, gap ? weighted(rng, gapWeights) : null);
  }
  // Numbers follow filing order and continue after the desk's existing tickets.
  tickets.sort((a, b) => a.at - b.at);
  log(`Planned ${tickets.length.toLocaleString('en')} tickets.`);

  let users = 0;
  let events = 0;
  const write = () => {
    refuseSecondHistory(historyAccounts()); // again inside the write lock: another run may have finished meanwhile
    const { maxId, maxNumber } = db.prepare('SELECT coalesce(max(id), 0) AS maxId, coalesce(max(number), 1000) AS maxNumber FROM tickets').get() as { maxId: number; maxNumber: number };
    tickets.forEach((t, i) => {
      t.id = maxId + i + 1;
      t.number = maxNumber + i + 1;
    });

    // People.
    const insertUser = db.prepare('INSERT INTO users (email, display_name, password_hash, agent_tier, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?, ?)');
    const insertRole = db.prepare('INSERT INTO user_roles (user_id, role) VALUES (?, ?)');
    const employeeIds = employees.map((e) => {
      const id = Number(insertUser.run(e.email, e.name, HISTORY_PASSWORD_HASH, null, iso(e.since), iso(e.since)).lastInsertRowid);
      insertRole.run(id, 'employee');
      return id;
    });
    const agentIds = AGENTS.map((a) => {
      const since = iso(start - 400 * DAY);
      const id = Number(insertUser.run(`${a.name.toLowerCase().replace(/\s+/g, '.')}.agent@${HISTORY_EMAIL_DOMAIN}`, a.name, HISTORY_PASSWORD_HASH, a.tier, since, since).lastInsertRowid);
      insertRole.run(id, 'agent');
      return id;
    });
    users = employeeIds.length + agentIds.length;
    log(`Wrote ${users.toLocaleString('en')} accounts.`);

    // Help requests, their events, votes and article views.
    const insertRequest = db.prepare(`INSERT INTO help_requests (id, user_id, started_at, updated_at, draft, final_query, result_count, shown, solved_slug, solved_at, ticket_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const insertEvent = db.prepare('INSERT INTO help_request_events (request_id, at, type, slug, rank, query) VALUES (?, ?, ?, ?, ?, ?)');
    const feedback = new Map<string, { slug: string; user: number; helpful: 0 | 1; comment: string | null; at: number }>();
    const views = new Map<string, number>();
    const view = (slug: string, at: number) => {
      const key = `${slug}|${iso(at).slice(0, 10)}`;
      views.set(key, (views.get(key) ?? 0) + 1);
    };
    const vote = (article: number, user: number, helpful: 0 | 1, comment: string | null, at: number) => {
      const slug = articles[article]!.slug;
      feedback.set(`${slug}|${user}`, { slug, user, helpful, comment, at });
    };
    for (const r of requests) {
      const userId = employeeIds[r.user]!;
      const query = r.fixture ? r.fixture.query : r.gap!.query;
      const draft = r.fixture ? r.fixture.draft : r.gap!.subject;
      const last = Math.max(r.shownAt, r.ticket?.at ?? 0, r.solved?.at ?? 0, r.rejected?.at ?? 0, ...r.opened.map((o) => o.at));
      insertRequest.run(
        r.id, userId, iso(r.at), iso(last), draft, query, r.shown.length, r.shown.length > 0 ? 1 : 0,
        r.solved ? articles[r.solved.article]!.slug : null, r.solved ? iso(r.solved.at) : null, r.ticket ? r.ticket.id : null,
      );
      const shownAt = iso(r.shownAt);
      r.shown.forEach((a, i) => insertEvent.run(r.id, shownAt, 'suggestions_shown', articles[a]!.slug, i + 1, query));
      events += r.shown.length;
      for (const o of r.opened) {
        insertEvent.run(r.id, iso(o.at), 'article_opened', articles[o.article]!.slug, null, null);
        view(articles[o.article]!.slug, o.at);
        events++;
      }
      if (r.solved) {
        insertEvent.run(r.id, iso(r.solved.at), 'solved', articles[r.solved.article]!.slug, null, null);
        events++;
        if (chance(rng, 0.3)) vote(r.solved.article, userId, chance(rng, 0.97) ? 1 : 0, null, r.solved.at + 5_000);
      } else if (r.rejected) {
        insertEvent.run(r.id, iso(r.rejected.at), 'not_solved', articles[r.rejected.article]!.slug, null, null);
        events++;
        if (chance(rng, 0.25)) {
          const helpful = chance(rng, 0.1) ? 1 : 0;
          vote(r.rejected.article, userId, helpful, helpful === 0 && chance(rng, 0.3) ? pick(rng, FEEDBACK_NOT_HELPFUL) : null, r.rejected.at - 3_000);
        }
      } else if (r.opened.length > 0 && chance(rng, 0.06)) {
        const o = r.opened[r.opened.length - 1]!;
        vote(o.article, userId, chance(rng, 0.6) ? 1 : 0, null, o.at + 60_000);
      }
      if (r.ticket) {
        insertEvent.run(r.id, iso(r.ticket.at), 'ticket_filed', null, null, null);
        events++;
      }
      // Reading the KB without a help request (browsing, the search page, links from colleagues).
      if (chance(rng, 0.8)) view(articles[pick(rng, fixtures).answer]!.slug, r.at + Math.floor(between(rng, -4 * HOUR, 4 * HOUR)));
    }
    log('Wrote the help requests.');
    const insertFeedback = db.prepare('INSERT INTO article_feedback (slug, user_id, helpful, comment, at) VALUES (?, ?, ?, ?, ?)');
    for (const f of feedback.values()) insertFeedback.run(f.slug, f.user, f.helpful, f.comment, iso(f.at));
    const insertView = db.prepare('INSERT INTO article_views (slug, day, views) VALUES (?, ?, ?) ON CONFLICT (slug, day) DO UPDATE SET views = views + excluded.views');
    const today = iso(end).slice(0, 10);
    for (const [key, n] of views) {
      const [slug, day] = key.split('|') as [string, string];
      if (day <= today) insertView.run(slug, day, n);
    }

    log('Wrote votes and article views.');
    // Tickets and their timelines.
    const insertTicket = db.prepare(`INSERT INTO tickets (id, number, requester_id, subject, description, category, impact, urgency, priority, status, channel, request_id, created_at,
        tier, assignee_id, first_response_due_at, resolution_due_at, first_responded_at, resolved_at, closed_at, pending_since, paused_ms, resolution, version, updated_at, rating, rating_comment)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const insertTicketEvent = db.prepare('INSERT INTO ticket_events (ticket_id, at, actor_id, type, from_value, to_value, body, internal) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const insertTried = db.prepare('INSERT INTO ticket_tried_articles (ticket_id, slug, best_rank, opened, rejected) VALUES (?, ?, ?, ?, ?)');
    const insertLink = db.prepare('INSERT INTO ticket_articles (ticket_id, slug, linked_by, at) VALUES (?, ?, ?, ?)');
    // The queue's backlog: some recent tickets are not done yet, whatever their plan.
    const backlogWindow = Math.min(14, Math.max(1, days * 0.15)) * DAY;

    for (const p of tickets) {
      const priority = priorityFor(p.impact, p.urgency);
      const target = sla(priority);
      const due = dueTimes(new Date(p.at), target);
      const requesterId = employeeIds[p.requester]!;
      const timeline: TicketEvent[] = [];
      const add = (at: number, actor: number | null, type: string, values: { from?: string | null; to?: string | null; body?: string | null; internal?: boolean } = {}) =>
        timeline.push({ at, actor, type, from: values.from ?? null, to: values.to ?? null, body: values.body ?? null, internal: values.internal ? 1 : 0 });

      let status: Status = 'new';
      let tier = 1;
      let assignee: number | null = null;
      let version = 1;
      let firstRespondedAt: number | null = null;
      let resolvedAt: number | null = null;
      let closedAt: number | null = null;
      let pendingSince: number | null = null;
      let pausedMs = 0;
      let resolution: string | null = null;
      let rating: number | null = null;
      let ratingComment: string | null = null;
      let link: { slug: string; by: number; at: number } | null = null;
      const logger = p.loggedBy === null ? null : agentIds[p.loggedBy]!;
      add(p.at, logger ?? requesterId, 'created', { to: `P${priority}`, body: p.channel === 'web' ? null : `via ${p.channel}` });

      // The plan; each step happens only if its time has come (recent tickets are still in the queue).
      const live = p.channel === 'phone' || p.channel === 'walk-in' || p.channel === 'chat';
      const breachFirst = !live && chance(rng, 0.13);
      const firstDelay = live ? between(rng, 1, 12) * MIN : target.firstResponseMinutes * MIN * (breachFirst ? between(rng, 1.1, 3) : between(rng, 0.15, 0.95));
      const age = end - p.at;
      const stuck = age < backlogWindow && chance(rng, 0.5 * (1 - age / backlogWindow));
      const claimAt = stuck && !live && chance(rng, 0.15) ? Infinity : p.at + (live ? between(rng, 0.3, 0.9) * firstDelay : firstDelay * between(rng, 0.2, 0.8));
      const respondAt = p.at + firstDelay;
      const breachResolution = chance(rng, 0.09);
      const work = Math.max(firstDelay + 10 * MIN, target.resolutionMinutes * MIN * (breachResolution ? between(rng, 1.05, 2.2) : 0.06 + 0.85 * rng() ** 1.5));
      const span = stuck ? end - respondAt + between(rng, 1, 10) * DAY : work - firstDelay;
      const urgent = priority <= 2;
      const escalate = chance(rng, urgent ? 0.15 : 0.06);
      const toTierThree = escalate && chance(rng, 0.25);
      const note = chance(rng, 0.25);
      // Some wait days on the requester, a replacement part or a vendor (the SLA clock stops meanwhile).
      const longWait = !stuck && !urgent && chance(rng, 0.18);
      const pending = longWait || chance(rng, stuck ? 0.4 : urgent ? 0.08 : 0.15);
      const pendingFor = stuck ? span * 2 : longWait ? between(rng, 3, 25) * DAY : urgent ? between(rng, 0.5, 8) * HOUR : between(rng, 1, 40) * HOUR;
      const reopen = chance(rng, 0.05);
      const category = p.category ?? '';
      const resolutionNotes = RESOLUTIONS[category] ?? GENERIC_RESOLUTIONS;

      const finish = () => {
        const after = (ms: number | null) => (ms === null ? null : iso(ms));
        insertTicket.run(
          p.id, p.number, requesterId, p.subject, p.description, p.category, p.impact, p.urgency, priority, status, p.channel, p.request?.id ?? null, iso(p.at),
          tier, assignee, due.firstResponseDueAt, iso(Date.parse(due.resolutionDueAt) + pausedMs), after(firstRespondedAt), after(resolvedAt), after(closedAt), after(pendingSince), pausedMs, resolution, version,
          iso(Math.max(...timeline.filter((e) => e.type !== 'rated').map((e) => e.at))), rating, ratingComment,
        );
        for (const e of timeline) insertTicketEvent.run(p.id, iso(e.at), e.actor, e.type, e.from, e.to, e.body, e.internal);
        events += timeline.length;
        if (p.request) {
          const r = p.request;
          r.shown.forEach((a, i) => insertTried.run(p.id, articles[a]!.slug, i + 1, r.opened.some((o) => o.article === a) ? 1 : 0, r.rejected?.article === a ? 1 : 0));
        }
        if (link) insertLink.run(p.id, link.slug, link.by, iso(link.at));
      };

      if (claimAt > end) {
        finish();
        continue;
      }
      assignee = logger !== null && live ? logger : agentIds[weighted(rng, tierOneAgents)]!;
      status = 'open';
      version++;
      add(claimAt, assignee, 'claimed', { to: String(assignee) });
      if (respondAt > end) {
        finish();
        continue;
      }
      add(respondAt, assignee, 'reply', { body: pick(rng, FIRST_REPLIES) });
      firstRespondedAt = respondAt;

      // Escalation, an internal note and a wait on the requester happen in that order inside the work.
      let clock = respondAt;
      let done = false;
      const step = (at: number): boolean => {
        if (at > end) done = true;
        return !done;
      };
      if (escalate) {
        const escalations = toTierThree ? 2 : 1;
        for (let k = 0; k < escalations && !done; k++) {
          const at = clock + span * between(rng, 0.05, 0.12);
          if (!step(at)) break;
          add(at, assignee, 'escalated', { from: String(tier), to: String(tier + 1), body: pick(rng, ESCALATION_REASONS[tier]!), internal: true });
          tier++;
          assignee = null;
          version++;
          clock = at + Math.min(span * 0.08, 3 * HOUR) * between(rng, 0.1, 1);
          if (!step(clock)) break;
          assignee = agentIds[pick(rng, agentsOfTier(tier))]!;
          version++;
          add(clock, assignee, 'claimed', { to: String(assignee) });
        }
      }
      if (!done && note) {
        const at = clock + span * between(rng, 0.05, 0.15);
        if (step(at)) {
          add(at, assignee, 'note', { body: pick(rng, INTERNAL_NOTES), internal: true });
          clock = at;
        }
      }
      if (!done && pending) {
        // At most 75 % of the work has passed here, so the answer comes back before the resolution.
        const at = clock + span * between(rng, 0.05, 0.2);
        if (step(at)) {
          add(at, assignee, 'reply', { body: pick(rng, PENDING_QUESTIONS) });
          add(at + 1_000, assignee, 'status', { from: 'open', to: 'pending' });
          status = 'pending';
          pendingSince = at + 1_000;
          version++;
          const back = pendingSince + pendingFor;
          if (step(back)) {
            add(back, requesterId, 'reply', { body: pick(rng, REQUESTER_ANSWERS) });
            add(back, requesterId, 'status', { from: 'pending', to: 'open' });
            pausedMs += Math.round(back - pendingSince);
            pendingSince = null;
            status = 'open';
            version++;
          }
        }
      }
      const resolve = (at: number, text: string) => {
        add(at, assignee, 'status', { from: 'open', to: 'resolved', body: text });
        status = 'resolved';
        resolvedAt = at;
        resolution = text;
        version++;
      };
      if (!done && step(respondAt + span + pausedMs)) {
        const at = respondAt + span + pausedMs;
        resolve(at, pick(rng, resolutionNotes));
        // Someone holds the ticket here: an escalation whose claim had not happened yet ended the plan above.
        if (p.answer >= 0 && chance(rng, 0.6)) link = { slug: articles[p.answer]!.slug, by: assignee!, at };
        if (reopen) {
          const back = at + between(rng, 2, 48) * HOUR;
          if (step(back)) {
            add(back, requesterId, 'status', { from: 'resolved', to: 'open', body: pick(rng, REOPEN_NOTES) });
            status = 'open';
            resolvedAt = null;
            version++;
            const reply = back + between(rng, 20, 240) * MIN;
            if (step(reply)) add(reply, assignee, 'reply', { body: 'Sorry about that, I am looking at it again.' });
            const again = reply + between(rng, 1, 24) * HOUR;
            if (step(again)) resolve(again, `Root cause found after the reopen. ${pick(rng, resolutionNotes)}`);
          }
        }
        // (a cast: TypeScript does not see that resolve() above changed the status)
        if ((status as Status) === 'resolved') {
          const confirmed = chance(rng, 0.55);
          const closeAt = resolvedAt! + (confirmed ? between(rng, 20 * MIN, 30 * HOUR) : AUTO_CLOSE_DAYS * DAY + between(rng, 0, 10 * MIN));
          if (step(closeAt)) {
            add(closeAt, confirmed ? requesterId : null, 'status', { from: 'resolved', to: 'closed', body: confirmed ? null : `Closed automatically ${AUTO_CLOSE_DAYS} days after it was resolved.` });
            status = 'closed';
            closedAt = closeAt;
            version++;
            const rateAt = closeAt + (confirmed ? between(rng, 1 * MIN, 2 * HOUR) : between(rng, 1 * HOUR, 48 * HOUR));
            if (chance(rng, confirmed ? 0.55 : 0.2) && rateAt <= end) {
              const rough = breachFirst || breachResolution || reopen;
              rating = rough ? weighted(rng, [[5, 20], [4, 25], [3, 25], [2, 15], [1, 15]] as const) : weighted(rng, [[5, 52], [4, 28], [3, 10], [2, 5], [1, 5]] as const);
              ratingComment = chance(rng, 0.3) ? pick(rng, rating >= 4 ? RATING_COMMENTS_GOOD : RATING_COMMENTS_BAD) : null;
              add(rateAt, requesterId, 'rated', { to: String(rating), body: ratingComment });
            }
          }
        }
      }
      finish();
    }
  };

  // One transaction: a large history writes hundreds of megabytes, and with the default 2 MB page
  // cache dirty pages spill to the WAL mid-way (about 15 % slower at 200,000 requests).
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('cache_size = -262144');
  // Every reference points at rows this run writes (the tests check them with foreign_key_check);
  // checking each of the 1.4 million inserts again costs about a sixth of the time.
  db.pragma('foreign_keys = OFF');
  try {
    // The report rollups are rebuilt once at the end instead of by triggers on every row.
    db.transaction(() => withRollupTriggersSuspended(db, write)).immediate();
  } finally {
    db.pragma(`cache_size = ${cacheSize}`);
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }

  const ms = Math.round(performance.now() - started);
  log('Wrote the history.');
  return { users, requests: requestCount, events, tickets: tickets.length, ms };
}

export { HISTORY_EMAIL_DOMAIN };
