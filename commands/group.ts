import { z } from 'zod';
import { userText } from '../src/core/text.ts';
import { dateText, dateTimeText, httpUrl, inputNotes, readDateTime, text } from '../src/core/input.ts';
import { defineCommand, defineSubcommand, type CommandContext } from '../src/core/command.ts';
import { userOption } from '../src/core/options.ts';
import type { ChoiceOption, Reply } from '../src/core/reply.ts';
import { attendanceList, recorded } from './meeting.ts';
import { whenTools } from './meeting-calendar.ts';
import { meetingLines, meetingWhen } from '../src/services/meeting-times.ts';
import type { WorkingGroup } from '../src/services/groups.ts';
import { groupPicker, personPicker } from './pickers.ts';
import { groupRequestActions, groupRequestSubcommand } from './group-request.ts';

const groupName = () => text().trim().min(1).max(80);
const rhythm = () => z.number().int().min(1).max(366);

/** A choice list of groups; the chosen id comes back to the named action. */
function pickGroup(ctx: CommandContext<unknown>, groups: WorkingGroup[], action: string, empty: Parameters<CommandContext['t']>[0]): Reply {
  if (groups.length === 0) return { text: ctx.t(empty), private: true };
  const options: ChoiceOption[] = groups.slice(0, 25).map((g) => ({ value: g.id, label: g.name.slice(0, 100), ...(g.purpose ? { description: g.purpose.slice(0, 100) } : {}) }));
  return {
    text: ctx.t('groups.pick.text'),
    choices: { action: { command: 'group', action }, placeholder: ctx.t('groups.pick.placeholder'), options },
    private: true,
  };
}

async function joinReply(ctx: CommandContext<unknown>, groupId: string): Promise<Reply> {
  const outcome = await ctx.services.groupMembership.join(ctx.cluster, ctx.actor, groupId);
  if (outcome.kind === 'requested') {
    return { text: ctx.t('groups.join.requested', { group: outcome.group.name, org: ctx.actor.member?.name ?? '' }), tone: 'info', private: true };
  }
  return {
    text: [ctx.t('groups.join.joined', { group: outcome.group.name, org: ctx.actor.member?.name ?? '' }), ...(outcome.counted ? [ctx.t('groups.join.counted')] : [])].join('\n'),
    tone: 'success',
    private: true,
  };
}

async function leaveReply(ctx: CommandContext<unknown>, groupId: string): Promise<Reply> {
  const { group, wasPending } = await ctx.services.groupMembership.leave(ctx.cluster, ctx.actor, groupId);
  return { text: ctx.t(wasPending ? 'groups.leave.withdrawn' : 'groups.leave.left', { group: group.name, org: ctx.actor.member?.name ?? '' }), tone: 'success', private: true };
}

async function membersReply(ctx: CommandContext<unknown>, groupId: string): Promise<Reply> {
  const { group, active, pending } = await ctx.services.groupMembership.members(ctx.cluster, ctx.actor, groupId);
  const lines = active.length
    ? active.map((m) => (m.since ? ctx.t('groups.members.line', { org: userText(m.name), since: ctx.format.date(m.since) }) : `• ${userText(m.name)}`))
    : [ctx.t('groups.members.none')];
  return {
    title: ctx.t('groups.members.title', { group: userText(group.name), count: active.length }),
    text: lines.join('\n'),
    ...(pending && pending.length ? { fields: [{ label: ctx.t('groups.members.pending'), value: pending.map((p) => `• ${userText(p)}`).join('\n') }] } : {}),
    private: true,
  };
}

async function decideReply(ctx: CommandContext<unknown>, approve: boolean): Promise<Reply> {
  const { group, memberName } = await ctx.services.groupMembership.decide(ctx.cluster, ctx.actor, ctx.args[0] ?? '', approve);
  return {
    text: ctx.t(approve ? 'groups.decision.approved' : 'groups.decision.declined', { org: memberName, group: group.name, person: `<@${ctx.actor.platformUserId}>` }),
    tone: approve ? 'success' : 'info',
  };
}

