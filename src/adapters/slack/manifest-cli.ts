/**
 * `npm run slack:manifest [-- --url https://bot.example.org] [--out file]` writes the Slack app
 * manifest from commands/index.ts. Without --url the app uses Socket Mode. The checked-in
 * slack-manifest.json is the Socket Mode one with the default prefix; a test keeps it current.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { commands } from '../../../commands/index.ts';
import { loadConfig } from '../../config.ts';
import { manifestJson } from './manifest.ts';

const { values } = parseArgs({ options: { url: { type: 'string' }, out: { type: 'string' } } });
const config = loadConfig();
const out = path.resolve(values.out ?? 'slack-manifest.json');
writeFileSync(out, manifestJson(commands, { prefix: config.SLACK_COMMAND_PREFIX, locale: config.DEFAULT_LOCALE, ...(values.url ? { url: values.url } : {}) }));
console.log(`wrote ${out}`);
