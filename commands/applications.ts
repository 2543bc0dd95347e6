import { z } from 'zod';
import { userText } from '../src/core/text.ts';
import { valueName } from '../src/core/labels.ts';
import { labelled, oneRecord } from '../src/core/options.ts';
import { defineCommand, defineSubcommand } from '../src/core/command.ts';
import type { CommandContext } from '../src/core/command.ts';
import { describeAuditAction } from '../src/core/audit.ts';
import type { TranslationKey } from '../src/core/i18n.ts';
import type { Field, Reply } from '../src/core/reply.ts';
import { inputNotes, readDate, readDateTime, text } from '../src/core/input.ts';
import { asFormValues, nextButtons, pickApplication, stepForm, takeStep } from './applications-steps.ts';
import { applicationPicker, memberPicker } from './pickers.ts';
import { stageLabelKey, type Verification } from '../src/services/membership.ts';
import { CRITERIA, DECISIONS, RECOMMENDATIONS, type Criterion, type Stage } from '../src/core/vocabulary.ts';
import { decisionDue } from '../src/services/admission.ts';

const ref = () => text().trim().min(1).max(150).describe('membership.options.application');
/** A step's application: from its form (the argument) or chosen in the option. */
const stepRef = () => ref().optional();
const note = () => text().trim().max(500).optional();

type Ctx = CommandContext<unknown>;

async function showApplication(ctx: Ctx, id: string): Promise<Reply> {
  const { t, format, services, cluster } = ctx;
  const app = await services.admission.application(cluster, id);
  const fields: Field[] = [
    { label: t('membership.show.stage'), value: t(stageLabelKey(app.stage)), inline: true },
    { label: t('membership.show.category'), value: t(`membership.categories.${app.category}`), inline: true },
    { label: t('membership.show.legalForm'), value: valueName(t, 'membership.legalForms', app.legalForm, 'membership.legalForms.other-entity'), inline: true },
    { label: t('membership.show.place'), value: `${userText(app.municipality)}, ${userText(app.county)} (${t(app.inPomorskie ? 'membership.show.inPomorskie' : 'membership.show.outsidePomorskie')})` },
    { label: t('membership.apply.fields.activity'), value: userText(app.activity) },
    { label: t('membership.apply.fields.resources'), value: userText(app.resources) },
    { label: t('membership.apply.fields.motivation'), value: userText(app.motivation) },
    { label: t('membership.show.contact'), value: userText(`${app.contactName ?? ''} <${app.contactEmail ?? ''}>`) },
    { label: t('membership.status.submittedAt'), value: format.date(app.submittedAt), inline: true },
  ];
  if (app.status === 'open') {
    fields.push({ label: t('membership.show.daysLeft'), value: decisionDue(t, services.admission.daysLeft(cluster, app)), inline: true });
  }
  if (app.verification) {
    const v = JSON.parse(app.verification) as Verification;
    fields.push({
      label: t('membership.show.verification'),
      value: CRITERIA.map((c) => `${v[c].ok ? '✅' : '❌'} ${t(`membership.criteria.${c}`)}${v[c].note ? ` – ${userText(v[c].note)}` : ''}`).join('\n'),
    });
  }
  if (app.recommendation) {
    fields.push({ label: t('membership.show.recommendation'), value: `${t(`membership.recommendations.${app.recommendation}`)}${app.recommendationNote ? ` – ${userText(app.recommendationNote)}` : ''}` });
  }
  if (app.meetingAt) fields.push({ label: t('membership.status.meeting'), value: format.dateTime(app.meetingAt) + (app.meetingPlace ? ` – ${userText(app.meetingPlace)}` : '') });
  if (app.decision) fields.push({ label: t('membership.status.decision'), value: `${t(`membership.decisions.${app.decision}`)}${app.decisionReason ? ` – ${userText(app.decisionReason)}` : ''}` });
  if (app.conditions) fields.push({ label: t('membership.status.conditions'), value: `${userText(app.conditions)} (${t('membership.show.review', { date: format.date(app.reviewAt!) })})` });
  const buttons = nextButtons(ctx, app, false);
  if (app.status === 'open' && app.stage === 'meeting' && app.meetingAt && app.meetingAt.getTime() > ctx.now().getTime()) {
    fields.push({ label: t('membership.status.next'), value: t('membership.steps.decideAfterMeeting', { when: format.dateTime(app.meetingAt) }) });
  }
  return { title: userText(app.orgName), fields, ...(buttons.length ? { buttons } : {}), private: true };
}