export default defineCommand({
  name: 'group',
  description: 'groups.commands.group',
  localizedNames: { pl: 'grupa' },
  subcommands: {
    create: defineSubcommand({
      description: 'groups.commands.create',
      permission: 'coordinatingTeam',
      options: z.object({
        name: groupName().min(2).describe('groups.options.name'),
        purpose: text().trim().min(3).max(500).describe('groups.options.purpose'),
        leader: userOption().describe('groups.options.leader'),
        rhythm: rhythm().optional().describe('groups.options.rhythm'),
        ends: dateText().optional().describe('groups.options.ends'),
        approval: z.boolean().default(false).describe('groups.options.approval'),
      }),
      pickers: { leader: personPicker },
      async run(ctx) {
        const { options, services, cluster, actor, t, users } = ctx;
        const leader = await services.people.ensure(cluster.id, options.leader, users[options.leader]?.displayName ?? options.leader);
        const { group, leaderOrgJoined } = await services.groups.create(cluster, actor, {
          name: options.name,
          purpose: options.purpose,
          leaderPersonId: leader.id,
          ...(options.rhythm !== undefined ? { rhythmDays: options.rhythm } : {}),
          ...(options.ends ? { endsOn: options.ends } : {}),
          requiresApproval: options.approval,
        });
        return {
          title: t('groups.create.title', { group: userText(group.name) }),
          text: [
            t('groups.create.text', { leader: `<@${options.leader}>`, count: group.rhythmDays }),
            t(group.requiresApproval ? 'groups.create.approval' : 'groups.create.open'),
            ...(group.endsAt ? [t('groups.create.ends', { date: ctx.format.date(group.endsAt) })] : []),
            ...(leaderOrgJoined ? [t('groups.create.leaderOrgJoined')] : []),
          ].join('\n'),
          tone: 'success',
        };
      },
    }),
    update: defineSubcommand({
      description: 'groups.commands.update',
      permission: 'coordinatingTeam',
      options: z.object({
        group: groupName().describe('groups.options.group'),
        name: groupName().min(2).optional().describe('groups.options.newName'),
        purpose: text().trim().min(3).max(500).optional().describe('groups.options.purpose'),
        rhythm: rhythm().optional().describe('groups.options.rhythm'),
        ends: text().trim().max(10).optional().describe('groups.options.endsOrNone'),
        approval: z.boolean().optional().describe('groups.options.approval'),
      }),
      pickers: { group: groupPicker('all') },
      async run({ options, services, cluster, actor, t }) {
        const group = await services.groups.findByName(cluster.id, options.group);
        const updated = await services.groups.update(cluster, actor, group.id, {
          ...(options.name !== undefined ? { name: options.name } : {}),
          ...(options.purpose !== undefined ? { purpose: options.purpose } : {}),
          ...(options.rhythm !== undefined ? { rhythmDays: options.rhythm } : {}),
          ...(options.ends !== undefined ? { endsOn: options.ends } : {}),
          ...(options.approval !== undefined ? { requiresApproval: options.approval } : {}),
        });
        return { text: t('groups.update.done', { group: updated.name }), tone: 'success' };
      },
    }),
    dissolve: defineSubcommand({
      description: 'groups.commands.dissolve',
      permission: 'coordinatingTeam',
      options: z.object({
        group: groupName().describe('groups.options.group'),
        reason: text().trim().min(5).max(1000).describe('groups.options.reason'),
      }),
      pickers: { group: groupPicker('all') },
      async run({ options, services, cluster, actor, t }) {
        const group = await services.groups.findByName(cluster.id, options.group);
        const { told } = await services.groups.dissolve(cluster, actor, group.id, options.reason);
        return { text: t('groups.dissolve.done', { group: group.name, count: told }), tone: 'success' };
      },
    }),
    leader: defineSubcommand({
      description: 'groups.commands.leader',
      permission: 'coordinatingTeam',
      options: z.object({
        group: groupName().describe('groups.options.group'),
        leader: userOption().describe('groups.options.leader'),
      }),
      pickers: { group: groupPicker('all'), leader: personPicker },
      async run({ options, services, cluster, actor, t, users }) {
        const group = await services.groups.findByName(cluster.id, options.group);
        const leader = await services.people.ensure(cluster.id, options.leader, users[options.leader]?.displayName ?? options.leader);
        await services.groups.changeLeader(cluster, actor, group.id, leader.id);
        return { text: t('groups.leader.done', { group: group.name, leader: `<@${options.leader}>` }), tone: 'success' };
      },
    }),
    list: defineSubcommand({
      description: 'groups.commands.list',
      permission: 'participant',
      options: z.object({}),
      async run({ services, cluster, actor, t, format }) {
        const groups = await services.groups.overview(cluster, actor.member?.id);
        if (groups.length === 0) return { text: t('groups.list.empty'), private: true };
        return {
          title: t('groups.list.title'),
          fields: groups.map(({ group, leader, memberCount, nextMeeting, mine }) => ({
            label: userText(group.name),
            value: [
              userText(group.purpose),
              t('groups.list.leader', { leader: leader ? `<@${leader.platformUserId}>` : t('groups.list.noLeader') }),
              t('groups.list.members', { count: memberCount }),
              nextMeeting ? t('groups.list.nextMeeting', { date: format.dateTime(nextMeeting.startsAt) }) : t('groups.list.noMeeting'),
              group.endsAt ? t('groups.list.endsOn', { date: format.date(group.endsAt) }) : '',
              t(mine === 'active' ? 'groups.list.youAreIn' : mine === 'pending' ? 'groups.list.youArePending' : group.requiresApproval ? 'groups.list.joinApproval' : 'groups.list.joinOpen'),
            ]
              .filter(Boolean)
              .join('\n'),
          })),
          private: true,
        };
      },
    }),
    join: defineSubcommand({
      description: 'groups.commands.join',
      permission: 'member',
      options: z.object({ group: groupName().optional().describe('groups.options.group') }),
      pickers: { group: groupPicker('joinable') },
      async run(ctx) {
        const { options, services, cluster, actor } = ctx;
        if (!options.group) return pickGroup(ctx, await services.groupMembership.joinable(cluster.id, actor.member!.id), 'join', 'groups.pick.noneToJoin');
        const group = await services.groups.findByName(cluster.id, options.group);
        return joinReply(ctx, group.id);
      },
    }),
    leave: defineSubcommand({
      description: 'groups.commands.leave',
      permission: 'member',
      options: z.object({ group: groupName().optional().describe('groups.options.group') }),
      pickers: { group: groupPicker('joined') },
      async run(ctx) {
        const { options, services, cluster, actor } = ctx;
        if (!options.group) return pickGroup(ctx, await services.groupMembership.joined(cluster.id, actor.member!.id), 'leave', 'groups.pick.noneToLeave');
        const group = await services.groups.findByName(cluster.id, options.group);
        return leaveReply(ctx, group.id);
      },
    }),
    members: defineSubcommand({
      description: 'groups.commands.members',
      permission: 'participant',
      options: z.object({ group: groupName().optional().describe('groups.options.group') }),
      pickers: { group: groupPicker('all') },
      async run(ctx) {
        const { options, services, cluster } = ctx;
        if (!options.group) return pickGroup(ctx, await services.groups.listActive(cluster.id), 'members', 'groups.list.empty');
        const group = await services.groups.findByName(cluster.id, options.group);
        return membersReply(ctx, group.id);
      },
    }),
    meeting: defineSubcommand({
      description: 'groups.commands.meeting',
      permission: 'groupLeader',
      options: z.object({
        group: groupName().describe('groups.options.group'),
        starts: dateTimeText().describe('groups.options.starts'),
        title: text().trim().max(120).optional().describe('groups.options.title'),
        place: text().trim().max(200).optional().describe('groups.options.place'),
        agenda: text().trim().max(1000).optional().describe('groups.options.agenda'),
        link: httpUrl().max(500).optional().describe('calendar.options.link'),
      }),
      pickers: { group: groupPicker('led') },
      async run(ctx) {
        const { options, services, cluster, actor, t } = ctx;
        const group = await services.groups.findByName(cluster.id, options.group);
        const starts = readDateTime(options.starts, cluster.timeZone, 'starts');
        const { meeting } = await services.groupMeetings.scheduleMeeting(cluster, actor, group.id, {
          startsAt: starts.at,
          ...(options.title ? { title: options.title } : {}),
          ...(options.place ? { place: options.place } : {}),
          ...(options.agenda ? { agenda: options.agenda } : {}),
          ...(options.link ? { onlineLink: options.link } : {}),
        });
        const scheduled = t('groups.meeting.scheduled', { group: group.name, title: meeting.title, date: meetingWhen(meeting.startsAt, whenTools(ctx)) });
        // The time is in the sentence above; the place and the link follow it.
        const [, ...where] = meetingLines(meeting, whenTools(ctx));
        return {
          text: [scheduled, ...where, ...inputNotes(t, starts)].join('\n'),
          attachments: [services.calendar.file(cluster, meeting, t, group.name)],
          tone: 'success',
        };
      },
    }),
    request: groupRequestSubcommand,
    attendance: defineSubcommand({
      description: 'groups.commands.attendance',
      permission: 'groupLeader',
      options: z.object({ group: groupName().describe('groups.options.group') }),
      pickers: { group: groupPicker('led') },
      async run(ctx) {
        const group = await ctx.services.groups.findByName(ctx.cluster.id, ctx.options.group);
        return attendanceList(ctx, await ctx.services.groupMeetings.attendanceSheet(ctx.cluster, ctx.actor, group.id));
      },
    }),
  },
  actions: {
    ...groupRequestActions,
    join: { permission: 'member', run: (ctx) => joinReply(ctx, ctx.args.at(-1) ?? '') },
    leave: { permission: 'member', run: (ctx) => leaveReply(ctx, ctx.args.at(-1) ?? '') },
    members: { permission: 'participant', run: (ctx) => membersReply(ctx, ctx.args.at(-1) ?? '') },
    // Any leader passes here; the service then checks that it is this group's leader.
    approve: { permission: 'groupLeader', updatesMessage: true, run: (ctx) => decideReply(ctx, true) },
    decline: { permission: 'groupLeader', updatesMessage: true, run: (ctx) => decideReply(ctx, false) },
    // The "group without a leader" notice: choose the new leader from the group's people.
    appointLeader: {
      permission: 'coordinatingTeam',
      async run(ctx) {
        const { group, people } = await ctx.services.groups.leaderCandidates(ctx.cluster, ctx.args[0] ?? '');
        if (people.length === 0) return { text: ctx.t('groups.leader.noCandidates', { group: group.name }), private: true };
        return {
          text: ctx.t('groups.leader.choose', { group: group.name }),
          choices: {
            action: { command: 'group', action: 'setLeader', args: [group.id] },
            placeholder: ctx.t('groups.leader.placeholder'),
            options: people.slice(0, 25).map((p) => ({ value: p.id, label: p.name.slice(0, 100) })),
          },
          private: true,
        };
      },
    },
    setLeader: {
      permission: 'coordinatingTeam',
      async run(ctx) {
        const [groupId = '', personId = ''] = ctx.args;
        const group = await ctx.services.groups.appointLeader(ctx.cluster, ctx.actor, groupId, personId);
        const leader = await ctx.services.people.byId(personId);
        return { text: ctx.t('groups.leader.done', { group: group.name, leader: leader ? `<@${leader.platformUserId}>` : '' }), tone: 'success', private: true };
      },
    },
    // Lists sent before attendance had one path still work, through the same rule.
    attend: {
      permission: 'groupLeader',
      async run(ctx) {
        const [meetingId = '', ...memberIds] = ctx.args;
        return recorded(ctx, await ctx.services.meetings.recordAttendance(ctx.cluster, ctx.actor, meetingId, { ids: memberIds }));
      },
    },
  },
});
