import type { ParsedMail } from 'mailparser';
import { markMailFailing } from '#lib/auth/users.ts';
import { sql, type Db } from '#lib/db/db.ts';

/** One recipient's block of a delivery status notification (RFC 3464). */
export type DeliveryStatus = { recipient: string; status: string; action: string; diagnostic: string };

/** The text of the parts a report carries: the status part and the returned message or its headers. */
function partsOf(mail: ParsedMail, types: string[]): string[] {
  return mail.attachments
    .filter((a) => types.includes(a.contentType.toLowerCase()))
    .map((a) => a.content.toString('utf8').slice(0, 200_000));
}

const field = (block: string, name: string): string =>
  new RegExp(`^${name}:\\s*(.+(?:\\n[ \\t].+)*)`, 'im').exec(block)?.[1]?.replace(/\s+/g, ' ').trim() ?? '';

/** The per-recipient blocks of a DSN's `message/delivery-status` part (none when the mail has no such part). */
export function parseDeliveryStatus(mail: ParsedMail): DeliveryStatus[] {
  // mailparser keeps the status part as an attachment or, as it does with message/delivery-status,
  // inlines it into the text: both are read (only blocks with a recipient and a status count).
  const text = [
    ...partsOf(mail, ['message/delivery-status', 'message/global-delivery-status']),
    mail.text ?? '',
  ].join('\n\n');
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((block) => ({
      recipient: field(block, 'Final-Recipient')
        .replace(/^[a-z0-9-]+;\s*/i, '')
        .toLowerCase(),
      status: field(block, 'Status'),
      action: field(block, 'Action').toLowerCase(),
      diagnostic: field(block, 'Diagnostic-Code').replace(/^[a-z0-9-]+;\s*/i, ''),
    }))
    .filter((b) => b.recipient && /^\d\.\d{1,3}\.\d{1,3}$/.test(b.status));
}

/** The Message-ID of the message a report returns (its `message/rfc822` or `text/rfc822-headers` part). */
function returnedMessageId(mail: ParsedMail): string | null {
  const returned = [
    ...partsOf(mail, ['message/rfc822', 'text/rfc822-headers', 'message/global']),
    mail.text ?? '',
  ].join('\n');
  return /^Message-ID:\s*(<[^>\s]{1,500}>)/im.exec(returned)?.[1] ?? null;
}

/**
 * Reads a bounce: every recipient with a permanent failure (status 5.x.x; 4.x.x is a delay, not a
 * failure) is marked failing on its account, and Fixpoint stops mailing it. Only a report about a
 * message Fixpoint sent to that address counts (its Message-ID, random and seen only by the recipient,
 * is in the outbox with that address), so a forged report cannot silence someone's mail. Returns the addresses marked.
 */
export function recordBounce(db: Db, mail: ParsedMail, now = new Date()): string[] {
  const messageId = returnedMessageId(mail);
  if (!messageId) return [];
  const marked: string[] = [];
  for (const s of parseDeliveryStatus(mail)) {
    if (!s.status.startsWith('5.')) continue;
    const ours = sql(
      db,
      'SELECT 1 FROM mail_outbox WHERE message_id = ? AND to_address = ? COLLATE NOCASE',
    ).get(messageId, s.recipient);
    if (!ours) continue;
    if (markMailFailing(db, s.recipient, `${s.status} ${s.diagnostic}`.trim(), now)) marked.push(s.recipient);
  }
  return marked;
}
