import type { Actor, ClusterContext, Platform, PlatformUser } from './actor.ts';

/** What the core itself calls on the domain: the cluster and the actor of an interaction, and form drafts. */
export interface CoreServices {
  clusters: { resolve(platform: Platform, externalId: string, name?: string): Promise<ClusterContext> };
  people: { actor(cluster: ClusterContext, user: PlatformUser): Promise<Actor> };
  drafts: {
    get(clusterId: string, personId: string, formId: string): Promise<Record<string, string> | null>;
    save(clusterId: string, personId: string, formId: string, values: Record<string, string>): Promise<unknown>;
    clear(clusterId: string, personId: string, formId: string): Promise<unknown>;
  };
}

/**
 * Every domain service, as commands and jobs receive them. Declared here with only what the core
 * needs; src/services/index.ts adds each service by declaration merging (as Sapphire's container
 * is extended), so the dependency points from the services down to the core and never back.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Services extends CoreServices {}
