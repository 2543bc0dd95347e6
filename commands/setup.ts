import { z } from 'zod';
import { text } from '../src/core/input.ts';
import { defineCommand, defineSubcommand } from '../src/core/command.ts';
import { DomainError } from '../src/core/errors.ts';
import { channelOption, labelled, userOption } from '../src/core/options.ts';

const ROLES = ['coordinator', 'operator', 'team'] as const;
const PURPOSES = ['bot', 'announcements', 'barter', 'coordinator'] as const;

export default defineCommand({
  name: 'setup',
  description: 'core.commands.setup.description',
  localizedNames: { pl: 'ustawienia' },
  subcommands: {
    role: defineSubcommand({
      description: 'core.commands.setup.role',
      // Platform administrators appoint the first coordinator; coordinators manage the team after.
      permission: 'admin',
      options: z.object({
        user: userOption().describe('core.options.user'),
        role: labelled(z.enum(ROLES), 'core.roles').describe('core.options.role'),
        revoke: z.boolean().default(false).describe('core.options.revoke'),
      }),
      async run({ options, cluster, actor, services, t, users }) {
        const person = await services.people.ensure(cluster.id, options.user, users[options.user]?.displayName ?? options.user);
        if (options.revoke) await services.people.revokeRole(cluster.id, person.id, options.role, actor.personId);
        else await services.people.grantRole(cluster.id, person.id, options.role, actor.personId);
        return {
          text: t(options.revoke ? 'core.setup.roleRevoked' : 'core.setup.roleGranted', { person: `<@${options.user}>`, role: t(`core.roles.${options.role}`) }),
          tone: 'success',
        };
      },
    }),
    channel: defineSubcommand({
      description: 'core.commands.setup.channel',
      permission: 'coordinator',
      options: z.object({
        purpose: labelled(z.enum(PURPOSES), 'core.channels').describe('core.options.purpose'),
        channel: channelOption().optional().describe('core.options.channel'),
      }),
      async run({ options, cluster, services, t, channelId }) {
        const channel = options.channel ?? channelId;
        if (!channel) throw new DomainError('core.errors.channelRequired');
        await services.clusters.updateSettings(cluster.id, { channels: { ...cluster.settings.channels, [options.purpose]: channel } });
        return { text: t('core.setup.channelSet', { purpose: t(`core.channels.${options.purpose}`), channel: `<#${channel}>` }), tone: 'success' };
      },
    }),
    language: defineSubcommand({
      description: 'core.commands.setup.language',
      permission: 'coordinator',
      options: z.object({ language: labelled(z.enum(['pl', 'en']), 'core.choices.language').describe('core.options.language') }),
      async run({ options, cluster, services, t }) {
        await services.clusters.update(cluster.id, { locale: options.language });
        return { text: t('core.setup.languageSet', { language: options.language }), tone: 'success' };
      },
    }),
    timezone: defineSubcommand({
      description: 'core.commands.setup.timezone',
      permission: 'coordinator',
      options: z.object({ timezone: text().trim().min(1).max(64).describe('core.options.timezone') }),
      async run({ options, cluster, services, t }) {
        await services.clusters.setTimeZone(cluster.id, options.timezone);
        return { text: t('core.setup.timezoneSet', { timezone: options.timezone }), tone: 'success' };
      },
    }),
    settings: defineSubcommand({
      description: 'core.commands.setup.settings',
      permission: 'coordinatingTeam',
      options: z.object({}),
      async run({ cluster, t }) {
        return {
          title: t('core.setup.settingsTitle'),
          fields: Object.entries(cluster.settings).map(([key, value]) => ({ label: key, value: `\`${JSON.stringify(value)}\``, inline: true })),
          private: true,
        };
      },
    }),
    set: defineSubcommand({
      description: 'core.commands.setup.set',
      permission: 'coordinator',
      options: z.object({
        key: text().trim().min(1).max(64).describe('core.options.key'),
        value: text().trim().min(1).max(500).describe('core.options.value'),
      }),
      async run({ options, cluster, services, t }) {
        const { value } = await services.clusters.setSetting(cluster.id, options.key, options.value);
        return { text: t('core.setup.settingSet', { key: options.key, value: JSON.stringify(value) }), tone: 'success' };
      },
    }),
  },
});
