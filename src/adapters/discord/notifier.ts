import type { REST } from '@discordjs/rest';
import { Routes, type APIChannel, type APIMessage, type APIRole } from 'discord-api-types/v10';
import type { App } from '../../app.ts';
import { discordErrorCode } from './rest.ts';
import { translate } from '../../core/i18n.ts';
import type { ChannelPurpose, ClusterAddress, MeetingMirror, MembershipEvent, PersonAddress, PlatformNotifier, PrivateDelivery, SyncProblem } from '../../core/notifier.ts';
import { mirrorScheduledEvent } from './scheduled-events.ts';
import type { Reply } from '../../core/reply.ts';
import { allowedMentions, componentsInGuild, renderMessage } from './render.ts';

/** Discord: "Cannot send messages to this user" (closed DMs, blocked bot, no shared server). */
const CANNOT_DM = 50007;
const MISSING_PERMISSIONS = 50013;
const UNKNOWN_MEMBER = 10007;
const UNKNOWN_ROLE = 10011;

const DM_CHANNEL_CACHE = 500;

const codeOf = discordErrorCode;

/**
 * How services reach people on Discord. Everything goes through REST (no gateway cache needed), so
 * the same notifier serves the gateway and the HTTP-interactions mode.
 */
export class DiscordNotifier implements PlatformNotifier {
  readonly platform = 'discord' as const;
  /** Bounded: a DM channel id per user saves one request per message. */
  private readonly dmChannels = new Map<string, string>();

  constructor(
    private readonly app: App,
    private readonly rest: REST,
  ) {}

