import { z } from 'zod';
import { userText } from '../src/core/text.ts';
import { text } from '../src/core/input.ts';
import { defineCommand, defineSubcommand, type CommandContext } from '../src/core/command.ts';
import { DomainError } from '../src/core/errors.ts';
import type { ActionRef, Button, ChoiceOption, Field, Reply } from '../src/core/reply.ts';
import { isOneOf, PRESENCE_MODES, type PresenceMode } from '../src/core/vocabulary.ts';
import { countsText, motionOptions, motionResult, optionLabel } from '../src/services/governance.ts';
import { generalMeetingPicker, motionPicker } from './motion.ts';

type Ctx = CommandContext<unknown>;

/** Paper counts: a field per option, as many as a motion may have. */
const MAX_OPTIONS = 10;
const countField = () => z.number().int().min(0).max(100_000).optional();
const countOptions = Object.fromEntries(Array.from({ length: MAX_OPTIONS }, (_, i) => [`option${i + 1}`, countField().describe('chair.options.count')]));

const act = (action: string, ...args: string[]) => ({ command: 'chair', action, args });

/** The chair's panel: who is there, in which form, and a button per item of the agenda. */
async function panel(ctx: Ctx, meetingId?: string, note?: string): Promise<Reply> {
  const { t, services, cluster } = ctx;
  const s = await services.chair.session(cluster, meetingId);
  const list = (orgs: { name: string }[]) => orgs.map((o) => userText(o.name)).join(', ') || '—';
  const fields: Field[] = [
    { label: t('chair.panel.room', { count: s.room.length }), value: list(s.room) },
    { label: t('chair.panel.online', { count: s.online.length }), value: list(s.online) },
    ...s.motions.map((m, i) => ({ label: `${i + 1}. ${userText(m.title)}`, value: itemStatus(ctx, m) })),
  ];
  const buttons: Button[] = [
    { label: t('chair.panel.markRoom'), action: act('presence', s.meeting.id, 'room'), style: 'primary' },
    { label: t('chair.panel.markOnline'), action: act('presence', s.meeting.id, 'online'), style: 'primary' },
    ...s.motions.slice(0, 23).map((m, i) => ({ label: `${i + 1}. ${m.title}`.slice(0, 80), action: act('item', m.id), style: 'secondary' as const })),
  ];
  return {
    title: t('chair.panel.title', { title: userText(s.meeting.title) }),
    ...(note || !s.motions.length ? { text: [note, s.motions.length ? '' : t('chair.panel.noItems')].filter(Boolean).join('\n\n') } : {}),
    fields,
    buttons,
    private: true,
  };
}

function itemStatus(ctx: Ctx, m: Awaited<ReturnType<Ctx['services']['governance']['motion']>>): string {
  const result = motionResult(m);
  if (result) return `${ctx.t(`governance.status.${m.status}`)} · ${ctx.t(`governance.outcome.${result.outcome}`)}`;
  if (m.term === 2 && m.opensAt.getTime() > ctx.now().getTime()) return ctx.t('chair.secondTerm.waiting', { opensAt: ctx.format.dateTime(m.opensAt) });
  return ctx.t(`governance.status.${m.status}`);
}

