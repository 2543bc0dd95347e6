import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

/** A received message as the recipient's mail program reads it, with the envelope's recipient. */
export interface Received {
  to: string;
  mail: ParsedMail;
}

export interface LoopbackSmtp {
  port: number;
  received: Received[];
  /** Recipients refused (by the envelope address), and how many more times each is refused; Infinity for always. */
  refuse: Map<string, number>;
  /** Attempts the server saw per recipient, refused ones included. */
  attempts: Map<string, number>;
  /** Waits until `count` messages in all have arrived (the transport hands over asynchronously). */
  waitFor(count: number, ms?: number): Promise<Received[]>;
  close(): Promise<void>;
}

/**
 * A real SMTP server on 127.0.0.1, on a free port: the bot's transport speaks SMTP to it as to any
 * relay, and each message is parsed back from its raw MIME with mailparser.
 */
export async function startSmtp(): Promise<LoopbackSmtp> {
  const received: Received[] = [];
  const refuse = new Map<string, number>();
  const attempts = new Map<string, number>();
  const parsing: Promise<void>[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const to = address.address;
      attempts.set(to, (attempts.get(to) ?? 0) + 1);
      const left = refuse.get(to) ?? 0;
      if (left > 0) {
        refuse.set(to, left - 1);
        // As real servers do, the refusal quotes the address: the bot must not log or show it.
        const error = Object.assign(new Error(`<${to}>: Recipient address rejected: mailbox unavailable`), { responseCode: 550 });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const to = session.envelope.rcptTo.map((r) => r.address).join(',');
      parsing.push(
        simpleParser(stream).then((mail) => {
          received.push({ to, mail });
        }),
      );
      stream.on('end', () => callback());
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    refuse,
    attempts,
    async waitFor(count, ms = 5000) {
      const until = Date.now() + ms;
      while (received.length < count && Date.now() < until) {
        await Promise.all(parsing);
        await new Promise((r) => setTimeout(r, 20));
      }
      await Promise.all(parsing);
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The environment that points the bot at the loopback server. */
export function smtpEnv(smtp: LoopbackSmtp, extra: Record<string, string> = {}): Record<string, string> {
  return {
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    SMTP_SECURE: 'false',
    MAIL_FROM: 'PKES – koordynator <koordynator@pkes.example.org>',
    ...extra,
  };
}
