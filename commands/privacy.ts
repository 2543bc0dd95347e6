import { defineLeafCommand, type CommandContext } from '../src/core/command.ts';
import { exportFileName } from '../src/core/filenames.ts';
import type { Field, Reply } from '../src/core/reply.ts';
import { COUNTED_CATEGORIES } from '../src/services/privacy.ts';

const COMMAND = 'privacy';

/** The person's own data: what is held and why, with export and erasure. Acts only on the caller. */
export default defineLeafCommand({
  name: COMMAND,
  description: 'privacy.commands.privacy.description',
  localizedNames: { pl: 'prywatnosc' },
  permission: 'anyone',
  run: (ctx) => overview(ctx),
  actions: {
    export: {
      permission: 'anyone',
      async run({ cluster, actor, services, t }) {
        const file = await services.privacy.exportPerson(cluster.id, actor.personId, { kind: 'self' });
        return {
          text: t('privacy.export.ready'),
          attachments: [{ filename: exportFileName(t('privacy.export.personFile'), file.subject, file.exportedAt, 'json'), contentType: 'application/json', data: Buffer.from(file.json, 'utf8') }],
          private: true,
        };
      },
    },
    erase: {
      permission: 'anyone',
      async run({ t }) {
        return {
          text: t('privacy.erase.confirm'),
          tone: 'warning',
          private: true,
          buttons: [
            { label: t('privacy.buttons.confirmErase'), action: { command: COMMAND, action: 'eraseConfirmed' }, style: 'danger' },
            { label: t('privacy.buttons.cancel'), action: { command: COMMAND, action: 'cancel' }, style: 'secondary' },
          ],
        };
      },
    },
    eraseConfirmed: {
      permission: 'anyone',
      async run({ cluster, actor, services, t }) {
        await services.privacy.erase(cluster.id, actor.personId, { kind: 'self' });
        return { text: t('privacy.erase.done'), tone: 'success', private: true };
      },
    },
    cancel: {
      permission: 'anyone',
      async run({ t }) {
        return { text: t('privacy.erase.cancelled'), private: true };
      },
    },
  },
});

async function overview({ cluster, actor, services, t }: CommandContext): Promise<Reply> {
  const held = await services.privacy.summary(cluster.id, actor.personId);
  const field = (label: string, value: string, why: string): Field => ({ label, value: `${value}\n_${why}_` });
  const fields: Field[] = [
    field(
      t('privacy.show.identity'),
      t('privacy.show.identityValue', { name: held.displayName, id: held.platformUserId, locale: held.locale ?? actor.locale }),
      t('privacy.show.identityWhy'),
    ),
  ];
  if (held.emails.length) fields.push(field(t('privacy.show.email'), held.emails.join(', '), t('privacy.show.emailWhy')));
  fields.push(field(t('privacy.show.organisation'), held.organisation ?? t('privacy.show.none'), t('privacy.show.organisationWhy')));
  if (held.roles.length) {
    fields.push(field(t('privacy.show.roles'), held.roles.map((r) => t(`core.roles.${r}` as Parameters<typeof t>[0])).join(', '), t('privacy.show.rolesWhy')));
  }
  for (const category of COUNTED_CATEGORIES) {
    const count = held.counts[category];
    if (count > 0) fields.push({ ...field(t(`privacy.categories.${category}.label`), String(count), t(`privacy.categories.${category}.why`)), inline: true });
  }
  const months = (count: number) => t('privacy.show.months', { count });
  return {
    title: t('privacy.show.title'),
    text: [
      t('privacy.show.intro', { cluster: cluster.name }),
      t('privacy.show.retention', {
        refused: months(cluster.settings.refusedApplicationRetentionMonths),
        ended: months(cluster.settings.endedMembershipRetentionMonths),
      }),
      t('privacy.show.actions'),
    ].join('\n\n'),
    fields,
    private: true,
    buttons: [
      { label: t('privacy.buttons.export'), action: { command: COMMAND, action: 'export' }, style: 'primary' },
      { label: t('privacy.buttons.erase'), action: { command: COMMAND, action: 'erase' }, style: 'danger' },
    ],
  };
}
