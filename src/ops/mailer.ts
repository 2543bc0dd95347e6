import type { Transporter } from 'nodemailer';
import type { Config } from '../config.ts';
import type { Mailer, MailPolicy, OutgoingMail } from '../services/mail.ts';

/**
 * The SMTP transport behind the Mailer interface. One message per connection attempt, no pooling:
 * the outbox drains a handful at a time, and a refused connection must fail that message only.
 * nodemailer's own logger stays off: it would print the envelope (addresses). nodemailer loads on
 * the first message (about 3 MiB of an idle bot's memory otherwise, e-mail being rare).
 */
export function smtpMailer(config: Config): Mailer | undefined {
  if (!config.SMTP_HOST || !config.MAIL_FROM) return undefined;
  const host = config.SMTP_HOST;
  let transport: Promise<Transporter> | undefined;
  const open = async () => {
    const { default: nodemailer } = await import('nodemailer');
    return nodemailer.createTransport({
      host,
      port: config.SMTP_PORT,
      secure: config.SMTP_SECURE,
      ...(config.SMTP_USER ? { auth: { user: config.SMTP_USER, pass: config.SMTP_PASSWORD ?? '' } } : {}),
      logger: false,
      debug: false,
      connectionTimeout: 30_000,
      greetingTimeout: 30_000,
      socketTimeout: 60_000,
    });
  };
  const from = config.MAIL_FROM;
  return {
    async send(mail: OutgoingMail) {
      transport ??= open().catch((error: unknown) => {
        transport = undefined;
        throw error;
      });
      await (await transport).sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, messageId: mail.messageId, textEncoding: 'quoted-printable' });
    },
  };
}

export function mailPolicy(config: Config): MailPolicy {
  const domain = /@([\w.-]+)/.exec(config.MAIL_FROM ?? '')?.[1] ?? 'pkes.invalid';
  const sender = senderAddress(config.MAIL_FROM);
  return { maxAttempts: config.MAIL_MAX_ATTEMPTS, retrySeconds: config.MAIL_RETRY_SECONDS, domain, ...(sender ? { sender } : {}) };
}

/** The bare address of MAIL_FROM, written either `Name <a@b>` or `a@b`. */
export function senderAddress(from: string | undefined): string | undefined {
  const text = (from ?? '').trim();
  return /<\s*([^<>\s]+@[^<>\s]+)\s*>\s*$/.exec(text)?.[1] ?? (/^[^<>\s]+@[^<>\s]+$/.test(text) ? text : undefined);
}
