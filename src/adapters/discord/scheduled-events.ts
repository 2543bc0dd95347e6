import type { REST } from '@discordjs/rest';
import {
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  GuildScheduledEventStatus,
  Routes,
  type APIGuildScheduledEvent,
  type RESTPatchAPIGuildScheduledEventJSONBody,
  type RESTPostAPIGuildScheduledEventJSONBody,
} from 'discord-api-types/v10';
import type { ClusterAddress, MeetingMirror, SyncProblem } from '../../core/notifier.ts';
import { discordErrorCode } from './rest.ts';

const MISSING_PERMISSIONS = 50013;
const MISSING_ACCESS = 50001;
const UNKNOWN_SCHEDULED_EVENT = 10070;

/** A link to a channel of this very server (`https://discord.com/channels/<guild>/<channel>`): the meeting is held in that voice channel. */
function voiceChannel(link: string, guildId: string): string | undefined {
  const m = /^https:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/channels\/(\d{17,20})\/(\d{17,20})\/?$/.exec(link.trim());
  return m && m[1] === guildId ? m[2] : undefined;
}

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Where the event says it is: a voice channel of the server, or a place (and the link) as text. */
function where(meeting: MeetingMirror, guildId: string) {
  const channelId = meeting.onlineLink ? voiceChannel(meeting.onlineLink, guildId) : undefined;
  if (channelId) return { entity_type: GuildScheduledEventEntityType.Voice, channel_id: channelId } as const;
  const location = [meeting.place, meeting.onlineLink].filter(Boolean).join(' · ') || meeting.title;
  return { entity_type: GuildScheduledEventEntityType.External, channel_id: null, entity_metadata: { location: cut(location, 100) } } as const;
}

function fields(meeting: MeetingMirror, guildId: string) {
  return {
    name: cut(meeting.title, 100),
    description: cut(meeting.description, 1000),
    scheduled_start_time: meeting.startsAt.toISOString(),
    scheduled_end_time: meeting.endsAt.toISOString(),
    privacy_level: GuildScheduledEventPrivacyLevel.GuildOnly,
    ...where(meeting, guildId),
  };
}

/**
 * A meeting as a guild scheduled event: created when scheduled, edited with it, cancelled with it.
 * The event's "interested" list is Discord's; the bot's attend buttons stay the record. What
 * Discord refuses is returned as a problem, never thrown.
 */
export async function mirrorScheduledEvent(rest: REST, cluster: ClusterAddress, meeting: MeetingMirror): Promise<{ ref: string | null; problems: SyncProblem[] }> {
  const guildId = cluster.externalId;
  try {
    if (meeting.change === 'cancelled') {
      if (!meeting.ref) return { ref: null, problems: [] };
      const body: RESTPatchAPIGuildScheduledEventJSONBody = { status: GuildScheduledEventStatus.Canceled };
      await rest.patch(Routes.guildScheduledEvent(guildId, meeting.ref), { body, reason: 'meeting cancelled' });
      return { ref: meeting.ref, problems: [] };
    }
    if (meeting.ref) {
      try {
        const body: RESTPatchAPIGuildScheduledEventJSONBody = fields(meeting, guildId);
        await rest.patch(Routes.guildScheduledEvent(guildId, meeting.ref), { body, reason: 'meeting changed' });
        return { ref: meeting.ref, problems: [] };
      } catch (error) {
        // Deleted by hand on the server: the meeting still deserves its event.
        if (discordErrorCode(error) !== UNKNOWN_SCHEDULED_EVENT) throw error;
      }
    }
    const body = fields(meeting, guildId) as RESTPostAPIGuildScheduledEventJSONBody;
    const created = (await rest.post(Routes.guildScheduledEvents(guildId), { body, reason: 'meeting scheduled' })) as APIGuildScheduledEvent;
    return { ref: created.id, problems: [] };
  } catch (error) {
    if (meeting.change === 'cancelled' && discordErrorCode(error) === UNKNOWN_SCHEDULED_EVENT) return { ref: null, problems: [] };
    const code = discordErrorCode(error);
    const reason = code === MISSING_PERMISSIONS || code === MISSING_ACCESS ? 'missing-permission' : 'error';
    const message = error instanceof Error ? error.message : String(error);
    return { ref: meeting.ref, problems: [{ reason, detail: `${code ?? ''} ${message}`.trim().slice(0, 200) }] };
  }
}
