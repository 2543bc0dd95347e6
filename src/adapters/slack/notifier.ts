import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger.ts';
import type { ChannelPurpose, ClusterAddress, MembershipEvent, PersonAddress, PlatformNotifier, PrivateDelivery, SyncProblem } from '../../core/notifier.ts';
import type { Attachment, Reply } from '../../core/reply.ts';
import { escapeText, hasBody, renderMessages, truncate } from './blocks.ts';

/** The Slack error code of a failed Web API call (`cannot_dm_bot`), or the message. */
export function slackError(error: unknown): string {
  const data = (error as { data?: { error?: string } })?.data;
  return data?.error ?? (error as Error)?.message?.slice(0, 200) ?? 'error';
}

/** `C123:1712345678.000100`: where a posted message lives, for chat.update. */
export function messageRef(channel: string, ts: string): string {
  return `${channel}:${ts}`;
}

/** `grupa-<slug>`: lower-case ASCII, digits, `-` and `_`, at most 80 characters (Slack's rules). */
export function groupChannelName(groupName: string): string {
  const slug = groupName
    .replace(/[łŁ]/g, 'l')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  return `grupa-${slug || 'bez-nazwy'}`.slice(0, 80).replace(/-+$/, '');
}

/** Errors that mean "already as wanted": inviting someone who is in, kicking someone who left. */
const ALREADY = new Set(['already_in_channel', 'not_in_channel', 'already_archived', 'cant_invite_self', 'cant_kick_self']);

/**
 * Delivers the core's messages in a Slack workspace and mirrors working groups as channels.
 * One bot token serves one workspace, so the cluster address only supplies channels and settings.
 */
export class SlackNotifier implements PlatformNotifier {
  readonly platform = 'slack' as const;
  /** Group channel ids by name; filled from conversations.list and conversations.create. */
  private readonly channelIds = new Map<string, string>();
  /** Told of each person messaged privately: what the bot tells someone is usually something that now waits for them. */
  onPrivate: (platformUserId: string) => void = () => {};

  constructor(
    private readonly client: WebClient,
    private readonly log: Logger,
    /** Shows command names with the workspace's slash prefix. */
    private readonly localize: (reply: Reply) => Reply = (reply) => reply,
  ) {}

  async sendPrivate(cluster: ClusterAddress, to: PersonAddress, original: Reply): Promise<PrivateDelivery> {
    this.onPrivate(to.platformUserId);
    const message = this.localize(original);
    try {
      const opened = await this.client.conversations.open({ users: to.platformUserId });
      const channel = opened.channel?.id;
      if (!channel) throw Object.assign(new Error('no DM channel'), { data: { error: 'channel_not_found' } });
      await this.post(channel, message);
      return { status: 'sent' };
    } catch (error) {
      return this.fallback(cluster, to, message, slackError(error));
    }
  }

  /**
   * A refused DM goes to the bot channel: the whole message only the person can see (ephemeral),
   * or, when that is refused too, a public mention with the subject alone, never the content.
   */
  private async fallback(cluster: ClusterAddress, to: PersonAddress, message: Reply, reason: string): Promise<PrivateDelivery> {
    const channel = cluster.channels.bot;
    if (!channel) return { status: 'failed', reason };
    const mention = `<@${to.platformUserId}>`;
    try {
      const [first] = renderMessages({ ...message, attachments: [] });
      await this.client.chat.postEphemeral({ channel, user: to.platformUserId, text: `${mention} ${first!.text}`, blocks: first!.blocks });
      return { status: 'fallback', reason };
    } catch (error) {
      this.log.warn({ clusterId: cluster.id, reason: slackError(error) }, 'slack ephemeral fallback refused');
    }
    try {
      const subject = message.title ? `: ${escapeText(truncate(message.title, 150))}` : '';
      await this.client.chat.postMessage({ channel, text: `${mention} 📬${subject}` });
      return { status: 'fallback', reason };
    } catch (error) {
      return { status: 'failed', reason: `${reason}; ${slackError(error)}` };
    }
  }

