// Every command the bot knows, listed explicitly: a newcomer finds a command by its file name.
import type { CommandDefinition } from '../src/core/command.ts';
import help from './help.ts';
import about from './about.ts';
import setup from './setup.ts';

export const commands: CommandDefinition[] = [help, about, setup];
