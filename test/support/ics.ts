import ICAL from 'ical.js';
import type { Attachment, Reply } from '../../src/core/reply.ts';

/** One event of a parsed .ics, as a calendar application reads it. */
export interface ParsedEvent {
  uid: string;
  sequence: number;
  summary: string;
  status: string;
  location: string;
  url: string;
  description: string;
  /** ORGANIZER's address (`mailto:…`) and its CN; empty when the file names none. */
  organizer: string;
  organizerName: string;
  /** ATTENDEE lines: with them a client treats the event as an invitation to answer. */
  attendees: number;
  /** The instant, after applying the file's own VTIMEZONE. */
  start: Date;
  end: Date;
  /** The wall-clock time written in the file and the zone it names. */
  localStart: string;
  zone: string;
}

export interface ParsedCalendar {
  method: string | undefined;
  name: string | undefined;
  events: ParsedEvent[];
}

/**
 * Parses an iCalendar file with ical.js (a parser that calendar web apps use), resolving local
 * times through the VTIMEZONE the file carries, not through this machine's zone data.
 */
export function parseIcs(text: string): ParsedCalendar {
  const root = new ICAL.Component(ICAL.parse(text));
  const zones = new Map<string, ICAL.Timezone>();
  for (const vtz of root.getAllSubcomponents('vtimezone')) {
    const zone = new ICAL.Timezone(vtz);
    zones.set(zone.tzid, zone);
  }
  const events = root.getAllSubcomponents('vevent').map((v) => {
    const event = new ICAL.Event(v);
    const resolve = (time: ICAL.Time) => {
      const tzid = (v.getFirstProperty(time === event.startDate ? 'dtstart' : 'dtend')?.getParameter('tzid') as string | undefined) ?? '';
      const zone = zones.get(tzid);
      if (tzid && !zone) throw new Error(`TZID ${tzid} has no VTIMEZONE in the file`);
      const t = time.clone();
      if (zone) t.zone = zone;
      return { at: t.toJSDate(), tzid };
    };
    const start = resolve(event.startDate);
    const end = resolve(event.endDate);
    return {
      uid: event.uid,
      sequence: Number(v.getFirstPropertyValue('sequence') ?? 0),
      summary: event.summary,
      status: String(v.getFirstPropertyValue('status') ?? ''),
      location: event.location ?? '',
      url: String(v.getFirstPropertyValue('url') ?? ''),
      description: event.description ?? '',
      organizer: String(v.getFirstPropertyValue('organizer') ?? ''),
      organizerName: String(v.getFirstProperty('organizer')?.getParameter('cn') ?? ''),
      attendees: v.getAllProperties('attendee').length,
      start: start.at,
      end: end.at,
      localStart: event.startDate.toString(),
      zone: start.tzid,
    };
  });
  return { method: root.getFirstPropertyValue('method') as string | undefined, name: root.getFirstPropertyValue('x-wr-calname') as string | undefined, events };
}

/** The .ics files a reply carries, parsed. */
export function icsOf(reply: Pick<Reply, 'attachments'>): (ParsedCalendar & { file: Attachment })[] {
  return (reply.attachments ?? []).filter((a) => a.filename.endsWith('.ics')).map((file) => ({ ...parseIcs(file.data.toString('utf8')), file }));
}
