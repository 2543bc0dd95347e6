import { z } from 'zod';
import { CLUSTER_MODELS, GRANTED_ROLES } from '../src/core/vocabulary.ts';
import { text } from '../src/core/input.ts';
import { defineCommand, defineSubcommand } from '../src/core/command.ts';
import { DomainError } from '../src/core/errors.ts';
import { translator, type Locale, type Translate, type TranslationKey } from '../src/core/i18n.ts';
import { channelOption, labelled, userOption } from '../src/core/options.ts';
import { describeFeeRules, feeRulesSchema } from '../src/services/fee-rules.ts';
import { FEE_RULES_FORM } from './fee.ts';

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
        role: labelled(z.enum(GRANTED_ROLES), 'core.roles').describe('core.options.role'),
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
      async run({ cluster, t, locale }) {
        return {
          title: t('core.setup.settingsTitle'),
          // Each setting by its name; the key in code style is what `/setup set key:` takes.
          fields: Object.entries(cluster.settings).map(([key, value]) => {
            const about = settingDescription(key, t);
            return { label: settingName(key, t), value: `${settingValue(key, value, t, locale)} · \`${key}\`${about ? `\n${about}` : ''}`, inline: true };
          }),
          private: true,
        };
      },
    }),
    model: defineSubcommand({
      description: 'models.commands.model',
      permission: 'coordinator',
      options: z.object({ model: labelled(z.enum(CLUSTER_MODELS), 'models.names').describe('models.options.model') }),
      async run({ options, cluster, services, t, locale }) {
        const { changed } = await services.clusters.applyModel(cluster.id, options.model);
        // The reply speaks of the assembly by the name the model just set.
        const after = await services.clusters.byId(cluster.id);
        const tt = translator(locale, { timeZone: after.timeZone, assembly: after.settings.assemblyName });
        const lines = changed.map((c) => tt('models.setup.changeLine', { name: settingName(c.key, tt), from: settingValue(c.key, c.from, tt, locale), to: settingValue(c.key, c.to, tt, locale) }));
        return {
          title: tt('models.setup.applied', { model: tt(`models.names.${options.model}`) }),
          text: [tt(`models.source.${options.model}`), '', changed.length ? tt('models.setup.changed') : tt('models.setup.nothingChanged'), ...lines, '', tt('models.setup.adjustable')].join('\n'),
          tone: 'success',
        };
      },
    }),
    fees: defineSubcommand({
      description: 'fees.commands.setup',
      permission: 'coordinator',
      options: z.object({
        entry: text().trim().max(30).optional().describe('fees.options.entry'),
        yearly: text().trim().max(300).optional().describe('fees.options.yearly'),
        supporting: text().trim().max(30).optional().describe('fees.options.supporting'),
        due: text().trim().max(10).optional().describe('fees.options.dueDate'),
        reminders: text().trim().max(10).optional().describe('fees.options.reminders'),
      }),
      form: FEE_RULES_FORM,
      async run({ options, cluster, services, t, locale, actor }) {
        const rules = await services.fees.setRules(cluster, actor.personId, options);
        return { title: t('fees.rules.setTitle'), text: describeFeeRules(rules, t, locale).join('\n'), tone: 'success', private: true };
      },
    }),
    set: defineSubcommand({
      description: 'core.commands.setup.set',
      permission: 'coordinator',
      options: z.object({
        key: text().trim().min(1).max(64).describe('core.options.key'),
        value: text().trim().min(1).max(500).describe('core.options.value'),
      }),
      async run({ options, cluster, services, t, locale }) {
        const { value } = await services.clusters.setSetting(cluster.id, options.key, options.value);
        return { text: t('core.setup.settingSet', { key: settingName(options.key, t), value: settingValue(options.key, value, t, locale) }), tone: 'success' };
      },
    }),
  },
});

/** A setting by its name in the reader's language; the key itself only for a setting without one. */
function settingName(key: string, t: Translate): string {
  const name = `core.settingNames.${key}` as TranslationKey;
  const text = t(name);
  return text === name ? key : text;
}

/** What a setting decides, where its name alone does not say it. */
function settingDescription(key: string, t: Translate): string | undefined {
  const about = `core.settingDescriptions.${key}` as TranslationKey;
  const text = t(about);
  return text === about ? undefined : text;
}

/** A setting's value as a reader says it: yes/no, numbers in their language, named choices. */
function settingValue(key: string, value: unknown, t: Translate, locale: Locale): string {
  const named = (labels: string, v: string) => {
    const k = `${labels}.${v}` as TranslationKey;
    const text = t(k);
    return text === k ? v : text;
  };
  const one = (v: unknown): string => {
    if (typeof v === 'boolean') return t(v ? 'core.form.yes' : 'core.form.no');
    if (typeof v === 'number') return new Intl.NumberFormat(locale).format(v);
    if (typeof v !== 'string') return JSON.stringify(v);
    if (key === 'defaultMajority') return named('governance.majority', v);
    if (key === 'autoActivities' || key === 'votingMembers' || key === 'assemblyName' || key === 'groupCreation') return named(`core.settingValues.${key}`, v);
    // Names the cluster chose (its Discord roles) are its own words: quoted, in whatever language.
    return t('core.validation.quoted', { text: v });
  };
  if (key === 'fees') {
    const rules = feeRulesSchema.safeParse(value);
    if (rules.success) return describeFeeRules(rules.data, t, locale).join(' ');
  }
  if (Array.isArray(value)) return value.length ? value.map(one).join(', ') : '—';
  if (key === 'channels' && value && typeof value === 'object') {
    const set = Object.entries(value as Record<string, string | undefined>).filter(([, id]) => id);
    return set.length ? set.map(([purpose, id]) => `${named('core.channels', purpose)}: <#${id}>`).join(', ') : '—';
  }
  if (key === 'voteWeights' && value && typeof value === 'object') {
    return Object.entries(value).map(([category, weight]) => `${named('core.settingValues.voteWeights', category)}: ${one(weight)}`).join(', ');
  }
  if (value && typeof value === 'object') return Object.values(value).map(one).join(', ');
  return one(value);
}
