import { SMTPServer } from 'smtp-server';
import type { InboundOutcome } from './inbound.ts';

export type InboundSmtp = { port: number; stop(): Promise<void> };

type Options = {
  host: string;
  port: number;
  maxBytes: number;
  /** Handles one message; resolves after what it made is committed. */
  handle: (raw: Buffer) => Promise<InboundOutcome>;
  warn?: (message: string) => void;
};

/**
 * Receives mail relayed by the company's mail server (smtp-server). The SMTP "250 OK" goes out only after
 * the message's ticket or reply is committed; a failure answers 451 so the relay tries again later, and
 * the recorded Message-ID keeps that retry from making anything twice. No AUTH and no TLS: bind it to a
 * private interface that only the relay reaches.
 */
export async function startInboundSmtp(options: Options): Promise<InboundSmtp> {
  const server = new SMTPServer({
    name: 'fixpoint',
    banner: 'Fixpoint help desk',
    size: options.maxBytes,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          const error = Object.assign(
            new Error(`Message larger than ${Math.round(options.maxBytes / 1024 / 1024)} MB`),
            {
              responseCode: 552,
            },
          );
          return callback(error);
        }
        options
          .handle(Buffer.concat(chunks))
          .then((result) => callback(null, `Accepted (${result.outcome})`))
          .catch((error: Error) => {
            options.warn?.(
              `Inbound mail: could not handle a message (${error.message}); the sender will retry.`,
            );
            callback(Object.assign(new Error('Temporary failure, try again later'), { responseCode: 451 }));
          });
      });
    },
  });
  server.on('error', (error) => options.warn?.(`Inbound mail: ${error.message}`));
  const port = await new Promise<number>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, options.host, () => {
      const address = server.server.address();
      resolve(typeof address === 'object' && address ? address.port : options.port);
    });
  });
  return { port, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
