import type { Database } from '../db/index.ts';
import type { ClusterContext, Platform } from '../core/actor.ts';
import { toLocale, type Locale } from '../core/i18n.ts';
import type { ClusterAddress } from '../core/notifier.ts';
import { DomainError } from '../core/errors.ts';
import { clusterSettingsSchema, parseSettings, type ClusterSettings } from './settings.ts';
import { applyClusterModel } from './cluster-models.ts';
import type { ClusterModel } from '../core/vocabulary.ts';

export interface ClusterDefaults {
  locale: Locale;
  timeZone: string;
}

type ClusterRow = Awaited<ReturnType<Database['clusters']['byId']>>;

export function toClusterContext(row: ClusterRow): ClusterContext {
  return {
    id: row.id,
    platform: row.platform,
    externalId: row.externalId,
    name: row.name,
    locale: toLocale(row.locale),
    timeZone: row.timeZone,
    settings: parseSettings(row.settings),
  };
}

export function clusterAddress(cluster: ClusterContext): ClusterAddress {
  return {
    id: cluster.id,
    platform: cluster.platform,
    externalId: cluster.externalId,
    channels: cluster.settings.channels,
    roleNames: cluster.settings.roleNames,
    groupChannels: cluster.settings.groupChannels,
  };
}

/** Tenancy: a cluster per guild, workspace or console session, with its own settings. */
export class ClusterService {
  constructor(
    private readonly db: Database,
    private readonly defaults: ClusterDefaults,
  ) {}

  async resolve(platform: Platform, externalId: string, name?: string): Promise<ClusterContext> {
    const row = await this.db.clusters.ensure(platform, externalId, {
      name: name ?? externalId,
      locale: this.defaults.locale,
      timeZone: this.defaults.timeZone,
    });
    return toClusterContext(row);
  }

  async byId(id: string): Promise<ClusterContext> {
    return toClusterContext(await this.db.clusters.byId(id));
  }

  async all(): Promise<ClusterContext[]> {
    return (await this.db.clusters.all()).map(toClusterContext);
  }

  /** Changes some settings; the result is validated as a whole before it is stored. */
  async updateSettings(id: string, patch: Partial<ClusterSettings>): Promise<ClusterContext> {
    const current = await this.byId(id);
    const next = clusterSettingsSchema.parse({ ...current.settings, ...patch });
    return toClusterContext(await this.db.clusters.update(id, { settings: JSON.stringify(next) }));
  }

  /** Applies a seed agreement's rules (`/setup model`): which settings changed, which already matched. */
  applyModel(id: string, model: ClusterModel) {
    return applyClusterModel(this, id, model);
  }

  /** What /about shows: member counts and the coordinators. */
  async summary(id: string) {
    const [counts, roles] = await Promise.all([this.db.members.countActiveByCategory(id), this.db.people.withRole(id, ['coordinator'])]);
    const coordinators = await this.db.people.byIds(roles.map((r) => r.personId));
    return {
      main: counts.main ?? 0,
      supporting: counts.supporting ?? 0,
      coordinators: coordinators.filter((p) => !p.erasedAt).map((p) => ({ personId: p.id, platformUserId: p.platformUserId, displayName: p.displayName })),
    };
  }

  /**
   * One setting from text (`/setup set`): JSON or plain text, checked against that setting's own
   * rule. Only the settings' own keys count ("valueOf" is not a setting).
   */
  async setSetting(id: string, key: string, raw: string): Promise<{ cluster: ClusterContext; value: unknown }> {
    if (!Object.hasOwn(clusterSettingsSchema.shape, key)) throw new DomainError('core.errors.unknownSetting', { key });
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // plain text is a string value
    }
    const parsed = clusterSettingsSchema.shape[key as keyof ClusterSettings].safeParse(value);
    if (!parsed.success) {
      // A setting with its own explanation (a cron expression) says what it expects.
      if (parsed.error.issues[0]?.message === 'core.errors.invalidCron') throw new DomainError('core.errors.invalidCron', { key, value: raw });
      throw new DomainError('core.errors.invalidSetting', { key, value: raw });
    }
    return { cluster: await this.updateSettings(id, { [key]: parsed.data } as Partial<ClusterSettings>), value: parsed.data };
  }

  async setTimeZone(id: string, timeZone: string): Promise<ClusterContext> {
    try {
      new Intl.DateTimeFormat('en', { timeZone });
    } catch {
      throw new DomainError('core.errors.invalidTimeZone', { value: timeZone });
    }
    return this.update(id, { timeZone });
  }

  async update(id: string, data: { name?: string; locale?: Locale; timeZone?: string }): Promise<ClusterContext> {
    return toClusterContext(await this.db.clusters.update(id, data));
  }
}
