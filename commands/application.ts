import { z } from 'zod';
import { userText } from '../src/core/text.ts';
import { defineCommand, defineSubcommand } from '../src/core/command.ts';
import type { Field } from '../src/core/reply.ts';
import { stageLabelKey } from '../src/services/membership.ts';
import { decisionDueSentence } from '../src/services/admission.ts';

export default defineCommand({
  name: 'application',
  description: 'membership.commands.application.description',
  localizedNames: { pl: 'zgloszenie' },
  subcommands: {
    status: defineSubcommand({
      description: 'membership.commands.application.status',
      permission: 'anyone',
      options: z.object({}),
      async run({ cluster, actor, services, t, format }) {
        const apps = await services.admission.applicationsOf(cluster, actor.personId);
        const app = apps[0];
        if (!app) return { text: t('membership.status.none'), private: true };
        const stage = app.stage;
        const fields: Field[] = [
          { label: t('membership.status.stage'), value: t(stageLabelKey(stage)), inline: true },
          { label: t('membership.status.submittedAt'), value: format.date(app.submittedAt), inline: true },
        ];
        if (app.status === 'open') {
          const daysLeft = services.admission.daysLeft(cluster, app);
          fields.push({ label: t('membership.status.deadline'), value: format.date(services.admission.deadline(cluster, app)), inline: true });
          if (app.meetingAt) fields.push({ label: t('membership.status.meeting'), value: format.dateTime(app.meetingAt) + (app.meetingPlace ? ` – ${userText(app.meetingPlace)}` : ''), inline: false });
          // Past the deadline the candidate is told how late the decision is, in the coordinator's words.
          // An open application is never at 'decided': the decision closes it.
          if (stage !== 'decided') {
            const next = t(`membership.status.nextStep.${stage}`, { count: Math.max(daysLeft, 0) });
            const late = `${t(`membership.status.stepOnly.${stage}`)} ${decisionDueSentence(t, daysLeft)}`;
            fields.push({ label: t('membership.status.next'), value: daysLeft < 0 ? late : next });
          }
        } else {
          fields.push({ label: t('membership.status.decision'), value: t(`membership.decisions.${app.status}`), inline: true });
          if (app.conditions) fields.push({ label: t('membership.status.conditions'), value: userText(app.conditions) });
          if (app.decisionReason) fields.push({ label: t('membership.status.justification'), value: userText(app.decisionReason) });
        }
        return { title: t('membership.status.title', { org: userText(app.orgName) }), fields, private: true };
      },
    }),
  },
});
