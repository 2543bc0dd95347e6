import type { ClusterModel } from '../core/vocabulary.ts';
import type { ClusterService } from './clusters.ts';
import type { ClusterSettings } from './settings.ts';
import { NO_FEES } from './fee-rules.ts';

// pkes-model.txt: "Walne Spotkanie Sieci … min. raz w roku"; "członkowie wspierający nie posiadają
// prawa do głosowania"; working groups "powoływane i wygaszane … decyzją Zespołu Koordynującego";
// no fees at the start, an entry fee possible later.
const PKES_RULES = {
  votingMembers: 'main',
  assemblyName: 'generalMeeting',
  assemblyMeetingsPerYear: 1,
  groupCreation: 'team',
  withdrawalWrittenNotice: false,
  fees: NO_FEES,
} as const;

/**
 * The rules each seed agreement sets (shared/seeds/), as settings. `/setup model` applies one set;
 * every setting stays adjustable afterwards with `/setup set`. A rule an agreement leaves to the
 * cluster's own regulations keeps the bot's default (the PKES model's).
 */
export const CLUSTER_MODEL_SETTINGS = {
  pkes: PKES_RULES,
  // warminsko-mazurski-kes-agreement-2014.txt: §3 ust. 2 the Cluster Council, "po jednym
  // przedstawicielu każdego z Członków", "nie rzadziej niż raz na kwartał"; §3 ust. 3 working groups
  // "na wniosek grupy Członków lub Rady Klastra", each with a coordinator and an agreed deadline;
  // §4 ust. 5 "jednostronnego wypowiedzenia, złożonego na piśmie"; §5 ust. 2 no financial obligations.
  'wm-kes': {
    votingMembers: 'all',
    assemblyName: 'clusterCouncil',
    assemblyMeetingsPerYear: 4,
    groupCreation: 'members',
    withdrawalWrittenNotice: true,
    fees: NO_FEES,
  },
  // kpes-agreement-2014.txt: Par. 1 partners are social-economy entities (main members; the agreement
  // knows no other category); Par. 6 admission and working rules by the regulations (bot defaults);
  // Par. 7 no financial obligations. So every rule it sets is the PKES model's.
  kpes: { ...PKES_RULES },
} as const satisfies Record<ClusterModel, Partial<ClusterSettings>>;

/** The settings a model decides, in the order a reply lists them. */
export const MODEL_KEYS = Object.keys(CLUSTER_MODEL_SETTINGS.pkes) as (keyof (typeof CLUSTER_MODEL_SETTINGS)['pkes'])[];

export interface ModelChange {
  key: string;
  from: unknown;
  to: unknown;
}

/** Applies a model's rules; answers which settings changed (from, to) and which already matched. */
export async function applyClusterModel(clusters: ClusterService, clusterId: string, model: ClusterModel): Promise<{ changed: ModelChange[]; kept: ModelChange[] }> {
  const before = (await clusters.byId(clusterId)).settings;
  const patch: Partial<ClusterSettings> = { ...CLUSTER_MODEL_SETTINGS[model] };
  const after = (await clusters.updateSettings(clusterId, patch)).settings;
  const rows = MODEL_KEYS.map((key) => ({ key, from: before[key], to: after[key] }));
  // The fee rules are an object: the same rules stored anew are not a change.
  const same = (r: ModelChange) => JSON.stringify(r.from) === JSON.stringify(r.to);
  return { changed: rows.filter((r) => !same(r)), kept: rows.filter(same) };
}
