import { z } from 'zod';
import { httpUrl, text } from '../src/core/input.ts';
import { valueName } from '../src/core/labels.ts';
import { defineCommand, defineSubcommand, type CommandContext } from '../src/core/command.ts';
import { labelled, oneRecord, userOption } from '../src/core/options.ts';
import { anyOf } from '../src/core/permissions.ts';
import type { Field, Reply } from '../src/core/reply.ts';
import { statusLabelKey } from '../src/services/membership.ts';
import { CATEGORIES, STATUS_REASONS } from '../src/core/vocabulary.ts';
import { memberPicker, personPicker } from './pickers.ts';

/** An organisation's own representatives, or the coordinator who runs memberships; which organisation is the service's check. */
const OWN_ORGANISATION = anyOf('representative', 'coordinator');

const memberRef = () => text().trim().min(1).max(150).optional().describe('membership.options.member');

/** The organisation a subcommand acts on: the caller's own, or (coordinator) the one named. */
function targetMember(ctx: CommandContext<{ member?: string | undefined }>) {
  return ctx.services.members.organisationFor(ctx.cluster, ctx.actor, ctx.options.member);
}

const withJustification = text().trim().min(10).max(1000).describe('membership.options.justification');

/** Suspending and ending a membership take the same input: one of the model's reasons and a justification. */
function sanction(kind: 'suspend' | 'end') {
  return defineSubcommand({
    description: kind === 'suspend' ? 'membership.commands.member.suspend' : 'membership.commands.member.end',
    permission: 'coordinator',
    options: z.object({
      member: text().trim().min(1).max(150).describe('membership.options.member'),
      reason: labelled(z.enum(STATUS_REASONS), 'membership.reasons').describe('membership.options.reason'),
      justification: withJustification,
    }),
    pickers: { member: memberPicker() },
    async run({ options, cluster, actor, services, t }) {
      const member = await services.members.member(cluster, options.member);
      await services.members[kind](cluster, actor.personId, member.id, options.reason, options.justification);
      return { text: t(kind === 'suspend' ? 'membership.life.suspended' : 'membership.life.ended', { org: member.name }), private: true, tone: 'success' };
    },
  });
}

/** Adding and removing a representative: the organisation's own representatives or the coordinator (which organisation is checked in the service). */
function representativeChange(change: 'add' | 'remove') {
  return defineSubcommand({
    description: change === 'add' ? 'membership.commands.member.addRepresentative' : 'membership.commands.member.removeRepresentative',
    permission: OWN_ORGANISATION,
    options: z.object({ user: userOption().describe('core.options.user'), member: memberRef() }),
    pickers: { member: memberPicker(), user: personPicker },
    async run(ctx) {
      const { options, cluster, actor, services, t, users } = ctx;
      const member = await targetMember(ctx);
      const person = await services.people.ensure(cluster.id, options.user, users[options.user]?.displayName ?? options.user);
      if (change === 'add') await services.members.addRepresentative(cluster, actor.personId, member.id, person.id);
      else await services.members.removeRepresentative(cluster, actor.personId, member.id, person.id);
      return {
        text: t(change === 'add' ? 'membership.representatives.added' : 'membership.representatives.removed', { person: `<@${options.user}>`, org: member.name }),
        private: true,
        tone: 'success',
      };
    },
  });
}

/** The yearly confirmation, typed or pressed in its reminder: the profile and the catalogue entries are current. */
async function confirmData({ cluster, actor, services, t }: Omit<CommandContext, 'options'>): Promise<Reply> {
  const member = await services.members.confirmData(cluster, actor.personId, actor.member!.id);
  const entries = (await services.catalogue.ofMember(cluster, member.id, member.name)).length;
  const lines = [t('membership.profile.confirmedNow', { org: member.name }), entries ? t('catalogue.reminder.confirmedEntries', { count: entries }) : ''];
  return { text: lines.filter(Boolean).join(' '), private: true, tone: 'success' };
}

