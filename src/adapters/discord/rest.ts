import { createRequire } from 'node:module';
import path from 'node:path';
import type { RateLimitData, REST, RESTOptions } from '@discordjs/rest';
import type { Config } from '../../config.ts';
import type { Logger } from '../../logger.ts';

/**
 * @discordjs/rest's build for runtimes with fetch (its `default` export condition), which Node's
 * resolution never picks: the Node build imports undici at load (about 5 MiB of an idle bot's
 * memory) only to offer a client the bot does not use, since every call goes through the global
 * fetch below. The same package and version, read from beside the entry point Node resolves.
 */
const require = createRequire(import.meta.url);
const discordRest = require(path.join(path.dirname(require.resolve('@discordjs/rest')), 'web.js')) as typeof import('@discordjs/rest');
export const { RESTEvents } = discordRest;

/**
 * REST options for every Discord call: the configured base URL (proxies, tests) and the global
 * fetch, which nock can intercept (discord.js's default undici client bypasses it). 429s wait in
 * the REST queue and are retried there.
 */
function restOptions(config: Pick<Config, 'DISCORD_API_URL'>): Partial<RESTOptions> {
  return {
    api: config.DISCORD_API_URL.replace(/\/+$/, ''),
    version: '10',
    makeRequest: (url, init) => fetch(url, init as RequestInit) as never,
  };
}

/**
 * With a logger, every 429 Discord answers is reported before the REST queue waits its Retry-After
 * and retries: @discordjs/rest announces only the waits it foresees (the RateLimited event), and
 * calls `rejectOnRateLimit` for every 429, here to log and never to give up.
 */
export function createRest(config: Pick<Config, 'DISCORD_API_URL' | 'DISCORD_TOKEN'>, log?: Logger): REST {
  const rest = new discordRest.REST({
    ...restOptions(config),
    ...(log
      ? {
          rejectOnRateLimit: (info: RateLimitData) => {
            log.warn({ route: info.route, retryAfter: info.retryAfter, global: info.global, scope: info.scope }, 'discord answered 429: waiting, then retrying');
            return false;
          },
        }
      : {}),
  });
  if (config.DISCORD_TOKEN) rest.setToken(config.DISCORD_TOKEN);
  return rest;
}

/**
 * The JSON error code of a failed Discord request (50007, 10062…). Read by shape, not by class:
 * discord.js loads @discordjs/rest as CommonJS and we import it as ESM, so `instanceof` fails.
 */
export function discordErrorCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('rawError' in error) || !('code' in error)) return undefined;
  const code = Number((error as { code: unknown }).code);
  return Number.isFinite(code) ? code : undefined;
}
