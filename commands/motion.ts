import { z } from 'zod';
import { userText } from '../src/core/text.ts';
import { labelled, oneRecord } from '../src/core/options.ts';
import { defineCommand, defineSubcommand, type CommandContext, type Picker } from '../src/core/command.ts';
import { DomainError } from '../src/core/errors.ts';
import { CSV_CONTENT_TYPE } from '../src/core/csv.ts';
import { allows } from '../src/core/permissions.ts';
import type { Button, Reply } from '../src/core/reply.ts';
import { inputNotes, type LocalDateTime, readDateTime, readList, text } from '../src/core/input.ts';
import { BALLOT_KINDS, MAJORITIES } from '../src/core/vocabulary.ts';
import {
  countsText,
  motionOptions,
  motionResult,
  optionLabel,
  type GovernanceService,
} from '../src/services/governance.ts';
import { motionTaskCard, taskActions, taskSubcommands } from './motion-tasks.ts';

type Motion = Awaited<ReturnType<GovernanceService['motion']>>;
const motionRef = () => text().trim().min(1).max(40).describe('governance.options.motion');
const meetingRef = () => text().trim().min(1).max(40).optional().describe('governance.options.meeting');

/** A picker of motions: what the caller may act on for this purpose, filtered by the typed title. */
export function motionPicker(purpose: 'open' | 'close' | 'vote' | 'any'): Picker {
  return async (ctx, typed) => {
    const motions = await ctx.services.governance.pickMotions(ctx.cluster, ctx.actor, typed, purpose);
    return motions.map((m) => ({
      value: m.id,
      label: m.title.slice(0, 100),
      description: `${ctx.t(`governance.status.${m.status}`)} · ${ctx.format.dateTime(m.opensAt)} – ${ctx.format.dateTime(m.closesAt)}`.slice(0, 100),
    }));
  };
}

/** A picker of General Meetings: upcoming ones and those of the past week. */
export const generalMeetingPicker: Picker = async (ctx, typed) => {
  const needle = typed.trim().toLowerCase();
  const meetings = await ctx.services.governance.generalMeetings(ctx.cluster);
  return meetings
    .filter((m) => !needle || m.title.toLowerCase().includes(needle) || m.id.startsWith(needle))
    .slice(0, 25)
    .map((m) => ({ value: m.id, label: `${m.title} (${ctx.format.date(m.startsAt)})`.slice(0, 100) }));
};

/** The next steps on a motion's card, each shown only to someone who may take it. */
async function cardButtons(motion: Motion, ctx: CommandContext<unknown>): Promise<Button[]> {
  const { t, actor, services } = ctx;
  const buttons: Button[] = [];
  const coordinator = allows('coordinator', actor);
  if (coordinator && motion.status === 'draft') buttons.push({ label: t('governance.motion.openButton'), action: { command: 'motion', action: 'open', args: [motion.id] }, style: 'primary' });
  if (await services.governance.mayVote(ctx.cluster, actor, motion)) {
    buttons.push({ label: t('governance.motion.voteButton'), action: { command: 'vote', action: 'open', args: [motion.id, actor.member!.id] }, style: 'success' });
  }
  if (coordinator && motion.status === 'open') buttons.push({ label: t('governance.motion.closeButton'), action: { command: 'motion', action: 'close', args: [motion.id] }, style: 'danger' });
  return buttons;
}

/** A motion's card: its rules, turnout so far (or the result), and the buttons for the next step. */
async function motionCard(motionId: string, ctx: CommandContext<unknown>): Promise<Reply> {
  const { services, cluster, t } = ctx;
  const s = await services.governance.status(cluster, motionId);
  const fields = [
    ...(summary(s.motion, ctx) ?? []),
    { label: t('governance.result.turnout'), value: t('governance.result.turnoutValue', { voted: s.voted, eligible: s.eligible, needed: s.quorumNeeded }) },
  ];
  if (s.motion.term === 2 && s.motion.status === 'open') fields.push({ label: t('chair.term.label'), value: t('chair.secondTerm.waiting', { opensAt: ctx.format.dateTime(s.motion.opensAt) }) });
  if (s.motion.status === 'open') {
    fields.push({ label: t('governance.result.quorum'), value: s.missingForQuorum > 0 ? t('governance.motion.moreNeeded', { count: s.missingForQuorum }) : t('governance.result.quorumMet') });
    fields.push({ label: t('governance.motion.notVoted'), value: s.notVoted.join(', ').slice(0, 1000) || '—' });
  }
  if (s.lost > 0) fields.push({ label: t('governance.motion.lost'), value: String(s.lost) });
  if (s.result) {
    fields.push({ label: t('governance.result.counts'), value: countsText(s.motion, s.result, t) });
    fields.push({ label: t('governance.minutes.result'), value: t(`governance.outcome.${s.result.outcome}`) });
  }
  const tasks = await motionTaskCard(ctx, s.motion);
  return { title: userText(s.motion.title), fields: [...fields, ...tasks.fields], buttons: [...(await cardButtons(s.motion, ctx)), ...tasks.buttons], private: true };
}