export default defineCommand({
  name: 'member',
  description: 'membership.commands.member.description',
  localizedNames: { pl: 'czlonek' },
  subcommands: {
    profile: defineSubcommand({
      description: 'membership.commands.member.profile',
      permission: OWN_ORGANISATION,
      ...oneRecord('member', memberRef(), memberPicker()),
      async run(ctx) {
        const { t, format, services } = ctx;
        const member = await targetMember(ctx);
        const reps = await services.members.representativesOf(member.id);
        const fields: Field[] = [
          { label: t('membership.profile.category'), value: t(`membership.categories.${member.category}`), inline: true },
          { label: t('membership.profile.status'), value: t(statusLabelKey(member.status)), inline: true },
          { label: t('membership.show.legalForm'), value: valueName(t, 'membership.legalForms', member.legalForm, 'membership.legalForms.other-entity'), inline: true },
          { label: t('membership.show.place'), value: [member.municipality, member.county].filter(Boolean).join(', ') || '–' },
          { label: t('membership.profile.description'), value: member.description || '–' },
          { label: t('membership.profile.sectors'), value: member.sectors || '–' },
          { label: t('membership.profile.offers'), value: member.offers || '–' },
          { label: t('fees.profile.employees'), value: member.employees === null ? t('fees.profile.employeesUnknown') : String(member.employees), inline: true },
          { label: t('membership.profile.contact'), value: [member.contactEmail, member.website].filter(Boolean).join(' · ') || '–' },
          { label: t('membership.profile.representatives'), value: reps.map((p) => `<@${p.platformUserId}>`).join(', ') || '–' },
          { label: t('membership.profile.joined'), value: format.date(member.joinedAt), inline: true },
          { label: t('membership.profile.confirmed'), value: format.date(member.dataConfirmedAt), inline: true },
        ];
        if (member.conditions) fields.push({ label: t('membership.status.conditions'), value: `${member.conditions}${member.conditionsReviewAt ? ` (${t('membership.show.review', { date: format.date(member.conditionsReviewAt) })})` : ''}` });
        if (member.statusNote && member.status !== 'active') fields.push({ label: t('membership.status.justification'), value: member.statusNote });
        return { title: member.name, text: t('membership.profile.keepCurrent'), fields, private: true };
      },
    }),
    update: defineSubcommand({
      description: 'membership.commands.member.update',
      permission: 'member',
      options: z.object({
        description: text().trim().min(10).max(2000).optional().describe('membership.options.description'),
        sectors: text().trim().max(300).optional().describe('membership.options.sectors'),
        offers: text().trim().max(1000).optional().describe('membership.options.offers'),
        website: httpUrl().max(200).optional().describe('membership.options.website'),
        email: text().trim().pipe(z.email()).optional().describe('membership.options.email'),
        municipality: text().trim().min(2).max(100).optional().describe('membership.apply.fields.municipality'),
        county: text().trim().min(2).max(100).optional().describe('membership.apply.fields.county'),
        employees: z.number().int().min(0).max(100_000).optional().describe('fees.options.employees'),
        member: memberRef(),
      }),
      pickers: { member: memberPicker() },
      async run(ctx) {
        const { options: o, cluster, actor, services, t } = ctx;
        const member = await targetMember(ctx);
        await services.members.updateProfile(cluster, actor.personId, member.id, {
          description: o.description,
          sectors: o.sectors,
          offers: o.offers,
          website: o.website,
          contactEmail: o.email,
          municipality: o.municipality,
          county: o.county,
          employees: o.employees,
        });
        return { text: t('membership.profile.updated', { org: member.name }), private: true, tone: 'success' };
      },
    }),
    'confirm-data': defineSubcommand({
      description: 'membership.commands.member.confirmData',
      permission: 'member',
      options: z.object({}),
      run: confirmData,
    }),
    directory: defineSubcommand({
      description: 'membership.commands.member.directory',
      permission: 'anyone',
      options: z.object({
        category: labelled(z.enum(CATEGORIES), 'membership.categories').optional().describe('membership.options.category'),
        search: text().trim().min(2).max(60).optional().describe('membership.options.search'),
      }),
      async run({ options, cluster, services, t }) {
        const members = await services.members.directory(cluster, options);
        if (members.length === 0) return { text: t('membership.directory.empty'), private: true };
        const lines = members.map((m) => {
          const mark = m.category === 'supporting' ? ` _(${t('membership.directory.supporting')})_` : '';
          const details = [m.sectors, m.offers].filter(Boolean).join(' · ');
          return `• **${m.name}**${mark}${details ? ` – ${details}` : ''}`;
        });
        return { title: t('membership.directory.title', { count: members.length }), text: lines.join('\n'), private: true };
      },
    }),
    representatives: defineSubcommand({
      description: 'membership.commands.member.representatives',
      permission: OWN_ORGANISATION,
      ...oneRecord('member', memberRef(), memberPicker()),
      async run(ctx) {
        const member = await targetMember(ctx);
        const reps = await ctx.services.members.representativesOf(member.id);
        return { title: ctx.t('membership.representatives.title', { org: member.name }), text: reps.map((p) => `• <@${p.platformUserId}>`).join('\n') || '–', private: true };
      },
    }),
    'add-representative': representativeChange('add'),
    'remove-representative': representativeChange('remove'),
    suspend: sanction('suspend'),
    end: sanction('end'),
    reinstate: defineSubcommand({
      description: 'membership.commands.member.reinstate',
      permission: 'coordinator',
      options: z.object({
        member: text().trim().min(1).max(150).describe('membership.options.member'),
        justification: withJustification,
      }),
      pickers: { member: memberPicker() },
      async run({ options, cluster, actor, services, t }) {
        const member = await services.members.member(cluster, options.member);
        await services.members.reinstate(cluster, actor.personId, member.id, options.justification);
        return { text: t('membership.life.reinstated', { org: member.name }), private: true, tone: 'success' };
      },
    }),
    withdraw: defineSubcommand({
      description: 'membership.commands.member.withdraw',
      permission: 'representative',
      options: z.object({
        confirm: z.boolean().refine((v) => v, { message: 'membership.errors.confirmWithdrawal' }).describe('membership.options.confirmWithdrawal'),
        note: text().trim().max(1000).optional().describe('membership.options.withdrawalNote'),
      }),
      pickers: { member: memberPicker() },
      async run({ options, cluster, actor, services, t }) {
        const member = await services.members.withdraw(cluster, actor.personId, actor.member!.id, options.note);
        return { text: t('membership.life.withdrawn', { org: member.name }), private: true, tone: 'success' };
      },
    }),
  },
  actions: {
    /** The reminder's button. */
    confirm: { permission: 'member', run: confirmData },
  },
});
