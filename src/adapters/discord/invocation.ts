import {
  ApplicationCommandOptionType,
  PermissionFlagsBits,
  type APIApplicationCommandInteractionDataBasicOption,
  type APIApplicationCommandInteractionDataOption,
  type APIChatInputApplicationCommandInteraction,
  type APIInteraction,
  type APIInteractionGuildMember,
  type APIUser,
} from 'discord-api-types/v10';
import type { PlatformUser } from '../../services/people.ts';

/** What every interaction says about who acts, where. */
export interface InteractionOrigin {
  guildId: string;
  user: PlatformUser;
  channelId?: string;
}

export function displayName(user: APIUser, member?: { nick?: string | null }): string {
  return member?.nick || user.global_name || user.username;
}

/**
 * The guild is the cluster; language from the user's Discord client; "Administrator" from the
 * member's permissions in the guild (sent resolved with every guild interaction, never in a DM).
 */
export function interactionOrigin(raw: APIInteraction, dmGuildId?: string): InteractionOrigin | undefined {
  // In a DM there is no guild: a component the bot sent there names it (render.ts, inGuild).
  const guildId = raw.guild_id ?? dmGuildId;
  if (!guildId) return undefined;
  const member = (raw as { member?: APIInteractionGuildMember }).member;
  const user = member?.user ?? raw.user;
  if (!user) return undefined;
  const permissions = member?.permissions ? BigInt(member.permissions) : 0n;
  const channelId = raw.channel_id ?? raw.channel?.id;
  return {
    guildId,
    user: {
      id: user.id,
      displayName: displayName(user, member),
      ...('locale' in raw && raw.locale ? { locale: raw.locale } : {}),
      isPlatformAdmin: (permissions & PermissionFlagsBits.Administrator) === PermissionFlagsBits.Administrator,
    },
    ...(channelId ? { channelId } : {}),
  };
}

export interface CommandCall {
  command: string;
  subcommand?: string;
  options: Record<string, unknown>;
  users: Record<string, { displayName: string }>;
  /** Autocomplete: the option being typed and what is typed so far. */
  focused?: { name: string; typed: string };
}

/** A slash command's name, subcommand and typed option values (a USER option is the user's id). */
export function commandCall(raw: Pick<APIChatInputApplicationCommandInteraction, 'data'>): CommandCall {
  let options: APIApplicationCommandInteractionDataOption[] = raw.data.options ?? [];
  let subcommand: string | undefined;
  const first = options[0];
  if (first?.type === ApplicationCommandOptionType.SubcommandGroup) {
    const sub = first.options[0];
    subcommand = sub ? `${first.name}.${sub.name}` : first.name;
    options = sub?.options ?? [];
  } else if (first?.type === ApplicationCommandOptionType.Subcommand) {
    subcommand = first.name;
    options = first.options ?? [];
  }
  const values: Record<string, unknown> = {};
  let focused: CommandCall['focused'];
  for (const o of options as (APIApplicationCommandInteractionDataBasicOption & { focused?: boolean })[]) {
    if ('value' in o) values[o.name] = o.value;
    if (o.focused) focused = { name: o.name, typed: 'value' in o ? String(o.value ?? '') : '' };
  }
  const users: Record<string, { displayName: string }> = {};
  const resolved = raw.data.resolved;
  for (const [id, user] of Object.entries(resolved?.users ?? {})) {
    users[id] = { displayName: displayName(user, resolved?.members?.[id]) };
  }
  return { command: raw.data.name, ...(subcommand ? { subcommand } : {}), options: values, users, ...(focused ? { focused } : {}) };
}
