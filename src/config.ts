import { z } from 'zod';

/**
 * Every setting of the bot, read once from the environment. `.env.example` mirrors this file
 * line by line; a test keeps the two in step.
 */
const optional = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATABASE_URL: z
      .string()
      .default('file:./data/pkes.db')
      .refine((v) => v.startsWith('file:') || /^postgres(ql)?:\/\//.test(v), {
        message: 'must start with file: (SQLite) or postgresql:// (PostgreSQL)',
      }),
    /** Default language of a new cluster and of anything said before a user's language is known. */
    DEFAULT_LOCALE: z.enum(['pl', 'en']).default('pl'),
    DEFAULT_TIME_ZONE: z
      .string()
      .default('Europe/Warsaw')
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, { message: 'is not an IANA time zone (e.g. Europe/Warsaw)' }),
    /** Off in tests and in replicas that should only answer interactions. */
    SCHEDULER_ENABLED: flag.default(true),
    /** Console adapter: the cluster (session) name and who you are when it starts. */
    CONSOLE_CLUSTER: z.string().default('local'),
    CONSOLE_USER: z.string().default('koordynator'),

    DISCORD_TOKEN: optional,
    DISCORD_APPLICATION_ID: optional,
    DISCORD_GUILD_ID: optional,
    DISCORD_PUBLIC_KEY: optional,
    DISCORD_API_URL: z.url().default('https://discord.com/api'),
    DISCORD_HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(3001),

    SLACK_BOT_TOKEN: optional,
    SLACK_SIGNING_SECRET: optional,
    SLACK_APP_TOKEN: optional,
    SLACK_API_URL: z.url().default('https://slack.com/api/'),
    SLACK_HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(3002),
    SLACK_COMMAND_PREFIX: z
      .string()
      .regex(/^[a-z0-9_-]{1,20}$/, 'lower-case letters, digits, - and _ only')
      .default('pkes'),

    /**
     * The bot's own HTTP server (/healthz, /readyz, /metrics) where no interactions endpoint runs:
     * Discord gateway and Slack Socket Mode use 3000 unless set; the console only when set.
     * HTTP modes serve these routes on their interactions port as well. 0 picks a free port.
     */
    OPS_PORT: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(0).max(65535).optional()),
    OPS_HOST: z.string().default('0.0.0.0'),
    /** GET /metrics in Prometheus text format; off unless set. */
    METRICS_ENABLED: flag.default(false),
    /** When set, /metrics asks for `Authorization: Bearer <token>` (it may share a public port). */
    METRICS_TOKEN: optional,
    /** Where people reach the bot's HTTP server: calendar subscription URLs are made under it. */
    PUBLIC_URL: optional.pipe(z.url().optional()),
    /** On SIGTERM/SIGINT: how long /readyz says 503 while still serving, so a load balancer drains first. */
    SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(300_000).default(0),
    /** Then how long interactions in flight and a running scheduler job get to finish. */
    SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(300_000).default(10_000),

    /** SMTP for official announcements by e-mail; without SMTP_HOST the bot announces in chat only. */
    SMTP_HOST: optional,
    SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
    SMTP_SECURE: flag.default(false),
    SMTP_USER: optional,
    SMTP_PASSWORD: optional,
    MAIL_FROM: optional,
    /** Attempts per e-mail before it is given up and reported to the coordinator; backoff doubles from MAIL_RETRY_SECONDS. */
    MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
    MAIL_RETRY_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  })
  .superRefine((c, ctx) => {
    if (c.SMTP_HOST && !c.MAIL_FROM) ctx.addIssue({ code: 'custom', path: ['MAIL_FROM'], message: 'is required when SMTP_HOST is set' });
    if (c.DISCORD_TOKEN && !c.DISCORD_APPLICATION_ID) {
      ctx.addIssue({ code: 'custom', path: ['DISCORD_APPLICATION_ID'], message: 'is required when DISCORD_TOKEN is set' });
    }
    if (c.SLACK_BOT_TOKEN && !c.SLACK_SIGNING_SECRET && !c.SLACK_APP_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: 'or SLACK_APP_TOKEN is required when SLACK_BOT_TOKEN is set (HTTP mode or Socket Mode)',
      });
    }
  });

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly variable: string, readonly problem: string) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; the first problem becomes one message that names the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const variable = String(issue.path[0] ?? 'environment');
  const received = env[variable];
  // Values of secrets and connection strings are never echoed back.
  const secret = /TOKEN|SECRET|KEY|PASSWORD|DATABASE_URL/.test(variable);
  const problem = received === undefined || secret ? issue.message : `${issue.message} (got "${received}")`;
  throw new ConfigError(variable, problem);
}

export const hasDiscord = (c: Config) => Boolean(c.DISCORD_TOKEN || c.DISCORD_PUBLIC_KEY);
export const hasSlack = (c: Config) => Boolean(c.SLACK_BOT_TOKEN);
