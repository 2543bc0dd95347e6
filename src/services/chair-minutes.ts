import type { Database } from '../db/index.ts';
import type { CsvCell } from '../core/csv.ts';
import type { MessageTools } from './notifications.ts';
import { countsText, optionLabel, type MotionResult, type MotionRow } from './governance.ts';

type T = MessageTools['t'];
export interface Lines {
  md: string[];
  csv: CsvCell[][];
}

/** The minutes' presence as the chair recorded it: in the room and online. Empty without a chair. */
export async function presenceLines(db: Database, meetingId: string, t: T): Promise<Lines> {
  const presence = await db.chair.presence(meetingId);
  if (presence.length === 0) return { md: [], csv: [] };
  const members = await db.governance.members(presence.map((p) => p.memberId));
  const of = (mode: 'room' | 'online') => members.filter((m) => presence.some((p) => p.memberId === m.id && p.mode === mode)).map((m) => m.name);
  const room = of('room');
  const online = of('online');
  return {
    md: [`## ${t('chair.minutes.presence')}`, '', `- ${t('chair.panel.room', { count: room.length })}: ${room.join(', ') || '—'}`, `- ${t('chair.panel.online', { count: online.length })}: ${online.join(', ') || '—'}`, ''],
    csv: [...room.map((name) => [t('chair.minutes.presence'), name, '', t('chair.minutes.room')]), ...online.map((name) => [t('chair.minutes.presence'), name, '', t('chair.minutes.online')])],
  };
}

/**
 * A motion's votes by channel, where the chair recorded any in the room: the room's counts (an
 * open ballot's by organisation; a secret one's from the urn, with who took a paper ballot) and
 * the online ones, which are the rest of the result.
 */
export async function channelLines(db: Database, motion: MotionRow, result: MotionResult, t: T, k: number): Promise<Lines> {
  const ballots = await db.chair.roomBallots(motion.id);
  if (ballots.length === 0) return { md: [], csv: [] };
  const [eligibility, members] = await Promise.all([db.governance.eligibility(motion.id), db.governance.members(ballots.flatMap((b) => [b.memberId, ...(b.proxyMemberId ? [b.proxyMemberId] : [])]))]);
  const name = (id: string) => members.find((m) => m.id === id)?.name ?? id;
  ballots.sort((a, b) => name(a.memberId).localeCompare(name(b.memberId), 'pl'));
  const weights = new Map(eligibility.map((e) => [e.memberId, e.weight]));
  const room: Record<string, number> = Object.fromEntries(Object.keys(result.counts).map((o) => [o, 0]));
  const csv: CsvCell[][] = [];
  const votes = motion.secret ? new Map<string, string[]>() : new Map((await db.governance.openVotes(motion.id)).map((v) => [v.memberId, JSON.parse(v.choice) as string[]]));
  if (motion.secret) {
    for (const row of await db.chair.roomTally(motion.id)) room[row.option] = row.count;
  } else {
    for (const b of ballots) {
      for (const option of votes.get(b.memberId) ?? []) room[option] = (room[option] ?? 0) + (weights.get(b.memberId) ?? 1);
    }
  }
  const online = Object.fromEntries(Object.entries(result.counts).map(([o, n]) => [o, n - (room[o] ?? 0)]));
  const text = (counts: Record<string, number>) => countsText(motion, { ...result, counts }, t);
  const orgs = ballots.map((b) => (b.proxyMemberId ? `${name(b.memberId)} (${t('chair.minutes.byHolder', { holder: name(b.proxyMemberId) })})` : name(b.memberId)));
  const onlineVoters = (await db.governance.participations(motion.id)).length - ballots.length;
  const md = [
    motion.secret ? `- ${t('chair.minutes.paperLine', { count: ballots.length, counts: text(room), orgs: orgs.join(', ') })}` : `- ${t('chair.minutes.roomLine', { count: ballots.length, counts: text(room) })}`,
    `- ${t('chair.minutes.onlineLine', { count: onlineVoters, counts: text(online) })}`,
    ...(motion.secret && ballots.length < k ? [`- ${t('chair.minutes.roomBelowK', { k })}`] : []),
  ];
  const label = (o: string) => optionLabel(motion, o, t);
  for (const [option, n] of Object.entries(room)) csv.push([t('governance.minutes.motion'), motion.title, `${t('chair.minutes.room')}: ${label(option)}`, String(n)]);
  for (const [option, n] of Object.entries(online)) csv.push([t('governance.minutes.motion'), motion.title, `${t('chair.minutes.online')}: ${label(option)}`, String(n)]);
  // Open ballots: who voted what in the room, as the roll call does; secret ones: only who took a paper ballot.
  ballots.forEach((b, i) => csv.push([t('chair.minutes.roomBallots'), motion.title, orgs[i]!, (votes.get(b.memberId) ?? []).map(label).join('; ')]));
  return { md, csv };
}