async function openMotion(motionId: string, ctx: CommandContext<unknown>): Promise<Reply> {
  const { services, cluster, actor, t } = ctx;
  const motion = await services.governance.motion(cluster, motionId);
  if (!(await services.governance.open(cluster.id, motion.id, actor.personId))) throw new DomainError('governance.errors.alreadyOpen');
  const card = await motionCard(motion.id, ctx);
  const status = await services.governance.status(cluster, motion.id);
  return { ...card, text: t('governance.motion.opened', { title: userText(motion.title), count: status.eligible }), tone: 'success' };
}

async function closeMotion(motionId: string, ctx: CommandContext<unknown>): Promise<Reply> {
  const { services, cluster, actor, t } = ctx;
  const motion = await services.governance.motion(cluster, motionId);
  const result = await services.governance.close(cluster.id, motion.id, actor.personId);
  if (!result) throw new DomainError('governance.errors.closed', { title: motion.title });
  const card = await motionCard(motion.id, ctx);
  if (result.secondTerm) return { ...card, text: t('chair.secondTerm.closed', { title: userText(motion.title), opensAt: ctx.format.dateTime(result.secondTerm.opensAt) }), tone: 'warning' };
  return { ...card, text: t('governance.motion.closed', { title: userText(motion.title), outcome: t(`governance.outcome.${result.outcome}`) }), tone: 'success' };
}

/** A bare date opens at the start of that day and closes at its last minute. */
function when(text: string, ctx: CommandContext<unknown>, field: 'opens' | 'closes'): LocalDateTime {
  return readDateTime(text, ctx.cluster.timeZone, field, { dateAlone: field === 'closes' ? 'end' : 'start' });
}

function summary(motion: Motion, ctx: CommandContext<unknown>): Reply['fields'] {
  const { t, format } = ctx;
  return [
    { label: t('governance.motion.id'), value: `\`${motion.id}\``, inline: true },
    { label: t('governance.motion.status'), value: t(`governance.status.${motion.status}`), inline: true },
    { label: t('governance.minutes.ballot'), value: `${t(`governance.ballot.${motion.ballotKind}`)}, ${t(motion.secret ? 'governance.minutes.secret' : 'governance.minutes.open')}`, inline: true },
    { label: t('governance.motion.options'), value: motionOptions(motion).map((o) => userText(optionLabel(motion, o, t))).join(', ') },
    { label: t('governance.minutes.window'), value: `${format.dateTime(motion.opensAt)} – ${format.dateTime(motion.closesAt)}` },
    {
      label: t('governance.motion.rules'),
      value: t('governance.motion.rulesValue', {
        quorum: Math.round(motion.quorum * 100),
        majority: t(motion.ballotKind === 'yesno' ? `governance.majority.${motion.majority}` : `governance.majorityOptions.${motion.majority}`),
        abstentions: t(motion.abstentionsCount ? 'governance.motion.abstentionsCount' : 'governance.motion.abstentionsIgnored'),
        change: t(motion.allowChange ? 'governance.motion.changeAllowed' : 'governance.motion.changeNotAllowed'),
      }),
    },
  ];
}

