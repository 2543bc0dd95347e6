import { z } from 'zod';
import { userText } from '../src/core/text.ts';
import { chosenRecordField, labelled, oneRecord, recordField } from '../src/core/options.ts';
import { defineSubcommand, type ActionHandler, type CommandContext, type Picker } from '../src/core/command.ts';
import { DomainError } from '../src/core/errors.ts';
import { allows } from '../src/core/permissions.ts';
import type { ChoiceOption, Form, Reply } from '../src/core/reply.ts';
import { dateText, readDate, text } from '../src/core/input.ts';
import { TASK_ACTIVE, TASK_PROGRESS, isOneOf, type TaskProgress } from '../src/core/vocabulary.ts';
import { dueDate, ownerLabel, progressButtons, taskLine, type OwnedTask } from '../src/services/governance/task-messages.ts';
import { motionResult, type MotionRow } from '../src/services/governance.ts';
import { ownerValue, type OwnerChoice } from '../src/services/governance/tasks.ts';

/**
 * A motion's follow-up tasks, as parts of /motion: the coordinator adds them ("Add a task" on the
 * motion card), their owners report progress from the messages they get, and `/motion outcomes`
 * lists what the passed motions asked for and how far it got.
 */

const LIMITS = { title: 200, note: 500 };

/** The owner picker: working groups, organisations and people, each named with what it is. */
export const ownerPicker: Picker = async (ctx, typed) => {
  const describe = (o: OwnerChoice) => `${o.name} (${ctx.t(`outcomes.ownerKind.${o.kind}`)})`.slice(0, 100);
  return (await ctx.services.governance.tasks.ownerChoices(ctx.cluster, typed, describe)).map((o) => ({ value: ownerValue(o.kind, o.id), label: describe(o) }));
};

/** Motions a task may be added to: not yet decided, or passed. */
const taskMotionPicker: Picker = async (ctx, typed) => {
  const motions = await ctx.services.governance.pickMotions(ctx.cluster, ctx.actor, typed, 'any');
  return motions
    .filter((m) => m.status !== 'closed' || motionResult(m)?.passed === true)
    .map((m) => ({ value: m.id, label: m.title.slice(0, 100), description: ctx.t(`governance.status.${m.status}`) }));
};

/** Open tasks the caller may report on (the coordinator: all of them). */
const reportableTasks = async (ctx: CommandContext<unknown>): Promise<OwnedTask[]> => {
  const all = await ctx.services.governance.tasks.outcomes(ctx.cluster, { openOnly: true });
  return all.flatMap((m) => m.tasks).filter((task) => ctx.services.governance.tasks.mayReport(ctx.actor, task));
};

const taskOption = (task: OwnedTask, ctx: CommandContext<unknown>): ChoiceOption => ({
  value: task.id,
  label: task.title.slice(0, 100),
  description: `${task.ownerName} · ${ctx.format.date(dueDate(task, ctx.cluster.timeZone))}`.slice(0, 100),
});

const taskPicker: Picker = async (ctx, typed) => {
  const needle = typed.trim().toLowerCase();
  return (await reportableTasks(ctx as CommandContext<unknown>))
    .filter((task) => !needle || task.title.toLowerCase().includes(needle) || task.id === typed.trim())
    .slice(0, 25)
    .map((task) => taskOption(task, ctx as CommandContext<unknown>));
};

/** The "Add a task" form, for one motion: what, who, by when. */
async function taskForm(ctx: CommandContext<unknown>, motionId: string): Promise<Form> {
  const { t, services, cluster } = ctx;
  const motion = await services.governance.motion(cluster, motionId);
  // Reopened after a refused submit: what was typed for this motion comes back.
  const draft = await services.drafts.get(cluster.id, ctx.actor.personId, 'motion.task');
  const typed = draft.motion === motion.id ? draft : {};
  const owners = await ownerPicker(ctx as CommandContext, '');
  if (typed.owner && !owners.some((o) => o.value === typed.owner)) owners.unshift(...(await ownerPicker(ctx as CommandContext, typed.owner)).slice(0, 1));
  return {
    id: 'motion.task',
    title: t('outcomes.form.taskTitle'),
    args: [motion.id],
    submit: { command: 'motion', subcommand: 'task' },
    fields: [
      chosenRecordField('motion', t('outcomes.form.motion'), { value: motion.id, label: motion.title.slice(0, 100) }),
      { name: 'title', label: t('outcomes.form.what'), kind: 'paragraph', required: true, maxLength: LIMITS.title, placeholder: t('outcomes.form.whatPlaceholder'), ...(typed.title ? { value: typed.title } : {}) },
      { name: 'owner', label: t('outcomes.form.owner'), kind: 'choice', required: true, picker: true, options: owners.slice(0, 25), ...(typed.owner ? { value: typed.owner } : {}) },
      { name: 'due', label: t('outcomes.form.due'), kind: 'short', required: true, maxLength: 20, placeholder: t('outcomes.form.duePlaceholder'), ...(typed.due ? { value: typed.due } : {}) },
    ],
  };
}

