import nodemailer, { type Transporter } from 'nodemailer';
import type { Db } from '#lib/db/db.ts';
import { receiveMail, type InboundSettings } from '#lib/mail/inbound.ts';
import { startInboundSmtp, type InboundSmtp } from '#lib/mail/smtp-listener.ts';

/**
 * The portal's real SMTP listener on a loopback port, handing mail to `receiveMail`, and a real SMTP
 * client delivering to it as the company's relay would. The caller closes `listener`.
 */
export async function relayToDesk(
  db: Db,
  settings: InboundSettings,
): Promise<{ listener: InboundSmtp; relay: Transporter }> {
  const listener = await startInboundSmtp({
    host: '127.0.0.1',
    port: 0,
    maxBytes: settings.maxBytes,
    handle: (raw) => receiveMail(db, raw, settings),
  });
  const relay = nodemailer.createTransport({
    host: '127.0.0.1',
    port: listener.port,
    secure: false,
    ignoreTLS: true,
  });
  return { listener, relay };
}
