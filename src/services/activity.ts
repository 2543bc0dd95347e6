import type { Database } from '../db/index.ts';
import type { ClusterSettings } from './settings.ts';

/** The automatic activities a cluster may count (setting `autoActivities`). */
export type AutoActivitySource = ClusterSettings['autoActivities'][number];

/** Which activity kind an automatic source is recorded as. */
const KIND_OF: Record<AutoActivitySource, string> = {
  meeting: 'event',
  'group-meeting': 'working-group',
  'group-join': 'working-group',
  barter: 'network-initiative',
  vote: 'event',
};

/** Activities: what members did, and the yearly duty of at least two. */
export class ActivityService {
  constructor(private readonly db: Database) {}

  /**
   * Records something the bot saw happen (attendance, a barter completed, a vote) as an activity
   * of the organisation, once per `sourceKey`, if the cluster counts that source.
   * Returns whether it was recorded now.
   */
  async recordAutomatic(
    settings: Pick<ClusterSettings, 'autoActivities'>,
    entry: { clusterId: string; memberId: string; source: AutoActivitySource; sourceKey: string; date: Date; title: string; personId?: string | null },
  ): Promise<boolean> {
    if (!settings.autoActivities.includes(entry.source)) return false;
    return this.db.activities.addOnce({
      clusterId: entry.clusterId,
      memberId: entry.memberId,
      kind: KIND_OF[entry.source],
      date: entry.date,
      title: entry.title,
      source: entry.source,
      sourceKey: `${entry.source}:${entry.sourceKey}`,
      loggedByPersonId: entry.personId ?? null,
    });
  }
}
