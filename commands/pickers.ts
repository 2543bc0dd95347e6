import type { z } from 'zod';
import type { CommandContext, Picker } from '../src/core/command.ts';
import { text } from '../src/core/input.ts';
import { oneRecord } from '../src/core/options.ts';
import type { PostType } from '../src/core/vocabulary.ts';
import type { TranslationKey } from '../src/core/i18n.ts';
import type { ChoiceOption } from '../src/core/reply.ts';
import { neutralizeMentions } from '../src/core/text.ts';
import type { GroupScope, MeetingScope, MemberScope, PostScope } from '../src/services/suggestions.ts';
import { appealAgainstKey } from '../src/services/appeals.ts';

/**
 * Pickers for the records options name, shared by the commands: a person chooses an application,
 * a poll, a barter post… by what they read (a name, a stage, a date), and the option receives the
 * id. Each list holds only what the caller may act on at that step.
 */

/** Discord's limit for a choice's name and value. */
const MAX = 100;

function label(...parts: string[]): string {
  const text = neutralizeMentions(parts.filter(Boolean).join(' · '));
  return text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text;
}

function option(value: string, name: string, ...details: string[]): ChoiceOption {
  return { value, label: label(name, ...details), ...(details.length ? { description: label(...details) } : {}) };
}

/** Open applications; with a stage, only those waiting for the step that follows it. */
export function applicationPicker(stage?: 'submitted' | 'verified' | 'recommended' | 'meeting'): Picker {
  return async (ctx, typed) =>
    (await ctx.services.suggestions.applications(ctx.cluster, typed, stage)).map((a) =>
      option(a.id, a.orgName, ctx.t(`membership.stages.${a.stage}`), ctx.format.date(a.submittedAt)),
    );
}

export function pollPicker(status?: 'open' | 'closed'): Picker {
  return async (ctx, typed) =>
    (await ctx.services.suggestions.polls(ctx.cluster, typed, status)).map((p) =>
      option(p.id, p.question, p.status === 'open' ? ctx.t('governance.poll.deadline', { deadline: ctx.format.dateTime(p.deadline) }) : ctx.t('governance.poll.closedLine')),
    );
}

/** Posts to respond to, or the caller's own (the coordinator: every open one). */
export function postPicker(scope: PostScope): Picker {
  return async (ctx, typed) => (await ctx.services.suggestions.posts(ctx.cluster, ctx.actor, typed, scope)).map((p) => postOption(ctx, p));
}

/** A barter post as every picker shows it (a form that opens with the post already chosen, too). */
export function postOption(ctx: Pick<CommandContext, 't' | 'format'>, p: { id: string; title: string; type: PostType; availableUntil: Date }): ChoiceOption {
  return option(p.id, p.title, ctx.t(`barter.type.${p.type}`), ctx.format.date(p.availableUntil));
}

/** Working groups by name (the group options take a name): all, joinable, joined, or led by the caller. */
export function groupPicker(scope: GroupScope = 'all'): Picker {
  return async (ctx, typed) => (await ctx.services.suggestions.groups(ctx.cluster, ctx.actor, typed, scope)).map((g) => ({ value: g.name, label: label(g.name) }));
}

export function meetingPicker(scope: MeetingScope): Picker {
  return async (ctx, typed) =>
    (await ctx.services.suggestions.meetings(ctx.cluster, ctx.actor, typed, scope)).map((m) =>
      option(m.id, m.title, ctx.format.dateTime(m.startsAt), ctx.t(`meetings.kinds.${m.kind}`)),
    );
}

/** The options of a subcommand that acts on one meeting of `scope`, chosen by its title, and what else it takes. */
export function oneMeeting<M extends z.ZodRawShape = {}>(description: TranslationKey, scope: MeetingScope, more?: M) {
  return oneRecord('meeting', text().trim().min(1).max(64).describe(description), meetingPicker(scope), more);
}

/** Member organisations; someone who is not the coordinator is offered only their own. */
export function memberPicker(scope: MemberScope = 'all'): Picker {
  return async (ctx: CommandContext, typed) => {
    if (!ctx.actor.roles.has('coordinator')) {
      const own = ctx.actor.member;
      return own ? [option(own.id, own.name, ctx.t(`membership.statuses.${own.status}`))] : [];
    }
    return (await ctx.services.suggestions.members(ctx.cluster, typed, scope)).map((m) => option(m.id, m.name, ctx.t(`membership.statuses.${m.status}`)));
  };
}

export const appealPicker: Picker = async (ctx, typed) =>
  (await ctx.services.suggestions.appeals(ctx.cluster, typed)).map((a) =>
    option(a.id, a.orgName, ctx.t(appealAgainstKey(a.against)), ctx.format.date(a.createdAt)),
  );

/** People of the cluster by display name; the option receives their platform user id. */
export const personPicker: Picker = async (ctx, typed) =>
  (await ctx.services.suggestions.people(ctx.cluster, typed)).map((p) => ({ value: p.platformUserId, label: label(p.displayName) }));
