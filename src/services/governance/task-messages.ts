import { DateTime } from 'luxon';
import { userText } from '../../core/text.ts';
import type { Translate } from '../../core/i18n.ts';
import type { Button, Field, Reply } from '../../core/reply.ts';
import type { TaskOwnerKind, TaskStatus } from '../../core/vocabulary.ts';
import type { MessageTools } from '../notifications.ts';

/** A task as messages show it: its row, its motion's title and its owner's name. */
export interface OwnedTask {
  id: string;
  motionId: string;
  title: string;
  ownerKind: TaskOwnerKind;
  ownerId: string;
  dueOn: string;
  status: TaskStatus;
  note: string;
  doneAt: Date | null;
  motionTitle: string;
  ownerName: string;
}

/** The due day as a date a reader reads (its first moment in the cluster's zone). */
export function dueDate(task: { dueOn: string }, zone: string): Date {
  return DateTime.fromISO(task.dueOn, { zone }).startOf('day').toJSDate();
}

/** "Fundacja Horyzont (organizacja)": the owner's name with what it is; an erased person stays unnamed. */
export function ownerLabel(task: Pick<OwnedTask, 'ownerKind' | 'ownerName'>, t: Translate): string {
  const name = task.ownerName ? userText(task.ownerName) : t('outcomes.owner.unknown');
  return t('outcomes.owner.labelled', { name, kind: t(`outcomes.ownerKind.${task.ownerKind}`) });
}

/** The owner's two reports, on every message about an open task. */
export function progressButtons(t: Translate, taskId: string, status?: TaskStatus): Button[] {
  return [
    ...(status === 'inProgress' ? [] : [{ label: t('outcomes.progress.inProgressButton'), action: { command: 'motion', action: 'progress', args: [taskId, 'inProgress'] }, style: 'primary' as const }]),
    { label: t('outcomes.progress.doneButton'), action: { command: 'motion', action: 'progress', args: [taskId, 'done'] }, style: 'success' },
  ];
}

function taskFields(task: OwnedTask, zone: string, { t, date }: Pick<MessageTools, 't' | 'date'>): Field[] {
  return [
    { label: t('outcomes.fields.task'), value: userText(task.title) },
    { label: t('outcomes.fields.owner'), value: ownerLabel(task, t), inline: true },
    { label: t('outcomes.fields.due'), value: date(dueDate(task, zone)), inline: true },
    { label: t('outcomes.fields.motion'), value: userText(task.motionTitle) },
  ];
}

/** To the owner when the motion passed: what, by when, and the buttons to report. */
export function assignedNotice(task: OwnedTask, zone: string, tools: MessageTools): Reply {
  const { t } = tools;
  return {
    title: t('outcomes.assigned.title', { title: userText(task.title) }),
    text: [t('outcomes.assigned.text', { motion: userText(task.motionTitle) }), t('outcomes.progress.how')].join('\n'),
    fields: taskFields(task, zone, tools),
    buttons: progressButtons(t, task.id, task.status),
    tone: 'info',
  };
}

/** `days` before the due date, once. */
export function reminderNotice(task: OwnedTask, zone: string, daysLeft: number, tools: MessageTools): Reply {
  const { t, date } = tools;
  const due = date(dueDate(task, zone));
  return {
    title: t('outcomes.reminder.title', { title: userText(task.title) }),
    text: [
      daysLeft <= 0 ? t('outcomes.reminder.today', { due }) : t('outcomes.reminder.text', { due, days: t('core.units.days', { count: daysLeft }) }),
      t('outcomes.progress.how'),
    ].join('\n'),
    fields: taskFields(task, zone, tools),
    buttons: progressButtons(t, task.id, task.status),
    tone: 'warning',
  };
}

/** The day after the due date, once, while the task is not done. */
export function overdueNotice(task: OwnedTask, zone: string, tools: MessageTools): Reply {
  const { t, date } = tools;
  return {
    title: t('outcomes.overdue.title', { title: userText(task.title) }),
    text: [t('outcomes.overdue.text', { due: date(dueDate(task, zone)) }), t('outcomes.progress.how')].join('\n'),
    fields: taskFields(task, zone, tools),
    buttons: progressButtons(t, task.id, task.status),
    tone: 'warning',
  };
}

