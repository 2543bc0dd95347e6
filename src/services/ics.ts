import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import { ICalCalendar, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';

/** One meeting as a calendar sees it; every text already in the reader's language. */
export interface CalendarEvent {
  /** Stable for the meeting's whole life: an update or a cancellation replaces the same event. */
  uid: string;
  /** Raised on every change: the higher one wins in the calendar. */
  sequence: number;
  title: string;
  description: string;
  start: Date;
  end: Date;
  location: string;
  url?: string;
  cancelled: boolean;
  /** When this version was made (the meeting's last change): the same meeting gives the same bytes. */
  stamp: Date;
  /** Who answers for the event: the cluster, at the address its mail is sent from. */
  organizer?: { name: string; email: string };
}

export type CalendarMethod = 'PUBLISH' | 'CANCEL';

const PRODUCT = { company: 'PKES', product: 'Bot klastra', language: 'PL' };

/**
 * An iCalendar (RFC 5545) file: local times with their VTIMEZONE (the cluster's zone), so a
 * calendar shows the hour that was meant on both sides of a DST change. A subscription feed has no
 * method; a file sent with a message is PUBLISH, or CANCEL once the meeting is called off.
 */
export function icsCalendar(events: CalendarEvent[], opts: { timeZone: string; method?: CalendarMethod; name?: string; refreshSeconds?: number }): string {
  const cal = new ICalCalendar({
    prodId: PRODUCT,
    ...(opts.method ? { method: opts.method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH } : {}),
    ...(opts.name ? { name: opts.name } : {}),
    ...(opts.refreshSeconds ? { ttl: opts.refreshSeconds } : {}),
  });
  // No calendar-wide zone: ical-generator would write DTSTAMP in it, and DTSTAMP must be UTC.
  // The generator still gives each event's zone its VTIMEZONE.
  cal.timezone({ name: null, generator: getVtimezoneComponent });
  const local = (d: Date) => DateTime.fromJSDate(d, { zone: opts.timeZone });
  for (const e of events) {
    cal.createEvent({
      id: e.uid,
      sequence: e.sequence,
      stamp: e.stamp,
      start: local(e.start),
      end: local(e.end),
      timezone: opts.timeZone,
      summary: e.title,
      ...(e.description ? { description: e.description } : {}),
      ...(e.location ? { location: e.location } : {}),
      ...(e.url ? { url: e.url } : {}),
      status: e.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      // No ATTENDEE is ever written: with PUBLISH and no attendee a client adds the event and
      // asks nobody to reply (attendance is answered in the chat, not by an iMIP e-mail).
      ...(e.organizer ? { organizer: e.organizer } : {}),
    });
  }
  return cal.toString();
}
