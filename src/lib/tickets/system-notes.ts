import { msg, type Message } from '#lib/i18n/translate.ts';
import { autoCloseNote } from './workflow.ts';

// Notes the desk writes on a timeline by itself are stored in English (mail, search and exports read
// the stored text), and shown to each reader in their language: the page asks for the message here.
// Each note is recognised by the exact sentence its writer produces, so a person's own text that
// merely resembles one is never reworded (it would have to match word for word, number included).

/** The resolution note of a ticket resolved with a major incident: the incident's title and closing note. */
export const incidentResolutionNote = (title: string, note: string): string =>
  `Resolved with the major incident "${title}": ${note}`;

// The title is one line (a title with a line break stays as stored); the note may span lines.
const INCIDENT_RESOLVED = /^Resolved with the major incident "([^\n]*?)": ([\s\S]*)$/;

const AUTO_CLOSED = new RegExp(`^${autoCloseNote(999).replace('999', '(\\d{1,4})').replaceAll('.', '\\.')}$`);

/** The message for a note the desk wrote itself; null for anything a person wrote. */
export function systemNoteMessage(body: string | null): Message | null {
  if (!body) return null;
  const closed = AUTO_CLOSED.exec(body);
  if (closed) return msg('tickets.autoClosedNote', { days: Number(closed[1]) });
  const incident = INCIDENT_RESOLVED.exec(body);
  if (incident) return msg('tickets.incidentResolvedNote', { title: incident[1]!, note: incident[2]! });
  return null;
}
