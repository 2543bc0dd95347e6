import type { Job } from './job.ts';
import type { MessageBuilder } from '../services/notifications.ts';
import { stageLabelKey } from '../services/membership.ts';
import { type Stage } from '../core/vocabulary.ts';
import { decisionDueSentence } from '../services/admission.ts';
import { admissionButtons } from '../services/admission-steps.ts';

/**
 * Applications without a decision: a reminder to the coordinator at day 21 and an escalation to
 * the whole Coordinating Team at day 28 (settings). Each threshold goes out once per application,
 * keyed `admission:<applicationId>:d<day>`, so restarts, overlapping runs and replicas never repeat it.
 */
export const admissionReminders: Job = {
  name: 'admission-reminders',
  schedule: '15 * * * *',
  async run(now, { services }) {
    const { admission, deliveries, notifications } = services;
    for (const cluster of await services.clusters.all()) {
      const { admissionReminderDays: remindAt, admissionEscalationDays: escalateAt } = cluster.settings;
      for (const app of await admission.openApplicationsPast(cluster, Math.min(remindAt, escalateAt), now)) {
        const days = admission.daysSince(cluster, app, now);
        const deadline = admission.deadline(cluster, app);
        const daysLeft = admission.daysLeft(cluster, app, now);
        // The reader's next step as a button: any step for the coordinator, the decision for the rest of the team.
        const build =
          (title: 'membership.reminders.reminderTitle' | 'membership.reminders.escalationTitle', role: 'coordinator' | 'team' = 'coordinator'): MessageBuilder =>
          ({ t, date }) => ({
            title: t(title, { org: app.orgName }),
            text: [
              t('membership.reminders.text', { org: app.orgName, days: t('core.units.days', { count: days }), deadline: date(deadline), stage: t(stageLabelKey(app.stage)) }),
              decisionDueSentence(t, daysLeft),
              t('membership.reminders.open', { id: app.id }),
            ].join('\n'),
            buttons: admissionButtons(t, app, role, now),
            tone: 'warning',
          });
        if (days >= remindAt) {
          await deliveries.once(cluster.id, `admission:${app.id}:d${remindAt}`, 'admission.reminder', async () => {
            await notifications.toRoles(cluster.id, ['coordinator'], build('membership.reminders.reminderTitle'), 'admission.reminder');
          });
        }
        if (days >= escalateAt) {
          await deliveries.once(cluster.id, `admission:${app.id}:d${escalateAt}`, 'admission.escalation', async () => {
            const coordinators = new Set((await services.people.withRoles(cluster.id, ['coordinator'])).map((p) => p.id));
            for (const personId of await admission.coordinatingTeam(cluster.id)) {
              const role = coordinators.has(personId) ? 'coordinator' : 'team';
              await notifications.toPerson(cluster.id, personId, build('membership.reminders.escalationTitle', role), 'admission.escalation');
            }
          });
        }
      }
    }
  },
};

/**
 * A conditional acceptance comes with a review date: on that day the coordinator is reminded to
 * check the conditions (and reinstate fully or act), once per member and review date.
 */
export const conditionsReview: Job = {
  name: 'conditions-review',
  schedule: '30 * * * *',
  async run(now, { services }) {
    const { members, deliveries, notifications } = services;
    for (const cluster of await services.clusters.all()) {
      for (const member of await members.conditionsDue(cluster, now)) {
        const reviewAt = member.conditionsReviewAt!;
        await deliveries.once(cluster.id, `member-conditions:${member.id}:${reviewAt.toISOString().slice(0, 10)}`, 'membership.conditionsReview', async () => {
          await notifications.toRoles(
            cluster.id,
            ['coordinator'],
            ({ t, date }) => ({
              title: t('membership.reminders.conditionsTitle', { org: member.name }),
              text: t('membership.reminders.conditions', { org: member.name, conditions: member.conditions ?? '', review: date(reviewAt) }),
              tone: 'warning',
            }),
            'membership.conditionsReview',
          );
        });
      }
    }
  },
};
