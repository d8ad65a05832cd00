import { shapeQuery } from '#lib/search/shape-query.ts';
import type { IncidentHead } from './incidents.ts';

/**
 * Words that say something is wrong but not what: every outage title has them ("VPN down", "Outlook
 * not working"), so on their own they must not tie a request to an incident. `troubleshoot` is what
 * the query shaping makes of "cannot", "won't", "doesn't".
 */
const GENERIC = new Set([
  'troubleshoot',
  'down',
  'not',
  'no',
  'outage',
  'issue',
  'issues',
  'problem',
  'problems',
  'error',
  'errors',
  'working',
  'work',
  'broken',
  'slow',
  'incident',
  'service',
  'services',
  'everyone',
  'today',
  'fail',
  'failing',
  'failed',
]);

/** The telling words of a text, as the suggestions read them (translated, stop words out, lower case). */
export function tellingWords(text: string): string[] {
  return shapeQuery(text).terms.filter((w) => w.length >= 3 && !GENERIC.has(w));
}

/** Same word, or one is the other with an ending ("printer" / "printers", "sync" / "syncing"). */
const sameWord = (a: string, b: string) =>
  a === b || (Math.min(a.length, b.length) >= 4 && (a.startsWith(b) || b.startsWith(a)));

/**
 * The open incidents a request is about: one of the telling words of an incident's title or service
 * is in the request ("outlook won't open" matches "Outlook is down"). Best match first (most words).
 */
export function matchIncidents<T extends IncidentHead>(open: T[], request: string): T[] {
  const asked = tellingWords(request);
  if (asked.length === 0) return [];
  return open
    .map((incident) => {
      const named = new Set(tellingWords(`${incident.title} ${incident.service}`));
      const shared = [...named].filter((w) => asked.some((a) => sameWord(a, w))).length;
      return { incident, shared };
    })
    .filter((m) => m.shared > 0)
    .sort((a, b) => b.shared - a.shared)
    .map((m) => m.incident);
}
