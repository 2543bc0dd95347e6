import { defineLeafCommand } from '../src/core/command.ts';

export default defineLeafCommand({
  name: 'about',
  description: 'core.commands.about.description',
  localizedNames: { pl: 'o-klastrze' },
  permission: 'anyone',
  async run({ t, cluster, services }) {
    const summary = await services.clusters.summary(cluster.id);
    const s = cluster.settings;
    return {
      title: t('core.about.title'),
      text: t('core.about.text'),
      fields: [
        {
          label: t('core.about.coordinator'),
          value: summary.coordinators.length
            ? summary.coordinators.map((c) => `<@${c.platformUserId}>`).join(', ')
            : t('core.about.noCoordinator'),
        },
        { label: t('core.about.members'), value: t('core.about.membersValue', { main: summary.main, supporting: summary.supporting }), inline: true },
        { label: t('core.about.duty'), value: t('core.about.dutyValue', { count: s.minActivitiesPerYear }), inline: true },
        { label: t('core.about.admission'), value: t('core.about.admissionValue', { count: s.admissionDecisionDays }), inline: true },
        {
          label: t('core.about.meetings'),
          value: t('core.about.meetingsValue', {
            network: t('core.units.timesPerYear', { count: s.networkMeetingsPerYear }),
            groupDays: t('core.units.days', { count: s.groupMeetingRhythmDays }),
          }),
        },
        { label: t('core.about.voting'), value: t('core.about.votingValue') },
        { label: t('core.about.timeZone'), value: cluster.timeZone, inline: true },
        { label: t('core.about.language'), value: cluster.locale, inline: true },
      ],
    };
  },
});
