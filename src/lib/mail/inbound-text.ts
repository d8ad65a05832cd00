import type { ParsedMail } from 'mailparser';

/** Lines that start the quoted history of a reply, in the languages the desk uses and the big mail programs. */
const QUOTE_HEADERS = [
  /^On .{1,200} wrote:\s*$/i, // Gmail, Apple Mail, Thunderbird
  /^Am .{1,200} schrieb .{0,200}:\s*$/i,
  /^Il giorno .{1,200} ha scritto:\s*$/i,
  /^Le .{1,200} a écrit\s*:\s*$/i,
  /^-{2,}\s*(Original Message|Ursprüngliche Nachricht|Messaggio originale)\s*-{2,}\s*$/i, // Outlook
  /^_{10,}\s*$/, // Outlook's rule above the quoted header block
  /^From: .{1,300}$/i, // Outlook without a rule: the quoted header block
  /^Von: .{1,300}$/i,
  /^Da: .{1,300}$/i,
];

/** Lines that start a signature. */
const SIGNATURE = [/^-- ?$/, /^Sent from my /i, /^Gesendet von meinem /i, /^Inviato da /i];

/**
 * The new text of a mail: everything before the quoted history ("On … wrote:", "> " lines, Outlook's
 * header block) and the signature ("-- "). Quoted lines in the middle of an answer are kept: people
 * answer between quotes. Falls back to the whole text when trimming would leave nothing.
 */
export function trimReply(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (QUOTE_HEADERS.some((re) => re.test(line)) || SIGNATURE.some((re) => re.test(line))) {
      end = i;
      break;
    }
  }
  const kept = lines.slice(0, end);
  // Trailing quoted lines (a reply on top of the full quote, without a header line).
  while (kept.length > 0 && (kept.at(-1)!.trim() === '' || kept.at(-1)!.startsWith('>'))) kept.pop();
  const result = kept.join('\n').trim();
  return result || text.trim();
}

const header = (mail: ParsedMail, name: string): string => {
  const value = mail.headers.get(name);
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && 'value' in value) return String((value as { value: unknown }).value);
  return String(value);
};

/**
 * Why a message must not be answered or turned into a ticket, or null: auto-replies (RFC 3834),
 * bulk and list mail, delivery reports (bounces), mail from Fixpoint itself, and no sender at all.
 */
export function loopReason(mail: ParsedMail, ownAddress: string): string | null {
  const from = mail.from?.value[0]?.address?.toLowerCase() ?? '';
  if (!from) return 'no sender address';
  if (from === ownAddress.toLowerCase()) return "Fixpoint's own address";
  if (/^(mailer-daemon|postmaster)@/i.test(from)) return 'a delivery report (bounce)';
  const contentType = header(mail, 'content-type').toLowerCase();
  if (contentType.includes('multipart/report') || contentType.includes('delivery-status'))
    return 'a delivery report (bounce)';
  const auto = header(mail, 'auto-submitted').toLowerCase().trim();
  if (auto && auto !== 'no') return `Auto-Submitted: ${auto}`;
  const precedence = header(mail, 'precedence').toLowerCase().trim();
  if (['bulk', 'list', 'junk', 'auto_reply'].includes(precedence)) return `Precedence: ${precedence}`;
  if (mail.headers.has('list-id') || mail.headers.has('list-unsubscribe')) return 'mailing-list mail';
  if (mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond')) return 'an auto-reply';
  if (mail.headers.has('x-fixpoint-ticket')) return "Fixpoint's own mail";
  return null;
}

/**
 * The ticket a mail answers, in the order: In-Reply-To and References (every mail Fixpoint
 * sends about a ticket names `<ticket-N@…>`), then a reply token in the address it was sent to
 * (`help+<token>@…`, see reply-address.ts), then `[T-N]` in the subject. Null: a new request.
 */
export function referencedTicketNumber(
  mail: ParsedMail,
  /** The ticket a reply token in the recipient address names (checked between the headers and the subject). */
  byReplyToken: () => number | null = () => null,
): number | null {
  const refs = [
    mail.inReplyTo ?? '',
    ...(Array.isArray(mail.references) ? mail.references : [mail.references ?? '']),
  ];
  for (const ref of refs) {
    const match = /<?ticket-(\d{1,9})@[^>]*>?/.exec(ref);
    if (match) return Number(match[1]);
  }
  const token = byReplyToken();
  if (token !== null) return token;
  const subject = /\[T-(\d{1,9})\]/.exec(mail.subject ?? '');
  return subject ? Number(subject[1]) : null;
}

/** The subject without reply and forward prefixes or our ticket tag. */
export function cleanSubject(subject: string | undefined): string {
  let s = (subject ?? '').replace(/\s+/g, ' ').trim();
  for (let i = 0; i < 5; i++) {
    const next = s
      .replace(/^(re|aw|r|fw|fwd|wg|i)\s*:\s*/i, '')
      .replace(/\[T-\d{1,9}\]\s*/i, '')
      .trim();
    if (next === s) break;
    s = next;
  }
  return s;
}