  private async dmChannel(userId: string): Promise<string> {
    const known = this.dmChannels.get(userId);
    if (known) return known;
    const channel = (await this.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as APIChannel;
    if (this.dmChannels.size >= DM_CHANNEL_CACHE) this.dmChannels.delete(this.dmChannels.keys().next().value!);
    this.dmChannels.set(userId, channel.id);
    return channel.id;
  }

  async sendPrivate(cluster: ClusterAddress, to: PersonAddress, message: Reply): Promise<PrivateDelivery> {
    const locale = (await this.app.services.clusters.byId(cluster.id)).locale;
    const { body, files, more } = renderMessage({ ...message, private: false }, locale);
    // A press in a DM arrives without the server: the buttons carry it.
    body.components = componentsInGuild(body.components, cluster.externalId);
    try {
      const channelId = await this.dmChannel(to.platformUserId);
      await this.rest.post(Routes.channelMessages(channelId), { body, files });
      for (const next of more) await this.rest.post(Routes.channelMessages(channelId), { body: next.body, files: next.files });
      return { status: 'sent' };
    } catch (error) {
      if (codeOf(error) !== CANNOT_DM) return { status: 'failed', reason: describe(error) };
    }
    // Closed DMs: a mention in the bot channel tells the person, without repeating in public what
    // was meant for them alone.
    const channelId = cluster.channels.bot;
    if (!channelId) return { status: 'failed', reason: 'dm-closed; no bot channel configured' };
    const content = translate(locale, 'discord.dmFallback', { mention: `<@${to.platformUserId}>` });
    try {
      await this.rest.post(Routes.channelMessages(channelId), { body: { content, allowed_mentions: allowedMentions(content) } });
      return { status: 'fallback', reason: 'dm-closed (50007)' };
    } catch (error) {
      return { status: 'failed', reason: `dm-closed (50007); fallback failed: ${describe(error)}` };
    }
  }

  async postToChannel(cluster: ClusterAddress, channel: ChannelPurpose, message: Reply): Promise<string | undefined> {
    const channelId = cluster.channels[channel] ?? cluster.channels.bot;
    if (!channelId) {
      this.app.log.warn({ clusterId: cluster.id, channel }, 'no Discord channel configured for this purpose');
      return undefined;
    }
    const locale = (await this.app.services.clusters.byId(cluster.id)).locale;
    const { body, files, more } = renderMessage({ ...message, private: false }, locale);
    const posted = (await this.rest.post(Routes.channelMessages(channelId), { body, files })) as APIMessage;
    for (const next of more) await this.rest.post(Routes.channelMessages(channelId), { body: next.body, files: next.files });
    return `${channelId}/${posted.id}`;
  }

  async updateMessage(cluster: ClusterAddress, ref: string, message: Reply): Promise<void> {
    const [channelId, messageId] = ref.split('/');
    if (!channelId || !messageId) throw new Error(`not a Discord message reference: ${ref}`);
    const locale = (await this.app.services.clusters.byId(cluster.id)).locale;
    const { body, files } = renderMessage({ ...message, private: false }, locale);
    await this.rest.patch(Routes.channelMessage(channelId, messageId), { body, files });
  }

  /** Meetings appear among the server's events (Guild Scheduled Events). */
  mirrorMeeting(cluster: ClusterAddress, meeting: MeetingMirror): Promise<{ ref: string | null; problems: SyncProblem[] }> {
    return mirrorScheduledEvent(this.rest, cluster, meeting);
  }

  /**
   * Grants or removes the roles a membership change implies. Roles are found by name in the guild
   * (names from the cluster's settings); what cannot be done is returned, never thrown or hidden.
   * A 429 waits in discord.js's REST queue and is retried there.
   */
  async applyMembershipEvent(cluster: ClusterAddress, event: MembershipEvent): Promise<SyncProblem[]> {
    const plan = rolePlan(cluster, event);
    if (!plan.names.length || !event.people.length) return [];
    const guildId = cluster.externalId;
    let roles: APIRole[];
    try {
      roles = (await this.rest.get(Routes.guildRoles(guildId))) as APIRole[];
    } catch (error) {
      return [{ reason: problemReason(error), detail: `roles of guild ${guildId}: ${describe(error)}` }];
    }
    const problems: SyncProblem[] = [];
    for (const name of plan.names) {
      const role = roles.find((r) => r.name === name) ?? roles.find((r) => r.name.toLowerCase() === name.toLowerCase());
      if (!role) {
        problems.push({ reason: 'missing-role', detail: name });
        continue;
      }
      for (const person of event.people) {
        const route = Routes.guildMemberRole(guildId, person.platformUserId, role.id);
        try {
          if (plan.grant) await this.rest.put(route, { reason: event.type });
          else await this.rest.delete(route, { reason: event.type });
        } catch (error) {
          // Removing a role from someone who left the server is already done.
          if (!plan.grant && codeOf(error) === UNKNOWN_MEMBER) continue;
          problems.push({ reason: problemReason(error), detail: `${name} → <@${person.platformUserId}>: ${describe(error)}` });
        }
      }
    }
    return problems;
  }
}

function problemReason(error: unknown): string {
  switch (codeOf(error)) {
    case MISSING_PERMISSIONS:
      return 'missing-permission';
    case UNKNOWN_MEMBER:
      return 'not-in-server';
    case UNKNOWN_ROLE:
      return 'missing-role';
    default:
      return 'error';
  }
}

function describe(error: unknown): string {
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  return (code !== undefined ? `${code} ${message}` : message).slice(0, 200);
}

/** Which roles an event touches, and whether it grants or removes them. */
export function rolePlan(cluster: ClusterAddress, event: MembershipEvent): { grant: boolean; names: string[] } {
  const r = cluster.roleNames;
  const category = (c: string) => (c === 'main' ? [r.mainMember] : c === 'supporting' ? [r.supportingMember] : []);
  switch (event.type) {
    case 'member.accepted':
    case 'member.reinstated':
    case 'representative.added':
      return { grant: true, names: [r.member, ...category(event.category)] };
    case 'member.suspended':
    case 'member.ended':
    case 'representative.removed':
      return { grant: false, names: [r.member, ...category(event.category)] };
    case 'group.joined':
    case 'group.created':
      return { grant: true, names: [`${r.groupPrefix}${event.groupName}`] };
    case 'group.left':
    case 'group.dissolved':
      return { grant: false, names: [`${r.groupPrefix}${event.groupName}`] };
  }
}