/** One item: its votes so far by channel, and the chair's next steps. */
async function item(ctx: Ctx, motionId: string, note?: string, tone?: Reply['tone']): Promise<Reply> {
  const { t, services, cluster } = ctx;
  const s = await services.chair.item(cluster, motionId);
  const m = s.motion;
  const label = (o: string) => optionLabel(m, o, t);
  const roomLines = s.room.map((r) => `${userText(r.org)}${r.holder ? ` ${t('chair.item.byHolder', { holder: userText(r.holder) })}` : ''}${r.choice ? ` – ${r.choice.map(label).join(', ')}` : ''}`);
  const fields: Field[] = [
    { label: t('governance.motion.status'), value: itemStatus(ctx, m), inline: true },
    { label: t('chair.item.turnout'), value: t('chair.item.turnoutValue', { room: s.room.length, online: s.online, eligible: s.eligible }), inline: true },
    { label: m.secret ? t('chair.item.paperTaken', { count: s.room.length }) : t('chair.item.roomVotes', { count: s.room.length }), value: roomLines.join('\n').slice(0, 1000) || '—' },
  ];
  if (s.paperCount) fields.push({ label: t('chair.item.paperCount'), value: Object.entries(s.paperCount).map(([o, n]) => `${userText(label(o))}: ${n}`).join(', ') });
  const result = motionResult(m);
  if (result) fields.push({ label: t('governance.result.counts'), value: countsText(m, result, t) }, { label: t('governance.minutes.result'), value: t(`governance.outcome.${result.outcome}`) });
  else fields.push({ label: t('governance.motion.notVoted'), value: s.notVoted.map(userText).join(', ').slice(0, 1000) || '—' });

  const buttons: Button[] = [];
  const live = m.status === 'open' && m.opensAt.getTime() <= ctx.now().getTime();
  if (m.status === 'draft') buttons.push({ label: t('chair.item.open'), action: act('open', m.id), style: 'primary' });
  if (live && !m.secret && m.ballotKind !== 'multiple') {
    motionOptions(m).forEach((o, i) => buttons.push({ label: t('chair.item.roomOption', { option: label(o) }).slice(0, 80), action: act('room', m.id, String(i)), style: 'secondary' }));
  }
  // Several of several: each organisation's ballot is its own set of options, recorded one by one.
  if (live && !m.secret && m.ballotKind === 'multiple') buttons.push({ label: t('chair.item.roomBallot'), action: act('roomOrg', m.id), style: 'secondary' });
  if (live && m.secret && !s.paperCount) {
    buttons.push({ label: t('chair.item.paper'), action: act('paper', m.id), style: 'secondary' });
    if (s.room.length) buttons.push({ label: t('chair.item.count'), action: act('count', m.id), style: 'primary' });
  }
  if (live) buttons.push({ label: t('chair.item.close'), action: act('close', m.id), style: 'danger' });
  buttons.push({ label: t('chair.item.back'), action: act('panel', m.meetingId), style: 'secondary' });
  return {
    title: t('chair.item.title', { title: userText(m.title) }),
    ...(note ? { text: note } : {}),
    fields,
    buttons,
    private: true,
    ...(tone ? { tone } : {}),
  };
}

/** Who the chair may record in the room, as a choice list; its choice comes back to `next`. */
async function roomChoice(ctx: Ctx, motionId: string, next: { action: string; args: string[] }, prompt: string): Promise<Reply> {
  const motion = await ctx.services.governance.motion(ctx.cluster, motionId);
  const voters = await ctx.services.chair.roomVoters(ctx.cluster, motion);
  if (voters.length === 0) return item(ctx, motionId, ctx.t('chair.room.nobody'), 'warning');
  const options = voters.slice(0, 25).map((v) => ({ value: v.id, label: v.name.slice(0, 100), ...(v.holder ? { description: ctx.t('chair.item.byHolder', { holder: v.holder.name }).slice(0, 100) } : {}) }));
  return pickSome(prompt, act(next.action, ...next.args), ctx.t('chair.room.placeholder'), options);
}

/** A prompt with a choice list of which the chair picks one or more; the picks come back to `action`. */
function pickSome(text: string, action: ActionRef, placeholder: string, options: ChoiceOption[]): Reply {
  return { text, choices: { action, placeholder, options, minValues: 1, maxValues: options.length }, private: true };
}

function countForm(ctx: Ctx, motion: Awaited<ReturnType<Ctx['services']['governance']['motion']>>): Reply {
  return {
    form: {
      id: 'chair.count',
      title: ctx.t('chair.count.title').slice(0, 45),
      submit: { command: 'chair', subcommand: 'count' },
      args: [motion.id],
      fields: motionOptions(motion).map((o, i) => ({ name: `option${i + 1}`, label: optionLabel(motion, o, ctx.t).slice(0, 45), kind: 'short' as const, required: true, maxLength: 6, placeholder: '0' })),
    },
    private: true,
  };
}

