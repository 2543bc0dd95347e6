import { isLeaf, isStaffOnly, LEAF, type CommandDefinition } from '../../core/command.ts';
import { translate, type Locale } from '../../core/i18n.ts';
import { registeredOptions } from '../../core/options.ts';
import { truncate } from './blocks.ts';
import { slashFor } from './parse.ts';

/**
 * Bot scopes, each for one thing the adapter does:
 * - commands: the slash commands; chat:write: replies and notifications;
 * - im:write: conversations.open for private messages; users:read: users.info (language, admin);
 * - app_mentions:read: the app_mention event (a hint when someone @-mentions the bot);
 * - channels:read, channels:manage, channels:join: working-group channels (find, create, invite,
 *   remove, archive; join one people made by hand), only used when the cluster enables them;
 * - files:write: attachments (CSV/JSON exports) via files.uploadV2.
 */
export const BOT_SCOPES = [
  'app_mentions:read',
  'channels:join',
  'channels:manage',
  'channels:read',
  'chat:write',
  'commands',
  'files:write',
  'im:write',
  'users:read',
] as const;

/** app_home_opened: the Home tab shows what waits for the person (`/home`). */
export const BOT_EVENTS = ['app_home_opened', 'app_mention'] as const;

/** Slack: a command is at most 32 characters with the slash; descriptions and hints stay short in the picker. */
const COMMAND_MAX = 32;
const DESCRIPTION_MAX = 2000;
const USAGE_HINT_MAX = 100;

export interface ManifestOptions {
  prefix: string;
  locale: Locale;
  /** HTTP mode: the public base URL; without it the manifest is for Socket Mode. */
  url?: string;
  name?: string;
}

function usageHint(def: CommandDefinition, locale: Locale): string {
  if (isLeaf(def)) {
    const sub = def.subcommands[LEAF]!;
    // The same split as Discord's options: a form's fields are optional, its long texts left to the form.
    const options = registeredOptions(sub).map((o) => (o.required ? `${o.name}:…` : `[${o.name}:…]`));
    return [...(sub.form ? [translate(locale, 'slack.manifest.opensForm')] : []), ...options].join(' ');
  }
  return `${Object.keys(def.subcommands).join(' | ')} [name:value …]`;
}

/**
 * The Slack app manifest, generated from the command registry: one slash command per top-level
 * command (`/pkes-activity log title:"…"`), as Slack users know from apps with many commands.
 */
export function buildManifest(commands: readonly CommandDefinition[], opts: ManifestOptions) {
  const t = (key: Parameters<typeof translate>[1]) => translate(opts.locale, key);
  const endpoint = opts.url ? `${opts.url.replace(/\/+$/, '')}/slack/events` : undefined;
  const slashCommands = commands.map((def) => {
    const command = slashFor(def, opts.prefix);
    if (command.length > COMMAND_MAX) throw new Error(`${command} is longer than Slack's ${COMMAND_MAX} characters; use a shorter SLACK_COMMAND_PREFIX`);
    const subs = isLeaf(def) ? '' : ` – ${translate(opts.locale, 'slack.manifest.subcommands', { list: Object.keys(def.subcommands).join(', ') })}`;
    const hint = usageHint(def, opts.locale);
    // Slack cannot hide a command from members as Discord does; the description says who it is for.
    const staff = isStaffOnly(def) ? ` – ${t('slack.manifest.staffOnly')}` : '';
    return {
      command,
      ...(endpoint ? { url: endpoint } : {}),
      description: truncate(`${t(def.description)}${staff}${subs}`, DESCRIPTION_MAX),
      ...(hint ? { usage_hint: truncate(hint, USAGE_HINT_MAX) } : {}),
      // Mentions arrive as <@U123|name>, so options naming a person carry the user id.
      should_escape: true,
    };
  });
  const name = opts.name ?? 'PKES';
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name,
      description: truncate(t('slack.manifest.description'), 140),
      background_color: '#1d4f91',
    },
    features: {
      bot_user: { display_name: name, always_online: true },
      // The Home tab is what waits for the person; the Messages tab is where private answers arrive.
      app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      slash_commands: slashCommands,
    },
    oauth_config: { scopes: { bot: [...BOT_SCOPES] } },
    settings: {
      event_subscriptions: { ...(endpoint ? { request_url: endpoint } : {}), bot_events: [...BOT_EVENTS] },
      // Selects that search records as one types (external_select) ask the same endpoint for options.
      interactivity: { is_enabled: true, ...(endpoint ? { request_url: endpoint, message_menu_options_url: endpoint } : {}) },
      org_deploy_enabled: false,
      socket_mode_enabled: !endpoint,
      token_rotation_enabled: false,
    },
  };
}

export function manifestJson(commands: readonly CommandDefinition[], opts: ManifestOptions): string {
  return `${JSON.stringify(buildManifest(commands, opts), null, 2)}\n`;
}
