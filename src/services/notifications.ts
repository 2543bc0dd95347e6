import type { Database } from '../db/index.ts';
import type { Logger } from '../logger.ts';
import type { ClusterContext, GrantedRole, Platform } from '../core/actor.ts';
import { formatDate, formatDateTime, toLocale, translator, type Locale, type Translate } from '../core/i18n.ts';
import type { ChannelPurpose, MeetingMirror, MembershipEvent, PlatformNotifier, PrivateDelivery, SyncProblem } from '../core/notifier.ts';
import type { Reply } from '../core/reply.ts';
import { clusterAddress, type ClusterService } from './clusters.ts';

/** Messages about failed messages: reporting their own failure would only fail again. */
const UNREPORTED_KINDS = new Set(['delivery-failed', 'channel-fallback', 'sync-problem']);

/** What the platform did with a membership change: nothing (no roles there), or mirrored with these problems. */
export interface SyncOutcome {
  mirrored: boolean;
  problems: SyncProblem[];
}

/** Builds a message in the recipient's language. */
export interface MessageTools {
  t: Translate;
  locale: Locale;
  /** The cluster's time zone, for saying which one a time is in. */
  timeZone: string;
  date(d: Date): string;
  dateTime(d: Date): string;
}
export type MessageBuilder = (tools: MessageTools) => Reply;

export function messageTools(locale: Locale, timeZone: string, assembly?: string): MessageTools {
  return {
    t: translator(locale, { timeZone, assembly }),
    locale,
    timeZone,
    date: (d) => formatDate(d, locale, timeZone),
    dateTime: (d) => formatDateTime(d, locale, timeZone),
  };
}

/**
 * How services and jobs reach people without knowing the platform: the message is built in each
 * recipient's language and handed to that cluster's platform notifier. A refused DM is recorded
 * (and the adapter falls back to a mention in the bot channel).
 */
export class NotificationService {
  private readonly notifiers = new Map<Platform, PlatformNotifier>();

  constructor(
    private readonly db: Database,
    private readonly clusters: ClusterService,
    private readonly log: Logger,
  ) {}

  register(notifier: PlatformNotifier): void {
    this.notifiers.set(notifier.platform, notifier);
  }

  private notifierFor(cluster: ClusterContext): PlatformNotifier | undefined {
    const notifier = this.notifiers.get(cluster.platform);
    if (!notifier) this.log.warn({ clusterId: cluster.id, platform: cluster.platform }, 'no notifier for platform; message dropped');
    return notifier;
  }

  async toPerson(clusterId: string, personId: string, build: MessageBuilder, kind = 'message'): Promise<PrivateDelivery> {
    const cluster = await this.clusters.byId(clusterId);
    const person = await this.db.people.byId(personId);
    if (!person || person.erasedAt) return { status: 'failed', reason: 'unknown-person' };
    const notifier = this.notifierFor(cluster);
    if (!notifier) return { status: 'failed', reason: 'no-notifier' };
    const locale = toLocale(person.locale, cluster.locale);
    const message = { ...build(messageTools(locale, cluster.timeZone, cluster.settings.assemblyName)), private: true, locale };
    let result: PrivateDelivery;
    try {
      result = await notifier.sendPrivate(clusterAddress(cluster), { personId, platformUserId: person.platformUserId }, message);
    } catch (error) {
      result = { status: 'failed', reason: (error as Error).message.slice(0, 200) };
    }
    if (result.status !== 'sent') {
      await this.db.notificationFailures.record({
        clusterId,
        personId,
        kind,
        reason: result.reason,
        fallback: result.status === 'fallback' ? 'bot-channel' : null,
      });
      this.log.warn({ clusterId, personId, kind, status: result.status, reason: result.reason }, 'private message not delivered');
      // Nobody got it at all (no fallback post either): the coordinators hear whom it missed.
      if (result.status === 'failed' && !UNREPORTED_KINDS.has(kind)) await this.reportUndelivered(clusterId, person.displayName, kind, message.title ?? '');
    }
    return result;
  }

  // The platform's own reason is English and technical: it stays in the log and the failure record.
  private async reportUndelivered(clusterId: string, to: string, kind: string, title: string): Promise<void> {
    await this.toRoles(
      clusterId,
      ['coordinator'],
      ({ t }) => ({ title: t('core.notify.undeliveredTitle'), text: t('core.notify.undelivered', { person: to, title: title || kind }), tone: 'warning' }),
      'delivery-failed',
    );
  }

