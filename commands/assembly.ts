import { z } from 'zod';
import { DateTime } from 'luxon';
import { defineCommand, defineSubcommand, type CommandContext, type FormSpec, type Picker } from '../src/core/command.ts';
import { inputNotes, readDateAndTime, text } from '../src/core/input.ts';
import type { Button, FormField, Reply } from '../src/core/reply.ts';
import { userText } from '../src/core/text.ts';
import { chatNotice } from '../src/services/general-meeting-notice.ts';
import type { GeneralMeetingService, NoticeCount } from '../src/services/general-meeting.ts';

type Ctx = CommandContext<unknown>;
type Session = Awaited<ReturnType<GeneralMeetingService['session']>>;

const whereOptions = {
  date: text().trim().max(20).describe('assembly.options.date'),
  time: text().trim().max(10).describe('assembly.options.time'),
  place: text().trim().max(300).optional().describe('assembly.options.place'),
  link: text().trim().max(500).optional().describe('assembly.options.link'),
  agenda: text().trim().max(1500).optional().describe('assembly.options.agenda'),
};

/** The convocation form; the change form is the same, filled with what stands. */
const conveneForm: FormSpec = {
  title: 'assembly.form.title',
  fields: [
    { name: 'date', label: 'assembly.form.date', kind: 'short', required: true, placeholder: 'assembly.form.datePlaceholder', maxLength: 20 },
    { name: 'time', label: 'assembly.form.time', kind: 'short', required: true, placeholder: 'assembly.form.timePlaceholder', maxLength: 10 },
    { name: 'place', label: 'assembly.form.place', kind: 'short', maxLength: 300 },
    { name: 'link', label: 'assembly.form.link', kind: 'short', maxLength: 500, placeholder: 'assembly.form.linkPlaceholder' },
    { name: 'agenda', label: 'assembly.form.agenda', kind: 'paragraph', maxLength: 1500, placeholder: 'assembly.form.agendaPlaceholder' },
  ],
};

/** Convened General Meetings still ahead, for the change and cancel options. */
const sessionPicker: Picker = async (ctx, typed) => {
  const needle = typed.trim().toLowerCase();
  return (await ctx.services.generalMeetings.upcoming(ctx.cluster))
    .filter(({ meeting }) => !needle || meeting.title.toLowerCase().includes(needle) || meeting.id.startsWith(needle))
    .slice(0, 25)
    .map(({ meeting }) => ({ value: meeting.id, label: `${meeting.title} (${ctx.format.dateTime(meeting.startsAt)})`.slice(0, 100) }));
};

/** What the coordinator sees after each step: the notice as sent, who got it, and the next steps. */
function confirmation(ctx: Ctx, s: Session & { told: NoticeCount }, headline: string, notes: string[] = []): Reply {
  const { t } = ctx;
  const notice = chatNotice(
    { ...s, settings: ctx.cluster.settings, clusterName: ctx.cluster.name, timeZone: ctx.cluster.timeZone },
    { t, locale: ctx.locale, dateTime: ctx.format.dateTime },
  );
  const told = [
    t('assembly.told.chat', { count: s.told.organisations }),
    ctx.services.mail.enabled ? t('assembly.told.email', { count: s.told.emails }) : t('assembly.told.emailOff'),
    s.told.withoutEmail && ctx.services.mail.enabled ? t('assembly.told.withoutEmail', { count: s.told.withoutEmail }) : '',
  ].filter(Boolean);
  const buttons: Button[] =
    s.session.status === 'cancelled'
      ? []
      : [
          { label: t('assembly.buttons.change'), action: { command: 'assembly', action: 'change', args: [s.meeting.id] }, style: 'primary' },
          { label: t('assembly.buttons.cancel'), action: { command: 'assembly', action: 'cancel', args: [s.meeting.id] }, style: 'danger' },
        ];
  return {
    title: headline,
    text: [...notes, ...told, '', t('assembly.motionsHint', { id: s.meeting.id })].filter((l, i, all) => l || i < all.length - 1).join('\n'),
    ...(notice.fields ? { fields: notice.fields } : {}),
    buttons,
    private: true,
    tone: 'success',
  };
}