/** The progress form, for one task and the button pressed: the status chosen, a short note. */
async function progressForm(ctx: CommandContext<unknown>, taskId: string, status: TaskProgress): Promise<Form> {
  const { t, services, cluster, actor } = ctx;
  const task = await services.governance.tasks.owned(cluster, await services.governance.tasks.task(cluster, taskId));
  if (!services.governance.tasks.mayReport(actor, task)) throw new DomainError('outcomes.errors.notOwner');
  if (!isOneOf(TASK_ACTIVE, task.status)) throw new DomainError(task.status === 'done' ? 'outcomes.errors.alreadyDone' : 'outcomes.errors.notActive', { title: task.title });
  const draft = await services.drafts.get(cluster.id, actor.personId, 'motion.progress');
  const note = draft.task === task.id ? draft.note : undefined;
  return {
    id: 'motion.progress',
    title: t('outcomes.form.progressTitle'),
    args: [task.id, status],
    submit: { command: 'motion', subcommand: 'progress' },
    fields: [
      chosenRecordField('task', t('outcomes.form.task'), taskOption(task, ctx)),
      { name: 'status', label: t('outcomes.form.status'), kind: 'choice', required: true, options: TASK_PROGRESS.map((s) => ({ value: s, label: t(`outcomes.progressStatus.${s}`) })), value: status },
      { name: 'note', label: t('outcomes.form.note'), kind: 'paragraph', required: false, maxLength: LIMITS.note, placeholder: t('outcomes.form.notePlaceholder'), ...(note ? { value: note } : {}) },
    ],
  };
}

/** `/motion outcomes`: passed motions with their tasks and status; the caller's own open ones to report on. */
async function outcomesReply(ctx: CommandContext<unknown>, filter: { meetingId?: string; openOnly?: boolean }): Promise<Reply> {
  const { t, services, cluster } = ctx;
  const list = await services.governance.tasks.outcomes(cluster, filter);
  const mine = await reportableTasks(ctx);
  const fields = list.slice(-25).map(({ motion, tasks }) => ({
    label: userText(motion.title),
    value: tasks.map((task) => `• ${taskLine(task, cluster.timeZone, { t, date: ctx.format.date })}`).join('\n').slice(0, 1000),
  }));
  return {
    title: t(filter.openOnly ? 'outcomes.list.openTitle' : 'outcomes.list.title'),
    text: list.length ? (mine.length ? t('outcomes.list.yours') : undefined) : t(filter.openOnly ? 'outcomes.list.noneOpen' : 'outcomes.list.none'),
    fields,
    ...(mine.length
      ? { choices: { action: { command: 'motion', action: 'report' }, placeholder: t('outcomes.list.choose'), options: mine.slice(0, 25).map((task) => taskOption(task, ctx)) } }
      : {}),
    private: true,
  };
}

/** One task as its owner sees it, with the buttons to report. */
async function taskCard(ctx: CommandContext<unknown>, taskId: string): Promise<Reply> {
  const { t, services, cluster, actor, format } = ctx;
  const task = await services.governance.tasks.owned(cluster, await services.governance.tasks.task(cluster, taskId));
  if (!services.governance.tasks.mayReport(actor, task)) throw new DomainError('outcomes.errors.notOwner');
  return {
    title: userText(task.title),
    fields: [
      { label: t('outcomes.fields.owner'), value: ownerLabel(task, t), inline: true },
      { label: t('outcomes.fields.due'), value: format.date(dueDate(task, cluster.timeZone)), inline: true },
      { label: t('outcomes.fields.status'), value: t(`outcomes.status.${task.status}`), inline: true },
      { label: t('outcomes.fields.motion'), value: userText(task.motionTitle) },
      ...(task.note ? [{ label: t('outcomes.fields.note'), value: userText(task.note) }] : []),
    ],
    buttons: isOneOf(TASK_ACTIVE, task.status) ? progressButtons(t, task.id, task.status) : [],
    private: true,
  };
}