export default defineCommand({
  name: 'motion',
  description: 'governance.commands.motion',
  localizedNames: { pl: 'uchwala' },
  subcommands: {
    create: defineSubcommand({
      description: 'governance.commands.motionCreate',
      permission: 'coordinator',
      // Voting that opens at once tells every voter: many private messages.
      slow: true,
      pickers: { meeting: generalMeetingPicker },
      options: z.object({
        title: text().trim().min(3).max(200).describe('governance.options.title'),
        closes: text().trim().min(1).max(40).describe('governance.options.closes'),
        text: text().trim().max(2000).default('').describe('governance.options.text'),
        ballot: labelled(z.enum(BALLOT_KINDS), 'governance.ballot').default('yesno').describe('governance.options.ballot'),
        choices: text().trim().max(1000).optional().describe('governance.options.choices'),
        secret: z.boolean().default(false).describe('governance.options.secret'),
        change: z.boolean().default(true).describe('governance.options.change'),
        opens: text().trim().max(40).optional().describe('governance.options.opens'),
        quorum: z.number().int().min(1).max(100).optional().describe('governance.options.quorum'),
        majority: labelled(z.enum(MAJORITIES), 'governance.majority').optional().describe('governance.options.majority'),
        meeting: meetingRef(),
      }),
      async run(ctx) {
        const { options: o, services, cluster, actor, t } = ctx;
        const opens = o.opens ? when(o.opens, ctx, 'opens') : undefined;
        const closes = when(o.closes, ctx, 'closes');
        const motion = await services.governance.createMotion(cluster, actor.personId, {
          ...(o.meeting ? { meetingId: o.meeting } : {}),
          title: o.title,
          text: o.text,
          ballotKind: o.ballot,
          options: readList(o.choices),
          secret: o.secret,
          allowChange: o.change,
          ...(opens ? { opensAt: opens.at } : {}),
          closesAt: closes.at,
          ...(o.quorum !== undefined ? { quorum: o.quorum / 100 } : {}),
          ...(o.majority ? { majority: o.majority } : {}),
        });
        const meeting = await services.governance.generalMeeting(cluster, motion.meetingId);
        // A secret ballot hides each choice among at least k organisations; a smaller electorate cannot.
        const k = cluster.settings.secretBallotK;
        const electorate = motion.secret ? await services.governance.electorate(cluster) : k;
        const warning = electorate < k ? t('governance.motion.secretBelowK', { count: electorate, k }) : undefined;
        return {
          title: t('governance.motion.created', { title: userText(motion.title) }),
          text: [
            inputNotes(t, opens, closes).join('\n'),
            motion.status === 'open' ? t('governance.motion.openedNotice') : t('governance.motion.opensLater', { opensAt: ctx.format.dateTime(motion.opensAt) }),
            warning,
          ]
            .filter(Boolean)
            .join('\n\n'),
          fields: [{ label: t('governance.motion.meeting'), value: `${userText(meeting.title)} (${ctx.format.date(meeting.startsAt)})` }, ...(summary(motion, ctx) ?? [])],
          // The motion's follow-up tasks are added from here, before the vote ends.
          buttons: [...(await cardButtons(motion, ctx as unknown as CommandContext<unknown>)), ...(await motionTaskCard(ctx as unknown as CommandContext<unknown>, motion)).buttons],
          private: true,
          tone: warning ? 'warning' : 'success',
        };
      },
    }),
    open: defineSubcommand({
      description: 'governance.commands.motionOpen',
      permission: 'coordinator',
      slow: true,
      ...oneRecord('motion', motionRef(), motionPicker('open')),
      run: (ctx) => openMotion(ctx.options.motion, ctx as unknown as CommandContext<unknown>),
    }),
    close: defineSubcommand({
      description: 'governance.commands.motionClose',
      permission: 'coordinator',
      ...oneRecord('motion', motionRef(), motionPicker('close')),
      run: (ctx) => closeMotion(ctx.options.motion, ctx as unknown as CommandContext<unknown>),
    }),
    status: defineSubcommand({
      description: 'governance.commands.motionStatus',
      permission: 'coordinator',
      ...oneRecord('motion', motionRef(), motionPicker('any')),
      run: (ctx) => motionCard(ctx.options.motion, ctx as unknown as CommandContext<unknown>),
    }),
    list: defineSubcommand({
      description: 'governance.commands.motionList',
      permission: 'coordinator',
      ...oneRecord('meeting', meetingRef(), generalMeetingPicker),
      async run({ options, services, cluster, t, format }) {
        const meeting = await services.governance.generalMeeting(cluster, options.meeting);
        const motions = await services.governance.motions(cluster.id, { meetingId: meeting.id });
        return {
          title: t('governance.motion.listTitle', { title: userText(meeting.title), date: format.date(meeting.startsAt) }),
          text: motions.length ? undefined : t('governance.motion.none'),
          fields: motions.map((m) => {
            const result = motionResult(m);
            return {
              label: userText(m.title),
              value: `\`${m.id}\` · ${t(`governance.status.${m.status}`)} · ${format.dateTime(m.opensAt)} – ${format.dateTime(m.closesAt)}${result ? ` · ${t(`governance.outcome.${result.outcome}`)}` : ''}`,
            };
          }),
          buttons: motions.slice(-25).map((m) => ({ label: m.title.slice(0, 80), action: { command: 'motion', action: 'show', args: [m.id] }, style: 'secondary' as const })),
          private: true,
        };
      },
    }),
    ...taskSubcommands,
  },
  actions: {
    ...taskActions,
    show: { permission: 'coordinator', run: (ctx) => motionCard(ctx.args[0] ?? '', ctx) },
    open: { permission: 'coordinator', run: (ctx) => openMotion(ctx.args[0] ?? '', ctx) },
    close: { permission: 'coordinator', run: (ctx) => closeMotion(ctx.args[0] ?? '', ctx) },
  },
});

/** `/meeting minutes`: the General Meeting's record as Markdown and CSV attachments, Polish by default. */
export const minutesSubcommand = defineSubcommand({
  description: 'governance.commands.minutes',
  permission: 'coordinatingTeam',
  slow: true,
  options: z.object({
    meeting: meetingRef(),
    language: labelled(z.enum(['pl', 'en']), 'core.choices.language').optional().describe('governance.options.language'),
  }),
  pickers: { meeting: generalMeetingPicker },
  async run({ options, services, cluster, t }) {
    const language = options.language ?? cluster.locale;
    const minutes = await services.minutes.build(cluster, options.meeting, language);
    const meeting = await services.governance.generalMeeting(cluster, minutes.meetingId);
    return {
      text: t('governance.minutes.ready', { title: userText(meeting.title) }),
      attachments: [
        { filename: `${minutes.filename}.md`, contentType: 'text/markdown; charset=utf-8', data: Buffer.from(minutes.markdown, 'utf8'), locale: language },
        { filename: `${minutes.filename}.csv`, contentType: CSV_CONTENT_TYPE, data: minutes.csv, locale: language },
      ],
      private: true,
    };
  },
});