/** The change form, filled with what stands now; the meeting travels as the form's argument. */
function changeForm(ctx: Ctx, s: Session): Reply {
  const local = DateTime.fromJSDate(s.meeting.startsAt, { zone: ctx.cluster.timeZone });
  const current: Record<string, string> = {
    date: local.toFormat('dd.MM.yyyy'),
    time: local.toFormat('HH:mm'),
    place: s.meeting.place,
    link: s.meeting.onlineLink,
    agenda: s.meeting.agenda,
  };
  const fields: FormField[] = conveneForm.fields.map((f) => ({
    name: f.name,
    label: ctx.t(f.label),
    kind: f.kind,
    required: Boolean(f.required),
    ...(f.maxLength ? { maxLength: f.maxLength } : {}),
    ...(f.placeholder ? { placeholder: ctx.t(f.placeholder) } : {}),
    ...(current[f.name] ? { value: current[f.name] } : {}),
  }));
  return { form: { id: 'assembly.change', title: ctx.t('assembly.form.changeTitle'), submit: { command: 'assembly', subcommand: 'change' }, args: [s.meeting.id], fields }, private: true };
}

function cancelForm(ctx: Ctx, s: Session): Reply {
  return {
    form: {
      id: 'assembly.cancel',
      title: ctx.t('assembly.form.cancelTitle'),
      submit: { command: 'assembly', subcommand: 'cancel' },
      args: [s.meeting.id],
      fields: [{ name: 'reason', label: ctx.t('assembly.form.reason'), kind: 'paragraph', required: true, minLength: 3, maxLength: 500 }],
    },
    private: true,
  };
}

/** Without a meeting named: the only one ahead, or a list to choose from (the choice comes back to `then`). */
async function chosen(ctx: Ctx, named: string | undefined, then: 'change' | 'cancel'): Promise<string | Reply> {
  if (named) return named;
  const ahead = await ctx.services.generalMeetings.upcoming(ctx.cluster);
  if (ahead.length === 1) return ahead[0]!.meeting.id;
  if (ahead.length === 0) return { text: ctx.t('assembly.noneAhead'), private: true };
  return {
    text: ctx.t('assembly.pick'),
    choices: {
      action: { command: 'assembly', action: then },
      placeholder: ctx.t('assembly.pickPlaceholder'),
      options: ahead.slice(0, 25).map(({ meeting }) => ({ value: meeting.id, label: meeting.title.slice(0, 100), description: ctx.format.dateTime(meeting.startsAt) })),
    },
    private: true,
  };
}

/** Convenes from what was typed; `/meeting schedule kind:general` comes here too, so both give the same. */
export async function convene(ctx: Ctx, options: { date: string; time: string; title?: string | undefined; place?: string | undefined; link?: string | undefined; agenda?: string | undefined }): Promise<Reply> {
  const { date, time, title, link, ...rest } = options;
  const startsAt = readDateAndTime(date, time, ctx.cluster.timeZone, { date: 'date', time: 'time' });
  const year = DateTime.fromJSDate(startsAt.at, { zone: ctx.cluster.timeZone }).year;
  const s = await ctx.services.generalMeetings.convene(ctx.cluster, ctx.actor, {
    ...rest,
    onlineLink: link,
    startsAt: startsAt.at,
    title: title || ctx.t('assembly.defaultTitle', { year }),
  });
  return confirmation(ctx, s, ctx.t('assembly.convened', { title: userText(s.meeting.title) }), inputNotes(ctx.t, startsAt));
}