export const taskSubcommands = {
  task: defineSubcommand({
    description: 'outcomes.commands.task',
    permission: 'coordinator',
    options: z.object({
      motion: text().trim().min(1).max(40).describe('governance.options.motion'),
      title: text().trim().min(3).max(LIMITS.title).describe('outcomes.options.title'),
      owner: text().trim().min(1).max(100).describe('outcomes.options.owner'),
      due: dateText().describe('outcomes.options.due'),
    }),
    pickers: { motion: taskMotionPicker, owner: ownerPicker },
    form: {
      title: 'outcomes.form.taskTitle',
      fields: [
        recordField('motion', 'outcomes.form.motion'),
        { name: 'title', label: 'outcomes.form.what', kind: 'paragraph', required: true, maxLength: LIMITS.title, placeholder: 'outcomes.form.whatPlaceholder' },
        { name: 'owner', label: 'outcomes.form.owner', kind: 'short', required: true, maxLength: 100 },
        { name: 'due', label: 'outcomes.form.due', kind: 'short', required: true, maxLength: 20, placeholder: 'outcomes.form.duePlaceholder' },
      ],
    },
    async run(ctx) {
      const { options: o, services, cluster, actor, t, format } = ctx;
      const due = readDate(o.due, cluster.timeZone, 'due');
      const task = await services.governance.tasks.add(cluster, actor.personId, { motionId: o.motion, title: o.title, owner: o.owner, due });
      const owned = await services.governance.tasks.owned(cluster, task);
      const motion = await services.governance.motion(cluster, task.motionId);
      return {
        text: t(task.status === 'proposed' ? 'outcomes.added.proposed' : 'outcomes.added.active', {
          title: userText(task.title),
          owner: ownerLabel(owned, t),
          due: format.date(due.toJSDate()),
          motion: userText(motion.title),
        }),
        buttons: [
          { label: t('outcomes.added.another'), action: { command: 'motion', action: 'task', args: [motion.id] }, style: 'primary' },
          { label: t('outcomes.added.showMotion'), action: { command: 'motion', action: 'show', args: [motion.id] }, style: 'secondary' },
        ],
        private: true,
        tone: 'success',
      };
    },
  }),
  progress: defineSubcommand({
    description: 'outcomes.commands.progress',
    // The task's owner (an organisation's representative, a group's leader, a person) or the coordinator: the service checks whose it is.
    permission: 'anyone',
    ...oneRecord('task', text().trim().min(1).max(40).describe('outcomes.options.task'), taskPicker, {
      status: labelled(z.enum(TASK_PROGRESS), 'outcomes.progressStatus').describe('outcomes.options.status'),
      note: text().trim().max(LIMITS.note).default('').describe('outcomes.options.note'),
    }),
    async run(ctx) {
      const { options: o, services, cluster, actor, t } = ctx;
      const task = await services.governance.tasks.progress(cluster, actor, o.task, o.status, o.note);
      return {
        text: t(o.status === 'done' ? 'outcomes.progress.done' : 'outcomes.progress.started', { title: userText(task.title) }),
        buttons: o.status === 'done' ? [] : progressButtons(t, task.id, task.status),
        private: true,
        tone: 'success',
      };
    },
  }),
  outcomes: defineSubcommand({
    description: 'outcomes.commands.outcomes',
    permission: 'participant',
    options: z.object({
      meeting: text().trim().min(1).max(40).optional().describe('governance.options.meeting'),
      open: z.boolean().default(false).describe('outcomes.options.open'),
    }),
    async run(ctx) {
      const { options: o, services, cluster } = ctx;
      const meetingId = o.meeting ? (await services.governance.generalMeeting(cluster, o.meeting)).id : undefined;
      return outcomesReply(ctx as unknown as CommandContext<unknown>, { ...(meetingId ? { meetingId } : {}), openOnly: o.open });
    },
  }),
};

export const taskActions: Record<string, ActionHandler> = {
  /** "Add a task" on the motion card: the form, with the motion chosen. */
  task: { permission: 'coordinator', run: async (ctx) => ({ form: await taskForm(ctx, ctx.args[0] ?? ''), private: true }) },
  /** "In progress" / "Done" on a task's messages: the form with the status chosen and a note. */
  progress: {
    permission: 'anyone',
    async run(ctx) {
      const [taskId = '', status = ''] = ctx.args;
      if (!isOneOf(TASK_PROGRESS, status)) throw new DomainError('outcomes.errors.taskNotFound', { id: taskId });
      return { form: await progressForm(ctx, taskId, status), private: true };
    },
  },
  /** A task chosen from `/motion outcomes`: its card with the buttons. */
  report: { permission: 'anyone', run: (ctx) => taskCard(ctx, ctx.args.at(-1) ?? '') },
  /** The digest's button: the open tasks. */
  outcomes: { permission: 'participant', run: (ctx) => outcomesReply(ctx, { openOnly: ctx.args[0] === 'open' }) },
};

/** The motion card's part: its tasks, and for the coordinator the button to add one. */
export async function motionTaskCard(ctx: CommandContext<unknown>, motion: MotionRow) {
  const { t, services, cluster, actor } = ctx;
  const tasks = await services.governance.tasks.ofMotion(motion.id);
  const names = await services.governance.tasks.names(tasks, cluster.id);
  const owned = tasks.map((task) => ({ ...task, motionTitle: '', ownerName: names.get(ownerValue(task.ownerKind, task.ownerId)) ?? '' }));
  const passed = motion.status === 'closed' && motionResult(motion)?.passed === true;
  const mayAdd = allows('coordinator', actor) && (motion.status !== 'closed' || passed);
  return {
    fields: owned.length ? [{ label: t('outcomes.fields.tasks'), value: owned.map((task) => `• ${taskLine(task, cluster.timeZone, { t, date: ctx.format.date })}`).join('\n').slice(0, 1000) }] : [],
    buttons: mayAdd ? [{ label: t('outcomes.addButton'), action: { command: 'motion', action: 'task', args: [motion.id] }, style: 'secondary' as const }] : [],
  };
}
