import type { Translate } from '../core/i18n.ts';
import type { Evaluation } from './evaluation.ts';
import type { Chart } from './charts/specs.ts';

/** Groups that held at least the meetings their rhythm asks for. */
export const onRhythm = (e: Evaluation) => e.groups.filter((g) => g.held >= g.expected).length;

/** The year's headline numbers, one line each, for the reply in chat. */
export function summaryLines(e: Evaluation, t: Translate, format: { date(d: Date): string }): string[] {
  const now = e.standings.at(-1);
  const exchangeTotals = e.exchange.byType.reduce((a, r) => ({ posted: a.posted + r.posted, answered: a.answered + r.answered }), { posted: 0, answered: 0 });
  const a = e.admissions;
  return [
    e.finished ? t('evaluation.reply.finished', { year: String(e.window.year) }) : t('evaluation.reply.running', { date: format.date(e.window.asOf) }),
    t('evaluation.reply.members', { count: e.counted.length }),
    t('evaluation.reply.standing', { met: now?.met ?? 0, atRisk: now?.atRisk ?? 0, inactive: now?.inactive ?? 0 }),
    t('evaluation.reply.activities', { count: e.activities.reduce((n, r) => n + r.count, 0) }),
    t('evaluation.reply.admissions', { submitted: a.submitted, decided: a.decided, ruleDays: a.ruleDays, within: a.decidedWithinRule }),
    ...(a.openPastRule ? [t('evaluation.reply.openPastRule', { count: a.openPastRule })] : []),
    t('evaluation.reply.groups', { count: e.groups.length, onRhythm: onRhythm(e) }),
    t('evaluation.reply.exchange', exchangeTotals),
    t('evaluation.reply.generalMeetings', { count: e.generalMeetings.filter((m) => m.date.startsWith(String(e.window.year))).length }),
    t('evaluation.reply.collaboration', { pairs: e.collaboration.pairs.length, newPairs: e.collaboration.newPairs }),
    t('evaluation.reply.isolated', { count: e.collaboration.isolated.length }),
  ];
}

/**
 * The Markdown summary beside the charts: for each chart, how its numbers are made and the name of
 * the CSV file that holds them, so the General Meeting can check any figure.
 */
export function summaryMarkdown(e: Evaluation, charts: Chart[], files: Map<Chart, string>, t: Translate, format: { date(d: Date): string }): string {
  const a = e.admissions;
  const c = e.collaboration;
  const explain: Record<string, string> = {
    activities: t('evaluation.summary.activities', { count: e.activities.reduce((n, r) => n + r.count, 0) }),
    standings: t('evaluation.summary.standings', { required: e.rules.required, months: e.rules.atRiskMonths }),
    admissions: t('evaluation.summary.admissions', { submitted: a.submitted, decided: a.decided, ruleDays: a.ruleDays, within: a.decidedWithinRule, openPastRule: a.openPastRule }),
    groups: t('evaluation.summary.groups', { onRhythm: onRhythm(e), count: e.groups.length }),
    exchange: t('evaluation.summary.exchange'),
    generalMeetings: t('evaluation.summary.generalMeetings'),
    collaborations: t('evaluation.summary.collaborations', { pairs: c.pairs.length, newPairs: c.newPairs, isolated: c.isolated.length }),
  };
  explain.map = explain.collaborations!;
  const lines = [
    `# ${t('evaluation.summary.title', { year: String(e.window.year) })}`,
    '',
    t('evaluation.summary.asOf', { date: format.date(e.window.asOf), zone: e.window.zone }),
    '',
    ...summaryLines(e, t, format).map((l) => `- ${l}`),
    '',
    t('evaluation.summary.howTo'),
  ];
  for (const chart of charts) {
    const title = chart.spec.spec.title as { text: string };
    lines.push('', `## ${title.text}`, '', explain[chart.name] ?? '', '', t('evaluation.summary.file', { file: `\`${files.get(chart)}\`` }), '', `![${title.text}](${files.get(chart)?.replace(/\.csv$/, '.png')})`);
  }
  return lines.join('\n') + '\n';
}
