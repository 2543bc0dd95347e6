import { z } from 'zod';
import { isValidCron } from './schedule-times.ts';
import { feeRulesSchema, NO_FEES } from './fee-rules.ts';
import { ASSEMBLY_NAMES, AUTO_ACTIVITY_SOURCES, GROUP_CREATION_RULES, MAJORITIES, OPPORTUNITY_POSTERS, VOTER_RULES } from '../core/vocabulary.ts';

/**
 * A cluster's own rules. The model leaves many of them to each cluster's regulations, so they are
 * settings with the defaults of shared/domain.md (PKES). Stored as JSON on the Cluster row;
 * whatever is missing takes the default, so new settings need no migration.
 */
function cron() {
  return z.string().trim().refine(isValidCron, { message: 'core.errors.invalidCron' });
}

export const clusterSettingsSchema = z.object({
  /** Activities each member owes a year. */
  minActivitiesPerYear: z.number().int().min(0).max(52).default(2),
  /**
   * Whether a refused admission can be appealed to the Coordinating Team: the model provides appeals
   * against suspension and end only, so the cluster's regulations decide. Without one, a refused
   * organisation may apply again when its situation changes.
   */
  admissionRefusalAppealable: z.boolean().default(false),
  /** Days from application to the Coordinating Team's decision. */
  admissionDecisionDays: z.number().int().min(1).max(365).default(30),
  /** Reminder to the coordinator and escalation to the team, in days after the application. */
  admissionReminderDays: z.number().int().min(1).default(21),
  admissionEscalationDays: z.number().int().min(1).default(28),
  /** Membership fees: entry fee, yearly bands, supporting members' fee, due date (fee-rules.ts). None at the start. */
  fees: feeRulesSchema.default(NO_FEES),
  /** Whole-network working meetings a year (quarterly). */
  networkMeetingsPerYear: z.number().int().min(1).max(12).default(4),
  /** Days before a quarter's end by which a network meeting should be scheduled. */
  networkMeetingLeadDays: z.number().int().min(1).default(30),
  /** Working groups meet at least this often (days); a gap past `groupMeetingGapDays` reminds the leader. */
  groupMeetingRhythmDays: z.number().int().min(1).default(30),
  groupMeetingGapDays: z.number().int().min(1).default(35),
  /** Days a group may stay empty before the Coordinating Team is told. */
  emptyGroupDays: z.number().int().min(1).default(60),
  /**
   * Who votes at the General Meeting (or Council): main members only (PKES model: "członkowie
   * wspierający nie posiadają prawa głosu"), every member (W-M KES §3 ust. 2: one representative of
   * every member sits in the Cluster Council), or every member with its category's weight
   * (`voteWeights`). Fixed per motion when its voting opens.
   */
  votingMembers: z.enum(VOTER_RULES).default('main'),
  /** Votes per organisation by category when `votingMembers` is `weighted`; 0 means no vote. */
  voteWeights: z
    .object({ main: z.number().int().min(0).max(100).default(1), supporting: z.number().int().min(0).max(100).default(0) })
    .default({ main: 1, supporting: 0 }),
  /**
   * What the cluster calls its deciding assembly; every text naming it follows (translations take
   * it as {gm}, {gmGen}… see core/i18n.ts). PKES: the General Meeting; W-M KES §3: the Cluster Council.
   */
  assemblyName: z.enum(ASSEMBLY_NAMES).default('generalMeeting'),
  /** How often the assembly meets at least, a year: PKES once ("min. raz w roku"), W-M KES quarterly (§3 ust. 2). */
  assemblyMeetingsPerYear: z.number().int().min(1).max(12).default(1),
  /**
   * Who creates working groups: the Coordinating Team alone (PKES: "decyzją Zespołu Koordynującego"),
   * or also members by a request naming a coordinator and a deadline, approved by the team or
   * council (W-M KES §3 ust. 3).
   */
  groupCreation: z.enum(GROUP_CREATION_RULES).default('team'),
  /** Leaving needs a written notice (its text), sent to the coordinator: W-M KES §4 ust. 5. */
  withdrawalWrittenNotice: z.boolean().default(false),
  /** Month and day (MM-DD) by which the year's General Meeting should be scheduled. */
  generalMeetingDeadline: z.string().regex(/^\d{2}-\d{2}$/).default('06-30'),
  /** Days before a General Meeting by which its convocation must reach every organisation (statutes: usually 14). */
  generalMeetingNoticeDays: z.number().int().min(0).max(90).default(14),
  defaultQuorum: z.number().min(0).max(1).default(0.5),
  defaultMajority: z.enum(MAJORITIES).default('simple'),
  /**
   * A motion that misses quorum is voted again "w drugim terminie": this many minutes after the
   * first term ends, with its own quorum (0: any turnout decides). Many statutes provide it; the
   * PKES model does not, so it is off unless the cluster's regulations say so.
   */
  secondTermEnabled: z.boolean().default(false),
  secondTermDelayMinutes: z.number().int().min(0).max(24 * 60).default(15),
  secondTermQuorum: z.number().min(0).max(1).default(0),
  abstentionsCount: z.boolean().default(false),
  proxiesEnabled: z.boolean().default(false),
  /**
   * A secret ballot's anonymity: every count change anyone can see in the database (its files,
   * write-ahead log, backups) sums at least this many organisations' ballots.
   */
  secretBallotK: z.number().int().min(2).max(50).default(5),
  maxProxiesPerMember: z.number().int().min(0).default(1),
  /** Which automatic activities count towards the yearly duty. */
  autoActivities: z
    .array(z.enum(AUTO_ACTIVITY_SOURCES))
    .default([...AUTO_ACTIVITY_SOURCES]),
  /**
   * Inactivity nudges: cron (cluster time zone); more often in the last quarter. Checked when set:
   * a typo would otherwise stop every nudge without a word.
   */
  nudgeCron: cron().default('0 10 1 * *'),
  nudgeCronLastQuarter: cron().default('0 10 1,15 10-12 *'),
  /** The first month nudged about the year's duty: January is a grace period after the year's end. */
  nudgeFirstMonth: z.number().int().min(1).max(12).default(2),
  /** Never nudge the same member more often than this. */
  nudgeMinIntervalDays: z.number().int().min(1).default(14),
  /** Months without activity after which a member is "at risk" in the coordinator's digest. */
  atRiskMonths: z.number().int().min(1).default(6),
  /** Days before a meeting that reminders go out. */
  meetingReminderDays: z.array(z.number().int().min(0).max(60)).default([7, 1]),
  /** A passed motion's tasks: the owner is reminded this many days before the due date. */
  taskReminderDays: z.number().int().min(1).max(60).default(3),
  /** The local hour the task reminder and the overdue notice go out. */
  taskNoticeHour: z.number().int().min(0).max(23).default(9),
  /** The coordinator's digest of overdue tasks: cron (cluster time zone), Monday morning by default. */
  taskDigestCron: cron().default('0 9 * * 1'),
  /** How long a meeting is taken to last where its end is needed (calendar files, Discord events). */
  meetingLengthMinutes: z.number().int().min(15).max(1440).default(120),
  /** Hours after a date poll opens that those who have not answered are reminded (once). */
  datePollReminderHours: z.number().int().min(1).max(24 * 30).default(48),
  /** Barter: days an offer stays open by default, and the most it may. */
  barterDefaultDays: z.number().int().min(1).default(30),
  barterMaxDays: z.number().int().min(1).default(365),
  barterExpiryNoticeDays: z.number().int().min(1).default(3),
  quickHelpEscalationHours: z.number().int().min(1).default(24),
  quickHelpMaxMentions: z.number().int().min(1).max(10).default(5),
  /** Market opportunities: posted by the coordinator only, or by any member in good standing too. */
  opportunityPosting: z.enum(OPPORTUNITY_POSTERS).default('coordinator'),
  /** The cluster's operating margin on a consortium's budget, in percent (the model: it funds the cluster). */
  consortiumMarginPercent: z.number().min(0).max(50).default(5),
  /** Organisations told of a new opportunity at most (those whose sectors or offers fit best). */
  opportunityMaxMatches: z.number().int().min(1).max(100).default(20),
  /** Personal data retention, in months. */
  refusedApplicationRetentionMonths: z.number().int().min(1).default(12),
  endedMembershipRetentionMonths: z.number().int().min(1).default(24),
  /** Yearly reminder to confirm organisation data, in months since last confirmation. */
  dataConfirmationMonths: z.number().int().min(1).default(12),
  /** Channels (platform ids) the bot posts to; unset means the bot channel. */
  channels: z
    .object({
      bot: z.string().optional(),
      announcements: z.string().optional(),
      barter: z.string().optional(),
      coordinator: z.string().optional(),
    })
    .default({}),
  /** Platform role names kept in step with membership (Discord roles). */
  roleNames: z
    .object({
      member: z.string().default('Członek PKES'),
      mainMember: z.string().default('Członek główny'),
      supportingMember: z.string().default('Członek wspierający'),
      coordinator: z.string().default('Koordynator'),
      groupPrefix: z.string().default('GR: '),
    })
    .default({ member: 'Członek PKES', mainMember: 'Członek główny', supportingMember: 'Członek wspierający', coordinator: 'Koordynator', groupPrefix: 'GR: ' }),
  /** Slack: a channel per working group, invited on join and removed on leave. */
  groupChannels: z.boolean().default(false),
});

