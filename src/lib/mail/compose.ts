import type { I18n } from '#lib/i18n/i18n.ts';

/** Text and HTML parts of one message, built from the same pieces so both always say the same. */
export type MailBody = { text: string; html: string };

/** One piece of a message: a paragraph, a link shown as a button, or a quoted block (a reply's text). */
export type MailPart =
  | { kind: 'paragraph'; text: string }
  | { kind: 'button'; label: string; url: string }
  | { kind: 'quote'; text: string }
  | {
      kind: 'links';
      /** `action`: a second link under the item (an article's "This solved it"). */
      items: Array<{ label: string; url: string; note?: string; action?: { label: string; url: string } }>;
    };

/** Escapes text for HTML: everything a person typed reaches the HTML part only through this. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const paragraphHtml = (text: string) =>
  `<p style="margin:0 0 16px">${escapeHtml(text).replace(/\n/g, '<br>')}</p>`;

function partHtml(part: MailPart): string {
  switch (part.kind) {
    case 'paragraph':
      return paragraphHtml(part.text);
    case 'button':
      return `<p style="margin:0 0 16px"><a href="${escapeHtml(part.url)}" style="display:inline-block;background:#1d4ed8;color:#ffffff;padding:10px 16px;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(part.label)}</a></p>`;
    case 'quote':
      return `<blockquote style="margin:0 0 16px;padding:8px 12px;border-left:4px solid #cbd5e1;color:#334155">${escapeHtml(part.text).replace(/\n/g, '<br>')}</blockquote>`;
    case 'links':
      return `<ul style="margin:0 0 16px;padding-left:20px">${part.items
        .map(
          (i) =>
            `<li style="margin:0 0 8px"><a href="${escapeHtml(i.url)}" style="color:#1d4ed8">${escapeHtml(i.label)}</a>${i.note ? `<br><span style="color:#475569">${escapeHtml(i.note)}</span>` : ''}${i.action ? `<br><a href="${escapeHtml(i.action.url)}" style="color:#15803d;font-weight:600">${escapeHtml(i.action.label)}</a>` : ''}</li>`,
        )
        .join('')}</ul>`;
  }
}

function partText(part: MailPart): string {
  switch (part.kind) {
    case 'paragraph':
      return part.text;
    case 'button':
      return `${part.label}:\n${part.url}`;
    case 'quote':
      return part.text
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n');
    case 'links':
      return part.items
        .map(
          (i) =>
            `- ${i.label}${i.note ? ` (${i.note})` : ''}\n  ${i.url}${i.action ? `\n  ${i.action.label}: ${i.action.url}` : ''}`,
        )
        .join('\n');
  }
}

/**
 * A message in Fixpoint's plain style: a greeting, the parts, and a footer (why the person gets it,
 * and how to stop it when it is a notification), in the recipient's language (`i18n`): the caller
 * words the parts, this adds the greeting's and the unsubscribe link's words and `<html lang>`.
 */
export function composeMail(input: {
  i18n: I18n;
  /** The recipient's name, for the greeting. */
  name: string;
  parts: MailPart[];
  footer: string;
  unsubscribeUrl?: string;
}): MailBody {
  const { t, locale } = input.i18n;
  const greeting = t('mail.greeting', { name: input.name });
  const stop = t('mail.stopThese');
  const footerText = input.unsubscribeUrl
    ? `${input.footer}\n${stop}: ${input.unsubscribeUrl}`
    : input.footer;
  const text = [greeting, ...input.parts.map(partText), '-- ', footerText].join('\n\n');
  const footerHtml = `<p style="margin:24px 0 0;font-size:13px;color:#475569">${escapeHtml(input.footer)}${
    input.unsubscribeUrl
      ? ` <a href="${escapeHtml(input.unsubscribeUrl)}" style="color:#475569">${escapeHtml(stop)}</a>.`
      : ''
  }</p>`;
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head><body style="margin:0;padding:24px;background:#f8fafc;font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:16px;line-height:1.5;color:#0f172a"><div style="max-width:560px;margin:0 auto;background:#ffffff;border:1px solid #e2e8f0;border-radius:8px;padding:24px">${paragraphHtml(greeting)}${input.parts.map(partHtml).join('')}${footerHtml}</div></body></html>`;
  return { text, html };
}