export default defineCommand({
  name: 'assembly',
  description: 'assembly.commands.description',
  localizedNames: { pl: 'zgromadzenie' },
  subcommands: {
    convene: defineSubcommand({
      description: 'assembly.commands.convene',
      permission: 'coordinator',
      // Every organisation's representatives are told privately: many messages.
      slow: true,
      options: z.object({ ...whereOptions, title: text().trim().min(3).max(120).optional().describe('assembly.options.title') }),
      form: conveneForm,
      run: (ctx) => convene(ctx, ctx.options),
    }),
    change: defineSubcommand({
      description: 'assembly.commands.change',
      permission: 'coordinator',
      slow: true,
      options: z.object({
        meeting: text().trim().max(64).optional().describe('assembly.options.meeting'),
        date: whereOptions.date.optional(),
        time: whereOptions.time.optional(),
        place: whereOptions.place,
        link: whereOptions.link,
        agenda: whereOptions.agenda,
        title: text().trim().min(3).max(120).optional().describe('assembly.options.title'),
      }),
      pickers: { meeting: sessionPicker },
      async run(ctx) {
        const { meeting, date, time, link, ...rest } = ctx.options;
        const id = await chosen(ctx, ctx.args[0] ?? meeting, 'change');
        if (typeof id !== 'string') return id;
        const current = await ctx.services.generalMeetings.changeable(ctx.cluster, id);
        if (!date && !time && link === undefined && Object.values(rest).every((v) => v === undefined)) return changeForm(ctx, current);
        const local = DateTime.fromJSDate(current.meeting.startsAt, { zone: ctx.cluster.timeZone });
        const startsAt = date || time ? readDateAndTime(date || local.toFormat('dd.MM.yyyy'), time || local.toFormat('HH:mm'), ctx.cluster.timeZone, { date: 'date', time: 'time' }) : undefined;
        // A form sends every field: one left empty clears it.
        const fromForm = ctx.args.length > 0;
        const s = await ctx.services.generalMeetings.change(ctx.cluster, ctx.actor, id, {
          ...(startsAt ? { startsAt: startsAt.at } : {}),
          ...(rest.title ? { title: rest.title } : {}),
          ...(rest.place !== undefined || fromForm ? { place: rest.place ?? '' } : {}),
          ...(link !== undefined || fromForm ? { onlineLink: link ?? '' } : {}),
          ...(rest.agenda !== undefined || fromForm ? { agenda: rest.agenda ?? '' } : {}),
        });
        return confirmation(ctx, s, ctx.t('assembly.changed', { title: userText(s.meeting.title) }), inputNotes(ctx.t, startsAt));
      },
    }),
    cancel: defineSubcommand({
      description: 'assembly.commands.cancel',
      permission: 'coordinator',
      slow: true,
      options: z.object({
        meeting: text().trim().max(64).optional().describe('assembly.options.meeting'),
        reason: text().trim().min(3).max(500).optional().describe('assembly.options.reason'),
      }),
      pickers: { meeting: sessionPicker },
      async run(ctx) {
        const id = await chosen(ctx, ctx.args[0] ?? ctx.options.meeting, 'cancel');
        if (typeof id !== 'string') return id;
        const current = await ctx.services.generalMeetings.changeable(ctx.cluster, id);
        if (!ctx.options.reason) return cancelForm(ctx, current);
        const s = await ctx.services.generalMeetings.cancel(ctx.cluster, ctx.actor, id, ctx.options.reason);
        return { ...confirmation(ctx, s, ctx.t('assembly.cancelled', { title: userText(s.meeting.title) })), tone: 'warning' };
      },
    }),
  },
  actions: {
    /** The Change button on the confirmation, and the choice of a meeting: opens the filled form. */
    change: {
      permission: 'coordinator',
      async run(ctx) {
        return changeForm(ctx, await ctx.services.generalMeetings.changeable(ctx.cluster, ctx.args.at(-1) ?? ''));
      },
    },
    cancel: {
      permission: 'coordinator',
      async run(ctx) {
        return cancelForm(ctx, await ctx.services.generalMeetings.changeable(ctx.cluster, ctx.args.at(-1) ?? ''));
      },
    },
  },
});
