import { msg, type Message } from '#lib/i18n/translate.ts';
import { autoCloseNote } from './workflow.ts';

// Notes the desk writes on a timeline by itself are stored in English (mail, search and exports read
// the stored text), and shown to each reader in their language: the page asks for the message here.
// Each note is recognised by the exact sentence its writer produces, so a person's own text that
// merely resembles one is never reworded (it would have to match word for word, number included).

const AUTO_CLOSED = new RegExp(`^${autoCloseNote(999).replace('999', '(\\d{1,4})').replaceAll('.', '\\.')}$`);

/** The message for a note the desk wrote itself; null for anything a person wrote. */
export function systemNoteMessage(body: string | null): Message | null {
  if (!body) return null;
  const closed = AUTO_CLOSED.exec(body);
  if (closed) return msg('tickets.autoClosedNote', { days: Number(closed[1]) });
  return null;
}