export default defineCommand({
  name: 'chair',
  description: 'chair.commands.description',
  localizedNames: { pl: 'obrady' },
  subcommands: {
    run: defineSubcommand({
      description: 'chair.commands.run',
      permission: 'coordinator',
      options: z.object({ meeting: text().trim().min(1).max(40).optional().describe('governance.options.meeting') }),
      pickers: { meeting: generalMeetingPicker },
      run: (ctx) => panel(ctx as unknown as Ctx, ctx.options.meeting),
    }),
    count: defineSubcommand({
      description: 'chair.commands.count',
      permission: 'coordinator',
      options: z.object({ motion: text().trim().min(1).max(40).optional().describe('governance.options.motion'), ...countOptions }),
      pickers: { motion: motionPicker('close') },
      async run(ctx) {
        const c = ctx as unknown as Ctx;
        const options = ctx.options as Record<string, unknown>;
        const motionId = ctx.args[0] ?? (typeof options.motion === 'string' ? options.motion : undefined);
        if (!motionId) throw new DomainError('governance.errors.motionNotFound', { id: '' });
        const motion = await ctx.services.governance.motion(ctx.cluster, motionId);
        const counts = motionOptions(motion).map((_, i) => options[`option${i + 1}`]);
        if (counts.some((n) => typeof n !== 'number')) return countForm(c, motion);
        const r = await ctx.services.chair.recordPaperCount(ctx.cluster, ctx.actor, motion.id, counts.filter((n) => typeof n === 'number'));
        return item(c, motion.id, ctx.t('chair.count.recorded', { count: r.blank }), 'success');
      },
    }),
  },
  actions: {
    panel: { permission: 'coordinator', run: (ctx) => panel(ctx, ctx.args[0]) },
    presence: {
      permission: 'coordinator',
      async run(ctx) {
        const [meetingId = '', mode = ''] = ctx.args;
        if (!isOneOf(PRESENCE_MODES, mode)) throw new DomainError('governance.errors.invalidChoice');
        const orgs = await ctx.services.chair.presenceCandidates(ctx.cluster, ctx.actor, meetingId);
        if (orgs.length === 0) return panel(ctx, meetingId, ctx.t('chair.presence.everyone'));
        const options = orgs.slice(0, 25).map((o) => ({ value: o.id, label: o.name.slice(0, 100) }));
        return pickSome(ctx.t(`chair.presence.choose.${mode}`), act('present', meetingId, mode), ctx.t('chair.presence.placeholder'), options);
      },
    },
    present: {
      permission: 'coordinator',
      async run(ctx) {
        const [meetingId = '', mode = '', ...ids] = ctx.args;
        if (!isOneOf(PRESENCE_MODES, mode)) throw new DomainError('governance.errors.invalidChoice');
        await ctx.services.chair.recordPresence(ctx.cluster, ctx.actor, meetingId, ids, mode satisfies PresenceMode);
        return { ...(await panel(ctx, meetingId, ctx.t(`chair.presence.recorded.${mode}`, { count: ids.length }))), tone: 'success' };
      },
    },
    item: { permission: 'coordinator', run: (ctx) => item(ctx, ctx.args[0] ?? '') },
    open: {
      permission: 'coordinator',
      async run(ctx) {
        const motion = await ctx.services.chair.openItem(ctx.cluster, ctx.actor, ctx.args[0] ?? '');
        return item(ctx, motion.id, ctx.t('chair.item.opened'), 'success');
      },
    },
    room: {
      permission: 'coordinator',
      async run(ctx) {
        const [motionId = '', option = ''] = ctx.args;
        const motion = await ctx.services.governance.motion(ctx.cluster, motionId);
        const name = motionOptions(motion)[Number(option)];
        if (name === undefined) throw new DomainError('governance.errors.invalidChoice');
        return roomChoice(ctx, motionId, { action: 'roomVoted', args: [motionId, option] }, ctx.t('chair.room.choose', { option: optionLabel(motion, name, ctx.t) }));
      },
    },
    roomVoted: {
      permission: 'coordinator',
      async run(ctx) {
        const [motionId = '', option = '', ...ids] = ctx.args;
        const r = await ctx.services.chair.recordRoomVotes(ctx.cluster, ctx.actor, motionId, ids, [Number(option)]);
        return item(ctx, motionId, recordedNote(ctx, r), r.already.length ? 'warning' : 'success');
      },
    },
    roomOrg: {
      permission: 'coordinator',
      async run(ctx) {
        const motionId = ctx.args[0] ?? '';
        const reply = await roomChoice(ctx, motionId, { action: 'roomOrgPicked', args: [motionId] }, ctx.t('chair.room.chooseOrg'));
        return reply.choices ? { ...reply, choices: { ...reply.choices, minValues: 1, maxValues: 1 } } : reply;
      },
    },
    roomOrgPicked: {
      permission: 'coordinator',
      async run(ctx) {
        const [motionId = '', memberId = ''] = ctx.args;
        const motion = await ctx.services.governance.motion(ctx.cluster, motionId);
        const voter = (await ctx.services.chair.roomVoters(ctx.cluster, motion)).find((v) => v.id === memberId);
        if (!voter) return item(ctx, motionId, ctx.t('chair.room.nobody'), 'warning');
        const options = motionOptions(motion).map((o, i) => ({ value: String(i), label: optionLabel(motion, o, ctx.t).slice(0, 100) }));
        return pickSome(ctx.t('chair.room.chooseOptions', { org: userText(voter.name) }), act('roomOrgVoted', motionId, memberId), ctx.t('governance.vote.chooseMany'), options);
      },
    },
    roomOrgVoted: {
      permission: 'coordinator',
      async run(ctx) {
        const [motionId = '', memberId = '', ...picked] = ctx.args;
        const r = await ctx.services.chair.recordRoomVotes(ctx.cluster, ctx.actor, motionId, [memberId], picked.map(Number));
        return item(ctx, motionId, recordedNote(ctx, r), r.already.length ? 'warning' : 'success');
      },
    },
    paper: {
      permission: 'coordinator',
      run: (ctx) => roomChoice(ctx, ctx.args[0] ?? '', { action: 'paperTaken', args: [ctx.args[0] ?? ''] }, ctx.t('chair.room.choosePaper')),
    },
    paperTaken: {
      permission: 'coordinator',
      async run(ctx) {
        const [motionId = '', ...ids] = ctx.args;
        const r = await ctx.services.chair.recordRoomVotes(ctx.cluster, ctx.actor, motionId, ids, null);
        return item(ctx, motionId, recordedNote(ctx, r), r.already.length ? 'warning' : 'success');
      },
    },
    count: {
      permission: 'coordinator',
      async run(ctx) {
        return countForm(ctx, await ctx.services.governance.motion(ctx.cluster, ctx.args[0] ?? ''));
      },
    },
    close: {
      permission: 'coordinator',
      async run(ctx) {
        const { motion, result } = await ctx.services.chair.closeItem(ctx.cluster, ctx.actor, ctx.args[0] ?? '');
        const note = result.secondTerm
          ? ctx.t('chair.secondTerm.closed', { title: userText(motion.title), opensAt: ctx.format.dateTime(result.secondTerm.opensAt) })
          : ctx.t('governance.motion.closed', { title: userText(motion.title), outcome: ctx.t(`governance.outcome.${result.outcome}`) });
        return item(ctx, motion.id, note, result.secondTerm ? 'warning' : 'success');
      },
    },
  },
});

function recordedNote(ctx: Ctx, r: { recorded: string[]; already: string[] }): string {
  return [
    r.recorded.length ? ctx.t('chair.room.recorded', { orgs: r.recorded.map(userText).join(', ') }) : '',
    r.already.length ? ctx.t('chair.room.already', { orgs: r.already.map(userText).join(', ') }) : '',
  ]
    .filter(Boolean)
    .join('\n');
}
