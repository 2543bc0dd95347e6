// Every command the bot knows, listed explicitly: a newcomer finds a command by its file name.
import type { CommandDefinition } from '../src/core/command.ts';
import help from './help.ts';
import about from './about.ts';
import setup from './setup.ts';
import activity from './activity.ts';
import report from './report.ts';
import meeting from './meeting.ts';
import apply from './apply.ts';
import application from './application.ts';
import applications from './applications.ts';
import member from './member.ts';
import appeal from './appeal.ts';
import partner from './partner.ts';
import group from './group.ts';
import privacy from './privacy.ts';
import privacyRequest from './privacy-request.ts';
import barter from './barter.ts';
import quickhelp from './quickhelp.ts';
import motion from './motion.ts';
import vote from './vote.ts';
import proxy from './proxy.ts';
import poll from './poll.ts';
import chair from './chair.ts';
import assembly from './assembly.ts';
import opportunity from './opportunity.ts';
import purchase from './purchase.ts';

export const commands: CommandDefinition[] = [help, about, setup, apply, application, applications, member, appeal, partner, privacy, privacyRequest, group, barter, quickhelp, activity, meeting, report, motion, vote, proxy, poll, chair, assembly, opportunity, purchase];
