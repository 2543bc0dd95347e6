import type { Database } from '../db/index.ts';
import type { Logger } from '../logger.ts';
import { EMAIL_PATTERN } from '../logger.ts';
import type { NotificationService } from './notifications.ts';
import { randomUUID } from 'node:crypto';

/** One e-mail as the transport takes it. `messageId` is fixed when enqueued, so a resend is recognisable. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  messageId: string;
}

/** How e-mail leaves the bot (src/ops/mailer.ts wires nodemailer); a refusal throws. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

export interface MailPolicy {
  /** Attempts per message before it is given up and reported. */
  maxAttempts: number;
  /** The first retry's wait; each next one doubles it. */
  retrySeconds: number;
  /** The domain of Message-IDs (the sender's). */
  domain: string;
  /** The sender's bare address (MAIL_FROM), when one is configured: calendars name it as the organiser. */
  sender?: string;
}

/** A claim older than this belongs to a sender that died mid-send: the message goes out again. */
const STALE_SENDING_MS = 10 * 60_000;

/**
 * Official announcements by e-mail, through an outbox: a message is written to the database with
 * a key (enqueued once), and `drain` (a job) sends what is due, retrying with a doubling wait. A
 * restart loses nothing; a message given up after its last attempt is reported to the coordinators
 * in chat. Addresses never reach the log, and are blanked from the outbox once a message is done.
 */
export class MailService {
  constructor(
    private readonly db: Database,
    private readonly notifications: NotificationService,
    private readonly now: () => Date,
    private readonly log: Logger,
    private readonly mailer: Mailer | undefined,
    private readonly policy: MailPolicy,
  ) {}

  /** Whether e-mail is configured at all (SMTP_HOST): without it, announcements go to chat only. */
  get enabled(): boolean {
    return Boolean(this.mailer);
  }

  /** Enqueues a message once per key; false when it was enqueued before or e-mail is off. */
  async enqueue(mail: { clusterId: string; key: string; kind: string; memberId: string | null; to: string; subject: string; text: string }): Promise<boolean> {
    if (!this.mailer) return false;
    return this.db.mail.enqueue({
      clusterId: mail.clusterId,
      key: mail.key,
      kind: mail.kind,
      memberId: mail.memberId,
      toAddress: mail.to,
      subject: mail.subject,
      body: mail.text,
      messageId: `<${randomUUID()}@${this.policy.domain}>`,
      nextAttemptAt: this.now(),
      createdAt: this.now(),
    });
  }

  /** Sends what is due; returns how many went out. Several replicas may drain at once: each message is claimed. */
  async drain(): Promise<number> {
    if (!this.mailer) return 0;
    const now = this.now();
    let sent = 0;
    for (const mail of await this.db.mail.due(now, new Date(now.getTime() - STALE_SENDING_MS))) {
      if (!(await this.db.mail.claim(mail.id, mail.status, mail.claimedAt, this.now()))) continue;
      try {
        await this.mailer.send({ to: mail.toAddress, subject: mail.subject, text: mail.body, messageId: mail.messageId });
      } catch (error) {
        await this.failedAttempt(mail, error);
        continue;
      }
      await this.db.mail.sent(mail.id, this.now());
      sent++;
    }
    if (sent) this.log.info({ sent }, 'e-mail sent');
    return sent;
  }

  private async failedAttempt(mail: { id: string; clusterId: string; kind: string; memberId: string | null; subject: string; attempts: number }, error: unknown) {
    const attempts = mail.attempts + 1;
    const reason = describeRefusal(error);
    this.log.warn({ clusterId: mail.clusterId, mailId: mail.id, memberId: mail.memberId, kind: mail.kind, attempts, reason, code: (error as { code?: unknown }).code }, 'e-mail not delivered');
    if (attempts < this.policy.maxAttempts) {
      const wait = this.policy.retrySeconds * 1000 * 2 ** (attempts - 1);
      await this.db.mail.retryLater(mail.id, reason, new Date(this.now().getTime() + wait));
      return;
    }
    await this.db.mail.failed(mail.id, reason);
    const org = mail.memberId ? ((await this.db.members.byId(mail.memberId))?.name ?? '') : '';
    await this.notifications.toRoles(
      mail.clusterId,
      ['coordinator'],
      ({ t }) => ({
        title: t('assembly.mail.failedTitle'),
        text: t('assembly.mail.failed', { org, subject: mail.subject, count: attempts, reason }),
        tone: 'warning',
      }),
      'mail-failed',
    );
  }

  /** The outbox's messages whose key starts with `prefix` (a meeting's convocations), for the coordinator. */
  byKeyPrefix(clusterId: string, prefix: string) {
    return this.db.mail.byKeyPrefix(clusterId, prefix);
  }
}

/** What the server said, without any address it quoted: SMTP replies name the recipient. */
export function describeRefusal(error: unknown): string {
  const e = error as { responseCode?: number; response?: string; code?: string; message?: string };
  const said = (e.response ?? e.message ?? String(error)).split('\n')[0]!.replace(EMAIL_PATTERN, '[email]').slice(0, 200);
  return e.responseCode ? `${e.responseCode} ${said.replace(/^\d{3}\s*/, '')}` : said;
}
