import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';

export type { Logger };

/**
 * Paths pino blanks out wherever they appear. Tokens and secrets, and the personal or free-text
 * fields (RODO: logs never hold e-mails or what members typed).
 */
export const REDACTED_PATHS = [
  'token',
  '*.token',
  'config.DISCORD_TOKEN',
  'config.SLACK_BOT_TOKEN',
  'config.SLACK_SIGNING_SECRET',
  'config.SLACK_APP_TOKEN',
  'config.DATABASE_URL',
  'config.SMTP_USER',
  'config.SMTP_PASSWORD',
  'headers.authorization',
  '*.headers.authorization',
  'email',
  '*.email',
  'contactEmail',
  '*.contactEmail',
  'toAddress',
  '*.toAddress',
  'text',
  '*.text',
  'options',
  '*.options',
  'values',
  '*.values',
  // Who a person is and what they wrote (RODO). Not `message`: that would blank `err.message`.
  'displayName',
  '*.displayName',
  'contactName',
  '*.contactName',
  'description',
  '*.description',
  'motivation',
  '*.motivation',
];

/** Anything shaped like an address, also without a dot in the domain (user@localhost, an SMTP reply). */
export const EMAIL_PATTERN = /[\w.+-]+@[\w-]+(\.[\w-]+)*/g;

export function createLogger(config: Pick<Config, 'NODE_ENV' | 'LOG_LEVEL'>, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: config.LOG_LEVEL,
    base: { app: 'pkes-bot' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
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