  /** Everyone holding one of the roles, each in their language. */
  async toRoles(clusterId: string, roles: GrantedRole[], build: MessageBuilder, kind = 'message'): Promise<number> {
    const rows = await this.db.people.withRole(clusterId, roles);
    const ids = [...new Set(rows.map((r) => r.personId))];
    for (const id of ids) await this.toPerson(clusterId, id, build, kind);
    return ids.length;
  }

  /** A cluster channel, in the cluster's language. Returns the message reference. */
  async toChannel(clusterId: string, channel: ChannelPurpose, build: MessageBuilder): Promise<string | undefined> {
    const cluster = await this.clusters.byId(clusterId);
    const notifier = this.notifierFor(cluster);
    if (!notifier) return undefined;
    const message = { ...build(messageTools(cluster.locale, cluster.timeZone, cluster.settings.assemblyName)), locale: cluster.locale };
    try {
      return await notifier.postToChannel(clusterAddress(cluster), channel, message);
    } catch (error) {
      // The platform gave up after its own retries. The post is not lost: the coordinators get it
      // privately, with a note that it did not reach the channel.
      this.log.error({ clusterId, channel, err: error }, 'channel post failed');
      await this.db.notificationFailures.record({ clusterId, kind: `channel:${channel}`, reason: (error as Error).message.slice(0, 200), fallback: 'coordinator-dm' });
      await this.toRoles(
        clusterId,
        ['coordinator'],
        (tools) => {
          const original = build(tools);
          return { ...original, text: [tools.t('core.notify.channelFailed', { channel: tools.t(`core.channels.${channel}`) }), original.text].filter(Boolean).join('\n\n') };
        },
        'channel-fallback',
      );
      return undefined;
    }
  }

  async updateChannelMessage(clusterId: string, ref: string, build: MessageBuilder): Promise<void> {
    const cluster = await this.clusters.byId(clusterId);
    const notifier = this.notifierFor(cluster);
    if (!notifier?.updateMessage) return;
    try {
      await notifier.updateMessage(clusterAddress(cluster), ref, { ...build(messageTools(cluster.locale, cluster.timeZone, cluster.settings.assemblyName)), locale: cluster.locale });
    } catch (error) {
      this.log.warn({ clusterId, err: (error as Error).message }, 'message update failed');
    }
  }

  /**
   * Mirrors a meeting on the platform's own event list. Returns undefined where the platform has
   * none (Slack, console); problems are the caller's to report, once.
   */
  async meetingChanged(clusterId: string, meeting: MeetingMirror): Promise<{ ref: string | null; problems: SyncProblem[] } | undefined> {
    const cluster = await this.clusters.byId(clusterId);
    const notifier = this.notifiers.get(cluster.platform);
    if (!notifier?.mirrorMeeting) return undefined;
    try {
      return await notifier.mirrorMeeting(clusterAddress(cluster), meeting);
    } catch (error) {
      return { ref: meeting.ref, problems: [{ reason: 'error', detail: (error as Error).message.slice(0, 200) }] };
    }
  }

  /**
   * Mirrors a membership change on the platform (roles, channels). Problems the adapter met are
   * reported to the coordinators, not swallowed.
   */
  async membershipChanged(clusterId: string, event: MembershipEvent): Promise<SyncOutcome> {
    const cluster = await this.clusters.byId(clusterId);
    const notifier = this.notifiers.get(cluster.platform);
    if (!notifier?.applyMembershipEvent) return { mirrored: false, problems: [] };
    let problems;
    try {
      problems = await notifier.applyMembershipEvent(clusterAddress(cluster), event);
    } catch (error) {
      problems = [{ reason: 'error', detail: (error as Error).message.slice(0, 200) }];
    }
    if (problems.length === 0) return { mirrored: true, problems };
    this.log.warn({ clusterId, event: event.type, problems }, 'platform sync problems');
    await this.toRoles(
      clusterId,
      ['coordinator'],
      ({ t }) => ({
        title: t('core.sync.problemTitle'),
        text: problems.map((p) => t('core.sync.problem', { reason: p.reason, detail: p.detail })).join('\n'),
        tone: 'warning',
      }),
      'sync-problem',
    );
    return { mirrored: true, problems };
  }
}
