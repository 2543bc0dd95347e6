import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';

export type { Logger };

/**
 * Fields blanked wherever they appear: at the top of a log line and one level down
 * (`{ member: { email } }`). Tokens, and the personal or free-text fields (RODO: logs never hold
 * e-mails or what members typed). Not `message`: that would blank `err.message`.
 */
const REDACTED_FIELDS = ['token', 'email', 'contactEmail', 'toAddress', 'text', 'options', 'values', 'displayName', 'contactName', 'description', 'motivation'];

/** Exact paths pino blanks out: the secrets of the configuration, and the top-level fields above. */
const REDACTED_PATHS = [
  ...REDACTED_FIELDS,
  'config.DISCORD_TOKEN',
  'config.SLACK_BOT_TOKEN',
  'config.SLACK_SIGNING_SECRET',
  'config.SLACK_APP_TOKEN',
  'config.DATABASE_URL',
  'config.SMTP_USER',
  'config.SMTP_PASSWORD',
  'headers.authorization',
];

const CENSOR = '[redacted]';
const NESTED = new Set(REDACTED_FIELDS);

/**
 * The same fields one level down (what pino's `*.field` paths did). pino 9's redaction parses every
 * wildcard path again for every value of every line: 32 KB of garbage a line, measured as most of
 * the garbage collection in a vote burst. Here a line with nothing to blank is passed on as it is,
 * and a nested object is copied only when it holds a field to blank (the caller's is never changed).
 * Only plain objects are looked into: an error is reduced by its serializer (safeError) first.
 */
function redactNested(line: Record<string, unknown>): Record<string, unknown> {
  let out = line;
  for (const key in line) {
    const value = line[key];
    if (!isPlainObject(value)) continue;
    let copy: Record<string, unknown> | undefined;
    for (const field in value) {
      if (NESTED.has(field)) (copy ??= { ...value })[field] = CENSOR;
    }
    const headers = value['headers'];
    if (isPlainObject(headers) && 'authorization' in headers) (copy ??= { ...value })['headers'] = { ...headers, authorization: CENSOR };
    if (copy) (out === line ? (out = { ...line }) : out)[key] = copy;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Anything shaped like an address, also without a dot in the domain (user@localhost, an SMTP reply). */
export const EMAIL_PATTERN = /[\w.+-]+@[\w-]+(\.[\w-]+)*/g;

export function createLogger(config: Pick<Config, 'NODE_ENV' | 'LOG_LEVEL'>, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: config.LOG_LEVEL,
    base: { app: 'pkes-bot' },
    redact: { paths: REDACTED_PATHS, censor: CENSOR },
    formatters: { log: redactNested },
    serializers: { err: safeError, error: safeError },
  };
  if (destination) return pino(options, destination);
  if (config.NODE_ENV === 'development') {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true, destination: 2 } } });
  }
  return pino(options, pino.destination(2));
}

/**
 * What an error may put in the logs: its kind, code and where it happened. Messages of database
 * errors can quote the values of the query (e-mails, free text), so only their first line is kept,
 * with anything that looks like an e-mail or a quoted value blanked.
 */
export function safeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const firstLine = error.message.split('\n').map((l) => l.trim()).find(Boolean) ?? '';
  const message = firstLine
    .replace(EMAIL_PATTERN, '[email]')
    .replace(/"[^"]*"|'[^']*'|`[^`]*`/g, '[value]')
    .slice(0, 200);
  const stack = (error.stack ?? '')
    .split('\n')
    .filter((l) => l.trim().startsWith('at '))
    .slice(0, 8)
    .join('\n');
  return { type: error.name, code: (error as { code?: unknown }).code, message, stack };
}