type SettingsShape = z.output<typeof clusterSettingsSchema>;

// The core carries settings on every ClusterContext without knowing them; this tells it their shape.
declare module '../core/actor.ts' {
  interface ClusterSettings extends SettingsShape {}
}

export type ClusterSettings = SettingsShape;

/** Stored JSON to settings; a corrupt or outdated value falls back to defaults key by key. */
/**
 * Every interaction reads its cluster's settings; the stored text rarely changes, so the parse of
 * the last few texts is kept (the result is never mutated: an update stores a new text).
 */
const parsedSettings = new Map<string, ClusterSettings>();

export function parseSettings(json: string | null | undefined): ClusterSettings {
  const key = json ?? '';
  const known = parsedSettings.get(key);
  if (known) return known;
  const parsed = deepFreeze(parseSettingsText(json));
  if (parsedSettings.size >= 64) parsedSettings.delete(parsedSettings.keys().next().value!);
  parsedSettings.set(key, parsed);
  return parsed;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function parseSettingsText(json: string | null | undefined): ClusterSettings {
  let raw: Record<string, unknown> = {};
  try {
    raw = json ? (JSON.parse(json) as Record<string, unknown>) : {};
  } catch {
    raw = {};
  }
  raw = withFeesFolded(raw);
  const full = clusterSettingsSchema.safeParse(raw);
  if (full.success) return full.data;
  const clean = Object.fromEntries(
    Object.entries(raw).filter(([key, value]) => {
      if (!Object.hasOwn(clusterSettingsSchema.shape, key)) return false;
      return clusterSettingsSchema.shape[key as keyof ClusterSettings].safeParse(value).success;
    }),
  );
  return clusterSettingsSchema.parse(clean);
}

/**
 * Settings stored before the fee rules kept a one-off entry fee in PLN as a number (`entryFee`):
 * it becomes the rules' entry fee in grosze, unless rules were set since.
 */
function withFeesFolded(raw: Record<string, unknown>): Record<string, unknown> {
  if (!Object.hasOwn(raw, 'entryFee')) return raw;
  const { entryFee, ...rest } = raw;
  if (rest.fees !== undefined || typeof entryFee !== 'number' || !(entryFee > 0)) return rest;
  return { ...rest, fees: { entry: Math.round(entryFee * 100) } };
}

export const defaultSettings = (): ClusterSettings => clusterSettingsSchema.parse({});