/** To the coordinator: a task reported done, with the owner's note. */
export function doneNotice(task: OwnedTask, by: string, zone: string, tools: MessageTools): Reply {
  const { t } = tools;
  return {
    title: t('outcomes.done.title', { title: userText(task.title) }),
    text: t('outcomes.done.text', { by: userText(by) }),
    fields: [...taskFields(task, zone, tools), ...(task.note ? [{ label: t('outcomes.fields.note'), value: userText(task.note) }] : [])],
    tone: 'success',
  };
}

/** One line of a list: the task, its owner, its due date and status, and the latest note. */
export function taskLine(task: OwnedTask, zone: string, { t, date }: Pick<MessageTools, 't' | 'date'>): string {
  const parts = [
    t('outcomes.line', { title: userText(task.title), owner: ownerLabel(task, t), due: date(dueDate(task, zone)), status: t(`outcomes.status.${task.status}`) }),
    ...(task.note ? [t('outcomes.noteLine', { note: userText(task.note) })] : []),
  ];
  return parts.join(' ');
}

/** The coordinator's digest: tasks past their due date, by motion. */
export function digestMessage(tasks: OwnedTask[], zone: string, tools: MessageTools): Reply {
  const { t } = tools;
  const byMotion = new Map<string, OwnedTask[]>();
  for (const task of tasks) byMotion.set(task.motionId, [...(byMotion.get(task.motionId) ?? []), task]);
  return {
    title: t('outcomes.digest.title', { count: tasks.length }),
    text: t('outcomes.digest.intro'),
    fields: [...byMotion.values()].slice(0, 25).map((list) => ({
      label: userText(list[0]!.motionTitle),
      value: list.map((task) => `• ${taskLine(task, zone, tools)}`).join('\n').slice(0, 1000),
    })),
    buttons: [{ label: t('outcomes.digest.button'), action: { command: 'motion', action: 'outcomes', args: ['open'] }, style: 'secondary' }],
    tone: 'warning',
  };
}

/**
 * "What was done since the last General Meeting", as an agenda item: tasks done (with their
 * owners' notes), then those still open. Plain lines, in the reader's language.
 */
export function agendaSection(summary: TasksSinceLast, zone: string, tools: Pick<MessageTools, 't' | 'date'>): string {
  const { t, date } = tools;
  const lines = [summary.since ? t('outcomes.agenda.titleSince', { since: date(summary.since) }) : t('outcomes.agenda.title')];
  if (!summary.done.length && !summary.open.length) return [...lines, t('outcomes.agenda.nothing')].join('\n');
  if (summary.done.length) lines.push(t('outcomes.agenda.done'), ...summary.done.map((task) => `- ${taskLine(task, zone, tools)}`));
  if (summary.open.length) lines.push(t('outcomes.agenda.open'), ...summary.open.map((task) => `- ${taskLine(task, zone, tools)}`));
  return lines.join('\n');
}

/** What a General Meeting hears of the motions' tasks since the last one (MotionTaskService.sinceLastGeneralMeeting). */
export interface TasksSinceLast {
  since?: Date;
  done: OwnedTask[];
  open: OwnedTask[];
}

/**
 * The convocation's agenda point "What was done since the last General Meeting": each task done
 * with its owner, then how many are still open. Nothing when no passed motion gave a task.
 */
export function agendaPoint(summary: TasksSinceLast, tools: Pick<MessageTools, 't' | 'date'>): string | undefined {
  const { t, date } = tools;
  if (!summary.done.length && !summary.open.length) return undefined;
  return [
    summary.since ? t('outcomes.agenda.titleSince', { since: date(summary.since) }) : t('outcomes.agenda.title'),
    ...summary.done.map((task) => `   • ${t('outcomes.agenda.doneLine', { title: userText(task.title), owner: ownerLabel(task, t) })}`),
    ...(summary.open.length ? [`   • ${t('outcomes.agenda.openCount', { count: summary.open.length })}`] : []),
  ].join('\n');
}