  async postToChannel(cluster: ClusterAddress, purpose: ChannelPurpose, message: Reply): Promise<string | undefined> {
    const channel = cluster.channels[purpose] ?? cluster.channels.bot;
    if (!channel) {
      this.log.warn({ clusterId: cluster.id, purpose }, 'no Slack channel set for this purpose');
      return undefined;
    }
    return this.post(channel, message);
  }

  async updateMessage(_cluster: ClusterAddress, ref: string, message: Reply): Promise<void> {
    const split = ref.lastIndexOf(':');
    if (split < 0) return;
    const [first] = renderMessages(this.localize(message));
    await this.client.chat.update({ channel: ref.slice(0, split), ts: ref.slice(split + 1), text: first!.text, blocks: first!.blocks });
  }

  /** Posts every page of a reply and its attachments; returns the first message's reference. */
  async post(channel: string, message: Reply): Promise<string | undefined> {
    let ref: string | undefined;
    const pages = hasBody(message) ? renderMessages(this.localize(message)) : [];
    for (const page of pages) {
      const posted = await this.client.chat.postMessage({ channel, text: page.text, blocks: page.blocks });
      if (!ref && posted.ts) ref = messageRef(posted.channel ?? channel, posted.ts);
    }
    await this.upload(channel, message.attachments ?? []);
    return ref;
  }

  async upload(channel: string, attachments: Attachment[]): Promise<void> {
    for (const file of attachments) await this.client.files.uploadV2({ channel_id: channel, file: file.data, filename: file.filename });
  }

  async applyMembershipEvent(cluster: ClusterAddress, event: MembershipEvent): Promise<SyncProblem[]> {
    if (!cluster.groupChannels) return [];
    if (event.type !== 'group.created' && event.type !== 'group.joined' && event.type !== 'group.left' && event.type !== 'group.dissolved') return [];
    const name = groupChannelName(event.groupName);
    const problems: SyncProblem[] = [];
    const attempt = async (what: string, fn: () => Promise<unknown>) => {
      try {
        await fn();
      } catch (error) {
        const reason = slackError(error);
        if (!ALREADY.has(reason)) problems.push({ reason, detail: `${what} #${name}` });
      }
    };
    switch (event.type) {
      case 'group.created':
      case 'group.joined': {
        let channel: string | undefined;
        await attempt('create', async () => (channel = await this.ensureChannel(name)));
        const users = event.people.map((p) => p.platformUserId);
        if (channel && users.length) await attempt(`invite ${users.join(',')}`, () => this.client.conversations.invite({ channel: channel!, users: users.join(',') }));
        break;
      }
      case 'group.left': {
        const channel = await this.findChannel(name).catch(() => undefined);
        if (!channel) break;
        for (const p of event.people) await attempt(`kick ${p.platformUserId}`, () => this.client.conversations.kick({ channel, user: p.platformUserId }));
        break;
      }
      case 'group.dissolved': {
        const channel = await this.findChannel(name).catch(() => undefined);
        if (!channel) break;
        await attempt('archive', () => this.client.conversations.archive({ channel }));
        this.channelIds.delete(name);
        break;
      }
    }
    return problems;
  }

  private async findChannel(name: string): Promise<string | undefined> {
    const known = this.channelIds.get(name);
    if (known) return known;
    let cursor: string | undefined;
    do {
      const page = await this.client.conversations.list({ types: 'public_channel', exclude_archived: true, limit: 1000, ...(cursor ? { cursor } : {}) });
      for (const c of page.channels ?? []) {
        if (c.name !== name || !c.id) continue;
        // A channel people made by hand: the bot has to be in it to invite and remove.
        if (!c.is_member) await this.client.conversations.join({ channel: c.id });
        this.channelIds.set(name, c.id);
        return c.id;
      }
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return undefined;
  }

  private async ensureChannel(name: string): Promise<string> {
    const found = await this.findChannel(name);
    if (found) return found;
    const created = await this.client.conversations.create({ name, is_private: false });
    const id = created.channel?.id;
    if (!id) throw Object.assign(new Error('channel not created'), { data: { error: 'channel_not_created' } });
    this.channelIds.set(name, id);
    return id;
  }
}
