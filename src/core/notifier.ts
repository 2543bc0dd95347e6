import type { Reply } from './reply.ts';
import type { Platform } from './actor.ts';

/** Where a cluster-wide message goes; each cluster maps these to channels in its settings. */
export type ChannelPurpose = 'bot' | 'announcements' | 'barter' | 'coordinator';

export interface ClusterAddress {
  id: string;
  platform: Platform;
  externalId: string;
  /** Channel ids from the cluster's settings. */
  channels: Partial<Record<ChannelPurpose, string>>;
  /** Platform role names the cluster chose (Discord roles). */
  roleNames: { member: string; mainMember: string; supportingMember: string; coordinator: string; groupPrefix: string };
  /** Whether working groups map to platform channels (Slack). */
  groupChannels: boolean;
}

export interface PersonAddress {
  personId: string;
  platformUserId: string;
}

export type PrivateDelivery =
  | { status: 'sent' }
  /** The DM was refused (closed DMs): the adapter mentioned the person in the bot channel instead. */
  | { status: 'fallback'; reason: string }
  | { status: 'failed'; reason: string };

/**
 * Membership changes the platforms mirror: Discord roles, Slack channels. The core says what
 * changed; the adapter knows how its platform shows it.
 */
export type MembershipEvent =
  | { type: 'member.accepted' | 'member.suspended' | 'member.reinstated' | 'member.ended'; memberId: string; category: string; people: PersonAddress[] }
  | { type: 'representative.added' | 'representative.removed'; memberId: string; category: string; people: PersonAddress[] }
  | { type: 'group.joined' | 'group.left'; groupId: string; groupName: string; memberId: string; people: PersonAddress[] }
  | { type: 'group.created' | 'group.dissolved'; groupId: string; groupName: string; people: PersonAddress[] };

/** A problem the adapter met while mirroring (a missing role, a missing permission). */
export interface SyncProblem {
  reason: string;
  detail: string;
}

/**
 * A meeting as the platform's own event list shows it (Discord's scheduled events). The core says
 * what became of the meeting; the adapter knows how its platform lists it. Texts in the cluster's language.
 */
export interface MeetingMirror {
  change: 'scheduled' | 'changed' | 'cancelled';
  meetingId: string;
  /** The platform's event for this meeting, once one was made. */
  ref: string | null;
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  place: string;
  onlineLink: string;
}

/**
 * What every platform adapter implements so that services and jobs can reach people without
 * knowing the platform. Messages arrive already in the recipient's language.
 */
export interface PlatformNotifier {
  readonly platform: Platform;
  sendPrivate(cluster: ClusterAddress, to: PersonAddress, message: Reply): Promise<PrivateDelivery>;
  /** Posts to a channel; returns a reference that `updateMessage` accepts. */
  postToChannel(cluster: ClusterAddress, channel: ChannelPurpose, message: Reply): Promise<string | undefined>;
  updateMessage?(cluster: ClusterAddress, ref: string, message: Reply): Promise<void>;
  /** Mirrors a membership change; returns problems to report to the coordinator (never throws for them). */
  applyMembershipEvent?(cluster: ClusterAddress, event: MembershipEvent): Promise<SyncProblem[]>;
  /** Mirrors a meeting as a platform event; returns the event's reference (null when none is left) and problems to report. */
  mirrorMeeting?(cluster: ClusterAddress, meeting: MeetingMirror): Promise<{ ref: string | null; problems: SyncProblem[] }>;
}
