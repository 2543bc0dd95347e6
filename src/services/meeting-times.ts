import type { Locale, Translate } from '../core/i18n.ts';
import { userText } from '../core/text.ts';

/** What showing a meeting's time needs: the reader's language, the cluster's zone, its date format. */
export interface WhenTools {
  locale: Locale;
  timeZone: string;
  dateTime(d: Date): string;
}

/**
 * The zone's name as the reader says it at that moment ("czas środkowoeuropejski letni" in
 * summer, "…standardowy" in winter), so nobody in another zone or abroad guesses the hour.
 */
export function zoneName(date: Date, locale: Locale, timeZone: string): string {
  const part = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'long' }).formatToParts(date).find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

/** "10.06.2026, 17:30 (czas środkowoeuropejski letni)". */
export function meetingWhen(date: Date, tools: WhenTools): string {
  return `${tools.dateTime(date)} (${zoneName(date, tools.locale, tools.timeZone)})`;
}

/** When (local time and the zone's name), where and how to join: the lines every meeting message shows. */
export function meetingLines(meeting: { startsAt: Date; place: string; onlineLink: string }, tools: WhenTools & { t: Translate }): string[] {
  const { t } = tools;
  return [
    t('meetings.fields.when', { when: meetingWhen(meeting.startsAt, tools) }),
    meeting.place ? t('meetings.fields.place', { place: userText(meeting.place) }) : '',
    meeting.onlineLink ? t('calendar.fields.online', { link: meeting.onlineLink }) : '',
  ].filter(Boolean);
}
