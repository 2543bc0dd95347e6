import { DateTime } from 'luxon';
import type { Button, Field, Reply } from '../core/reply.ts';
import { showUserText, userText } from '../core/text.ts';
import type { ClusterSettings } from './settings.ts';
import type { MessageTools } from './notifications.ts';
import type { GeneralMeetingStatus } from '../core/vocabulary.ts';
import { attendButtons } from './engagement.ts';
import { formatDate, type Locale } from '../core/i18n.ts';
import { agendaPoint, type TasksSinceLast } from './governance/task-messages.ts';

/** What a convocation says, whichever way it travels (chat or e-mail). */
export interface Convocation {
  meeting: { id: string; title: string; startsAt: Date; place: string; onlineLink: string; agenda: string };
  session: { status: GeneralMeetingStatus; revision: number; cancelReason: string };
  motions: { title: string }[];
  /** The passed motions' tasks done since the last General Meeting, and those still open. */
  outcomes?: TasksSinceLast | undefined;
  settings: ClusterSettings;
  clusterName: string;
  timeZone: string;
}

type Tools = Pick<MessageTools, 't' | 'locale'>;

/** A date as a letter writes it, in the cluster's time zone: "wtorek, 15 grudnia 2026, godz. 10:00". */
export function longDateTime(date: Date, tools: Tools, timeZone: string): string {
  const local = DateTime.fromJSDate(date, { zone: timeZone }).setLocale(tools.locale);
  return tools.t('assembly.when', { day: local.toFormat('cccc, d MMMM yyyy'), time: local.toFormat('HH:mm') });
}

/**
 * The agenda's points: what the coordinator wrote (one a line), with what was done since the last
 * General Meeting after its first point (when passed motions gave tasks), then each motion to be voted.
 */
export function agendaPoints(c: Pick<Convocation, 'meeting' | 'motions'> & Partial<Pick<Convocation, 'outcomes' | 'timeZone'>>, t: Tools['t'], locale: Locale = 'pl'): string[] {
  const written = c.meeting.agenda
    .split('\n')
    .map((l) => l.replace(/^\s*(\d+[.)]|[-•*])\s*/, '').trim())
    .filter(Boolean);
  const done = c.outcomes && agendaPoint(c.outcomes, { t, date: (d) => formatDate(d, locale, c.timeZone ?? 'Europe/Warsaw') });
  // Reported right after the opening (the first point written), before the rest and any other business.
  const points = written.map(userText);
  if (done) points.splice(Math.min(1, points.length), 0, done);
  return [...points, ...c.motions.map((m) => t('assembly.agendaMotion', { title: userText(m.title) }))];
}

function proxyRules(settings: ClusterSettings, t: Tools['t']): string {
  return settings.proxiesEnabled ? t('assembly.proxies.allowed', { count: settings.maxProxiesPerMember }) : t('assembly.proxies.none');
}

function headline(c: Convocation, t: Tools['t']): string {
  return t(`assembly.headline.${c.session.status}`, { title: userText(c.meeting.title) });
}

/** The chat message: to each organisation's representatives privately, and the announcements channel. */
export function chatNotice(c: Convocation, tools: Tools & Pick<MessageTools, 'dateTime'>): Reply {
  const { t } = tools;
  if (c.session.status === 'cancelled') {
    return {
      title: headline(c, t),
      text: [t('assembly.cancelledText', { when: longDateTime(c.meeting.startsAt, tools, c.timeZone) }), c.session.cancelReason ? t('assembly.reason', { reason: userText(c.session.cancelReason) }) : '']
        .filter(Boolean)
        .join('\n'),
      tone: 'warning',
    };
  }
  const points = agendaPoints(c, t, tools.locale);
  const fields: Field[] = [
    { label: t('assembly.fields.when'), value: longDateTime(c.meeting.startsAt, tools, c.timeZone) },
    ...(c.meeting.place ? [{ label: t('assembly.fields.place'), value: userText(c.meeting.place) }] : []),
    ...(c.meeting.onlineLink ? [{ label: t('assembly.fields.link'), value: c.meeting.onlineLink }] : []),
    { label: t('assembly.fields.agenda'), value: points.length ? points.map((p, i) => `${i + 1}. ${p}`).join('\n').slice(0, 1024) : t('assembly.agendaEmpty') },
    { label: t('assembly.fields.proxies'), value: proxyRules(c.settings, t) },
    { label: t('assembly.fields.voting'), value: t('assembly.votingOnline') },
  ];
  const buttons: Button[] = attendButtons(t, c.meeting.id);
  return { title: headline(c, t), text: t(`assembly.lead.${c.session.status}`), fields, buttons, tone: 'info' };
}

/** The e-mail to an organisation's contact address: subject and plain text, in the cluster's language. */
export function mailNotice(c: Convocation, member: { name: string; category: string }, tools: Tools): { subject: string; text: string } {
  const { t } = tools;
  const when = longDateTime(c.meeting.startsAt, tools, c.timeZone);
  const subject = t(`assembly.mail.subject.${c.session.status}`, { when });
  const lines: string[] = [t('assembly.mail.greeting'), ''];
  if (c.session.status === 'cancelled') {
    lines.push(t('assembly.mail.cancelled', { cluster: c.clusterName, when }));
    if (c.session.cancelReason) lines.push('', t('assembly.reason', { reason: c.session.cancelReason }));
  } else {
    lines.push(t(`assembly.mail.lead.${c.session.status}`, { cluster: c.clusterName }), '');
    lines.push(`${t('assembly.fields.when')}: ${when} (${t('assembly.mail.timeZone', { zone: c.timeZone })})`);
    if (c.meeting.place) lines.push(`${t('assembly.fields.place')}: ${c.meeting.place}`);
    if (c.meeting.onlineLink) lines.push(`${t('assembly.fields.link')}: ${c.meeting.onlineLink}`);
    const points = agendaPoints(c, t, tools.locale).map(plain);
    lines.push('', `${t('assembly.fields.agenda')}:`, ...(points.length ? points.map((p, i) => `${i + 1}. ${p}`) : [t('assembly.agendaEmpty')]));
    lines.push('', `${t('assembly.fields.proxies')}: ${proxyRules(c.settings, t)}`);
    lines.push('', `${t('assembly.fields.voting')}: ${t('assembly.votingOnline')}`);
    if (member.category === 'supporting') lines.push('', t('assembly.mail.supporting'));
  }
  lines.push('', t('assembly.mail.footer', { org: member.name, cluster: c.clusterName }));
  return { subject, text: lines.join('\n') };
}

/** Member text is marked for chat rendering (userText); an e-mail shows it as typed. */
function plain(s: string): string {
  return showUserText(s, (v) => v);
}
