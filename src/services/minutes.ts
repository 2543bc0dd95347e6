import type { ClusterContext } from '../core/actor.ts';
import type { Locale } from '../core/i18n.ts';
import type { Database } from '../db/index.ts';
import { countsText, motionResult, optionLabel, turnoutText, weightsText, type GovernanceService } from './governance.ts';
import { messageTools } from './notifications.ts';
import { toCsv, type CsvCell } from '../core/csv.ts';
import { channelLines, presenceLines } from './chair-minutes.ts';

export interface Minutes {
  meetingId: string;
  markdown: string;
  csv: Buffer;
  filename: string;
}

/**
 * The General Meeting's record: agenda, attendance, each motion with its result, proxies.
 * In the cluster's language (Polish by default). Secret ballots appear as counts only.
 */
export class MinutesService {
  constructor(
    private readonly db: Database,
    private readonly governance: GovernanceService,
    private readonly now: () => Date,
  ) {}

  async build(cluster: ClusterContext, meetingId: string | undefined, locale: Locale = cluster.locale): Promise<Minutes> {
    const meeting = await this.governance.generalMeeting(cluster, meetingId);
    const tools = messageTools(locale, cluster.timeZone, cluster.settings.assemblyName);
    const { t, dateTime } = tools;
    const attendance = await this.db.meetings.attendance(meeting.id);
    const present = await this.db.governance.members(attendance.map((a) => a.memberId));
    const motions = await this.db.governance.motions(cluster.id, { meetingId: meeting.id });
    const proxies = await this.governance.proxies(meeting.id);

    const md: string[] = [];
    const csv: CsvCell[][] = [[t('governance.csv.section'), t('governance.csv.item'), t('governance.csv.detail'), t('governance.csv.value')]];
    md.push(`# ${t('governance.minutes.title', { title: meeting.title })}`, '');
    md.push(`**${t('governance.minutes.date')}:** ${dateTime(meeting.startsAt)}  `);
    md.push(`**${t('governance.minutes.place')}:** ${meeting.place || '—'}`, '');
    csv.push([t('governance.minutes.meeting'), meeting.title, t('governance.minutes.date'), dateTime(meeting.startsAt)]);
    csv.push([t('governance.minutes.meeting'), meeting.title, t('governance.minutes.place'), meeting.place]);

    md.push(`## ${t('governance.minutes.agenda')}`, '', meeting.agenda.trim() || '—', '');
    meeting.agenda
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .forEach((line, i) => csv.push([t('governance.minutes.agenda'), String(i + 1), '', line]));

    md.push(`## ${t('governance.minutes.attendance')} (${present.length})`, '');
    md.push(...(present.length ? present.map((m) => `- ${m.name}`) : ['—']), '');
    for (const m of present) csv.push([t('governance.minutes.attendance'), m.name, '', t('governance.minutes.present')]);

    const presence = await presenceLines(this.db, meeting.id, t);
    md.push(...presence.md);
    csv.push(...presence.csv);
    const channels = new Map(
      await Promise.all(motions.map(async (m) => {
        const result = motionResult(m);
        return [m.id, result ? await channelLines(this.db, m, result, t, cluster.settings.secretBallotK) : { md: [], csv: [] }] as const;
      })),
    );

    md.push(`## ${t('governance.minutes.motions')}`, '');
    if (!motions.length) md.push('—', '');
    motions.forEach((motion, i) => {
      const result = motionResult(motion);
      const n = `${i + 1}. ${motion.title}`;
      md.push(`### ${n}`, '');
      if (motion.text) md.push(motion.text, '');
      md.push(`- ${t('governance.minutes.ballot')}: ${t(`governance.ballot.${motion.ballotKind}`)}, ${t(motion.secret ? 'governance.minutes.secret' : 'governance.minutes.open')}`);
      const first = result?.firstTerm;
      md.push(
        first
          ? `- ${t('governance.minutes.window')}: ${t('chair.term.windows', { first: `${dateTime(new Date(first.opensAt))} – ${dateTime(new Date(first.closedAt))}`, second: `${dateTime(motion.opensAt)} – ${dateTime(motion.closesAt)}` })}`
          : `- ${t('governance.minutes.window')}: ${dateTime(motion.opensAt)} – ${dateTime(motion.closesAt)}`,
      );
      md.push(`- ${t('governance.result.majority')}: ${t(motion.ballotKind === 'yesno' ? `governance.majority.${motion.majority}` : `governance.majorityOptions.${motion.majority}`)}; ${t('governance.result.quorum')}: ${Math.round(motion.quorum * 100)}%${motion.secondTermQuorum !== null ? ` (${t('chair.secondTerm.minutesQuorum', { percent: Math.round(motion.secondTermQuorum * 100), minutes: motion.secondTermDelayMinutes })})` : ''}`);
      if (!result) {
        if (motion.term === 2) md.push(`- ${t('chair.term.minutesWaiting')}`);
        md.push(`- ${t('governance.minutes.notClosed')}`, '');
        csv.push([t('governance.minutes.motion'), motion.title, t('governance.minutes.result'), t('governance.minutes.notClosed')]);
        return;
      }
      md.push(`- ${t('governance.result.turnout')}: ${turnoutText(result, t)}`);
      if (result.voteWeights) {
        md.push(`- ${t('models.weights.label')}: ${weightsText(result.voteWeights, t)}`);
        csv.push([t('governance.minutes.motion'), motion.title, t('models.weights.label'), weightsText(result.voteWeights, t)]);
      }
      md.push(`- ${t('governance.result.counts')}: ${countsText(motion, result, t)}`);
      md.push(...channels.get(motion.id)!.md);
      csv.push(...channels.get(motion.id)!.csv);
      if (motion.secret) {
        const k = result.secrecyK ?? cluster.settings.secretBallotK;
        md.push(`- ${t('governance.minutes.secretGuarantee', { k })}`);
        if (result.voted < k) md.push(`- ${t('governance.result.secrecyBelowK', { k })}`);
      }
      if (result.term === 2 && result.firstTerm) md.push(`- ${t('chair.term.minutesSecond', { voted: result.firstTerm.voted, eligible: result.firstTerm.eligible, needed: result.firstTerm.quorumNeeded })}`);
      else if (result.term === 1) md.push(`- ${t('chair.term.minutesFirst')}`);
      md.push(`- **${t('governance.minutes.result')}: ${t(`governance.outcome.${result.outcome}`)}**`, '');
      if (result.term) csv.push([t('governance.minutes.motion'), motion.title, t('chair.term.label'), t(result.term === 2 ? 'chair.term.second' : 'chair.term.first', result.firstTerm ? { voted: result.firstTerm.voted, eligible: result.firstTerm.eligible, needed: result.firstTerm.quorumNeeded } : {})]);
      csv.push([t('governance.minutes.motion'), motion.title, t('governance.result.turnout'), `${result.voted}/${result.eligible}`]);
      csv.push([t('governance.minutes.motion'), motion.title, t('governance.result.quorum'), t(result.quorumMet ? 'governance.result.quorumMet' : 'governance.result.quorumMissed')]);
      for (const [option, count] of Object.entries(result.counts)) csv.push([t('governance.minutes.motion'), motion.title, optionLabel(motion, option, t), String(count)]);
      csv.push([t('governance.minutes.motion'), motion.title, t('governance.minutes.result'), t(`governance.outcome.${result.outcome}`)]);
    });
    // Open ballots are recorded by name, as voted in the open; secret ones never are.
    for (const motion of motions.filter((m) => !m.secret && m.status === 'closed')) {
      for (const vote of await this.governance.openRollCall(motion)) {
        const org = vote.weight === undefined ? vote.org : t('models.weights.rollCallWeight', { org: vote.org, count: vote.weight });
        csv.push([t('governance.minutes.rollCall'), motion.title, org, vote.choice.map((c) => optionLabel(motion, c, t)).join('; ')]);
      }
    }

    md.push(`## ${t('governance.minutes.proxies')}`, '');
    md.push(...(proxies.length ? proxies.map((p) => `- ${t('governance.minutes.proxyLine', { from: p.from, to: p.to })}${p.note ? ` (${p.note})` : ''}`) : ['—']), '');
    for (const p of proxies) csv.push([t('governance.minutes.proxies'), p.from, p.to, p.note]);

    md.push(`_${t('governance.minutes.generated', { at: dateTime(this.now()) })}_`);
    const day = meeting.startsAt.toISOString().slice(0, 10);
    return { meetingId: meeting.id, markdown: md.join('\n') + '\n', csv: toCsv(csv), filename: `${t('governance.minutes.filename')}-${day}` };
  }
}
