import { z } from 'zod';
import { text } from '../src/core/input.ts';
import { defineCommand, defineSubcommand } from '../src/core/command.ts';
import { DomainError } from '../src/core/errors.ts';
import { oneRecord, userOption } from '../src/core/options.ts';
import { generalMeetingPicker } from './motion.ts';

const meetingRef = () => text().trim().min(1).max(40).optional().describe('governance.options.meeting');

export default defineCommand({
  name: 'proxy',
  description: 'governance.commands.proxy',
  localizedNames: { pl: 'pelnomocnictwo' },
  subcommands: {
    give: defineSubcommand({
      description: 'governance.commands.proxyGive',
      permission: 'representative',
      options: z.object({
        to: userOption().describe('governance.options.proxyTo'),
        note: text().trim().max(300).optional().describe('governance.options.proxyNote'),
        meeting: meetingRef(),
      }),
      pickers: { meeting: generalMeetingPicker },
      async run({ options, services, cluster, actor, t, users, format }) {
        const person = await services.people.ensure(cluster.id, options.to, users[options.to]?.displayName ?? options.to);
        const org = await services.governance.organisationOf(cluster.id, person.id);
        if (!org) throw new DomainError('governance.errors.proxyTargetUnknown');
        const { meeting, to } = await services.governance.giveProxy(cluster, actor, {
          toMemberId: org.id,
          ...(options.meeting ? { meetingId: options.meeting } : {}),
          ...(options.note ? { note: options.note } : {}),
        });
        return { text: t('governance.proxy.given', { to: to.name, meeting: meeting.title, date: format.date(meeting.startsAt) }), private: true, tone: 'success' };
      },
    }),
    revoke: defineSubcommand({
      description: 'governance.commands.proxyRevoke',
      permission: 'representative',
      ...oneRecord('meeting', meetingRef(), generalMeetingPicker),
      async run({ options, services, cluster, actor, t }) {
        const meeting = await services.governance.revokeProxy(cluster, actor, options.meeting);
        return { text: t('governance.proxy.revoked', { meeting: meeting.title }), private: true, tone: 'success' };
      },
    }),
    list: defineSubcommand({
      description: 'governance.commands.proxyList',
      permission: 'representative',
      ...oneRecord('meeting', meetingRef(), generalMeetingPicker),
      async run({ options, services, cluster, t, format }) {
        const meeting = await services.governance.generalMeeting(cluster, options.meeting);
        const proxies = await services.governance.proxies(meeting.id);
        return {
          title: t('governance.proxy.listTitle', { meeting: meeting.title, date: format.date(meeting.startsAt) }),
          text: proxies.length ? proxies.map((p) => `• ${t('governance.minutes.proxyLine', { from: p.from, to: p.to })}`).join('\n') : t('governance.proxy.none'),
          private: true,
        };
      },
    }),
  },
});