export default defineCommand({
  name: 'applications',
  description: 'membership.commands.applications.description',
  localizedNames: { pl: 'zgloszenia' },
  subcommands: {
    list: defineSubcommand({
      description: 'membership.commands.applications.list',
      permission: 'coordinatingTeam',
      options: z.object({}),
      async run({ cluster, services, t, format }) {
        const queue = await services.admission.queue(cluster);
        if (queue.length === 0) return { text: t('membership.queue.empty'), private: true };
        const line = (q: (typeof queue)[number]) =>
          `• **${userText(q.app.orgName)}** (${t(`membership.categories.${q.app.category}`)}) – ${t(stageLabelKey(q.app.stage))} – ${format.date(q.app.submittedAt)} – ${
            decisionDue(t, q.daysLeft)
          } – \`${q.app.id}\``;
        const overdue = queue.filter((q) => q.overdue);
        const onTime = queue.filter((q) => !q.overdue);
        const fields: Field[] = [];
        if (overdue.length) fields.push({ label: t('membership.queue.overdue', { count: overdue.length }), value: overdue.map(line).join('\n') });
        if (onTime.length) fields.push({ label: t('membership.queue.open', { count: onTime.length }), value: onTime.map(line).join('\n') });
        return {
          title: t('membership.queue.title'),
          fields,
          private: true,
          choices: {
            action: { command: 'applications', action: 'show' },
            placeholder: t('membership.queue.choose'),
            options: queue.slice(0, 25).map((q) => ({ value: q.app.id, label: q.app.orgName.slice(0, 100), description: t(stageLabelKey(q.app.stage)) })),
          },
        };
      },
    }),
    show: defineSubcommand({
      description: 'membership.commands.applications.show',
      permission: 'coordinatingTeam',
      ...oneRecord('application', ref(), applicationPicker()),
      run: (ctx) => showApplication(ctx, ctx.options.application),
    }),
    verify: defineSubcommand({
      description: 'membership.commands.applications.verify',
      permission: 'coordinator',
      options: z.object({
        application: stepRef(),
        status: z.boolean().optional().describe('membership.options.criteria.status'),
        values: z.boolean().optional().describe('membership.options.criteria.values'),
        readiness: z.boolean().optional().describe('membership.options.criteria.readiness'),
        synergy: z.boolean().optional().describe('membership.options.criteria.synergy'),
        completeness: z.boolean().optional().describe('membership.options.criteria.completeness'),
        status_note: note().describe('membership.options.criterionNote'),
        values_note: note().describe('membership.options.criterionNote'),
        readiness_note: note().describe('membership.options.criterionNote'),
        synergy_note: note().describe('membership.options.criterionNote'),
        completeness_note: note().describe('membership.options.criterionNote'),
      }),
      pickers: { application: applicationPicker('submitted') },
      async run(ctx) {
        const id = ctx.args[0] ?? ctx.options.application;
        if (!id) return pickApplication(ctx, 'verify');
        const o = ctx.options as Record<string, unknown>;
        // The whole checklist or none of it: a partial one opens the form with what was given.
        if (CRITERIA.some((c) => o[c] === undefined)) return stepForm(ctx, 'verify', id, asFormValues(o));
        const verification = Object.fromEntries(
          CRITERIA.map((c: Criterion) => [c, { ok: Boolean(o[c]), note: String(o[`${c}_note`] ?? '') }]),
        ) as Verification;
        return takeStep(ctx, 'verify', id, asFormValues(o), async () => {
          const app = await ctx.services.admission.verify(ctx.cluster, ctx.actor.personId, id, verification);
          return { text: ctx.t('membership.review.verified', { org: app.orgName }), buttons: nextButtons(ctx, app), private: true, tone: 'success' };
        });
      },
    }),
    recommend: defineSubcommand({
      description: 'membership.commands.applications.recommend',
      permission: 'coordinator',
      options: z.object({
        application: stepRef(),
        recommendation: labelled(z.enum(RECOMMENDATIONS), 'membership.recommendations').optional().describe('membership.options.recommendation'),
        note: text().trim().min(5).max(1000).optional().describe('membership.options.recommendationNote'),
      }),
      pickers: { application: applicationPicker('verified') },
      async run(ctx) {
        const { options, cluster, actor, services, t } = ctx;
        const id = ctx.args[0] ?? options.application;
        if (!id) return pickApplication(ctx, 'recommend');
        if (!options.recommendation || !options.note) return stepForm(ctx, 'recommend', id, asFormValues(options));
        const { recommendation, note: why } = options;
        return takeStep(ctx, 'recommend', id, asFormValues(options), async () => {
          const app = await services.admission.recommend(cluster, actor.personId, id, recommendation, why);
          return { text: t('membership.review.recommended', { org: app.orgName, recommendation: t(`membership.recommendations.${recommendation}`) }), buttons: nextButtons(ctx, app), private: true, tone: 'success' };
        });
      },
    }),
    meeting: defineSubcommand({
      description: 'membership.commands.applications.meeting',
      permission: 'coordinator',
      options: z.object({
        application: stepRef(),
        when: text().trim().min(1).max(40).optional().describe('membership.options.when'),
        place: text().trim().max(200).optional().describe('membership.options.place'),
      }),
      pickers: { application: applicationPicker('recommended') },
      async run(ctx) {
        const { options, cluster, actor, services, t, format } = ctx;
        const id = ctx.args[0] ?? options.application;
        if (!id) return pickApplication(ctx, 'meeting');
        if (!options.when) return stepForm(ctx, 'meeting', id, asFormValues(options));
        const when = options.when;
        return takeStep(ctx, 'meeting', id, asFormValues(options), async () => {
          const at = readDateTime(when, cluster.timeZone, 'when');
          const app = await services.admission.scheduleMeeting(cluster, actor.personId, id, at.at, options.place);
          return {
            text: [t('membership.review.meetingScheduled', { org: app.orgName, when: format.dateTime(at.at) }), ...inputNotes(t, at), t('membership.steps.decideAfterMeeting', { when: format.dateTime(at.at) })].join('\n'),
            buttons: nextButtons(ctx, app),
            private: true,
            tone: 'success',
          };
        });
      },
    }),
    decide: defineSubcommand({
      description: 'membership.commands.applications.decide',
      // The Coordinating Team decides, on the coordinator's recommendation.
      permission: 'coordinatingTeam',
      options: z.object({
        application: stepRef(),
        decision: labelled(z.enum(DECISIONS), 'membership.decisions').optional().describe('membership.options.decision'),
        reason: text().trim().max(1000).optional().describe('membership.options.justification'),
        conditions: text().trim().max(1000).optional().describe('membership.options.conditions'),
        review: text().trim().max(20).optional().describe('membership.options.review'),
      }),
      pickers: { application: applicationPicker('meeting') },
      async run(ctx) {
        const { options, cluster, actor, services, t } = ctx;
        const id = ctx.args[0] ?? options.application;
        if (!id) return pickApplication(ctx, 'decide');
        if (!options.decision) return stepForm(ctx, 'decide', id, asFormValues(options));
        const decision = options.decision;
        return takeStep(ctx, 'decide', id, asFormValues(options), async () => {
          const reviewAt = options.review ? readDate(options.review, cluster.timeZone, 'review').toJSDate() : undefined;
          const { app, sync } = await services.admission.decide(cluster, actor.personId, id, {
            decision,
            reason: options.reason,
            conditions: options.conditions,
            reviewAt,
          });
          // Say what the platform did with the member role, not what it was asked to do.
          const role = !sync
            ? []
            : !sync.mirrored
              ? [t('membership.steps.roleNotApplicable')]
              : sync.problems.length
                ? [t('membership.steps.roleNotGranted', { problems: sync.problems.map((p) => `${p.reason}: ${p.detail}`).join('; ') })]
                : [t('membership.steps.roleGranted')];
          return {
            text: [t(`membership.review.decided.${decision}`, { org: app.orgName }), ...role].join('\n'),
            private: true,
            tone: sync?.problems.length ? 'warning' : 'success',
          };
        });
      },
    }),
    audit: defineSubcommand({
      description: 'membership.commands.applications.audit',
      permission: 'coordinator',
      options: z.object({
        application: text().trim().max(150).optional().describe('membership.options.application'),
        member: text().trim().max(150).optional().describe('membership.options.member'),
      }),
      pickers: { application: applicationPicker(), member: memberPicker() },
      async run({ options, cluster, services, t, format }) {
        let subject: { type: 'application' | 'member'; id: string } | undefined;
        let title = t('membership.audit.titleAll');
        if (options.application) {
          const app = await services.admission.application(cluster, options.application);
          subject = { type: 'application', id: app.id };
          title = t('membership.audit.title', { subject: app.orgName });
        } else if (options.member) {
          const member = await services.members.member(cluster, options.member);
          subject = { type: 'member', id: member.id };
          title = t('membership.audit.title', { subject: member.name });
        }
        const entries = await services.admission.auditLog(cluster, subject);
        if (entries.length === 0) return { text: t('membership.audit.empty'), private: true };
        const lines = [...entries].reverse().map((e) => {
          const what = describeAuditAction(e.action, t);
          const who = e.actorName ?? t('membership.audit.system');
          return `• ${format.dateTime(e.createdAt)} – ${who} – ${what}${e.reason ? ` – „${e.reason}”` : ''}`;
        });
        return { title, text: lines.join('\n'), private: true };
      },
    }),
  },
  actions: {
    show: {
      permission: 'coordinatingTeam',
      run: (ctx) => showApplication(ctx, ctx.args.at(-1) ?? ''),
    },
    // The step buttons of notices and cards (and the choice after a bare step command): the step's form.
    verify: { permission: 'coordinator', run: (ctx) => stepForm(ctx, 'verify', ctx.args.at(-1) ?? '') },
    recommend: { permission: 'coordinator', run: (ctx) => stepForm(ctx, 'recommend', ctx.args.at(-1) ?? '') },
    meeting: { permission: 'coordinator', run: (ctx) => stepForm(ctx, 'meeting', ctx.args.at(-1) ?? '') },
    decide: { permission: 'coordinatingTeam', run: (ctx) => stepForm(ctx, 'decide', ctx.args.at(-1) ?? '') },
  },
});
