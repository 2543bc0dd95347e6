import { z } from 'zod';
import { text } from '../src/core/input.ts';
import { defineCommand, defineSubcommand } from '../src/core/command.ts';
import { exportFileName } from '../src/core/filenames.ts';
import { userOption } from '../src/core/options.ts';

const COMMAND = 'privacy-request';

/** A written reference, never the request's content: it ends up in the audit log. */
const reference = () => text().trim().min(1).max(40).describe('privacy.options.reference');

/** The coordinator acting on a data protection request received in writing. */
export default defineCommand({
  name: COMMAND,
  description: 'privacy.commands.request.description',
  localizedNames: { pl: 'wniosek-rodo' },
  subcommands: {
    export: defineSubcommand({
      description: 'privacy.commands.request.export',
      permission: 'coordinator',
      options: z.object({ user: userOption().describe('privacy.options.user'), reference: reference() }),
      slow: true,
      async run({ options, cluster, actor, services, t }) {
        const person = await services.privacy.personByPlatformId(cluster.id, options.user);
        const file = await services.privacy.exportPerson(cluster.id, person.id, { kind: 'coordinator', personId: actor.personId, reference: options.reference });
        return {
          text: t('privacy.request.exported', { person: `<@${options.user}>`, reference: options.reference }),
          attachments: [{ filename: exportFileName(t('privacy.export.personFile'), file.subject, file.exportedAt, 'json'), contentType: 'application/json', data: Buffer.from(file.json, 'utf8') }],
          private: true,
        };
      },
    }),
    erase: defineSubcommand({
      description: 'privacy.commands.request.erase',
      permission: 'coordinator',
      options: z.object({ user: userOption().describe('privacy.options.user'), reference: reference() }),
      async run({ options, cluster, services, t }) {
        const person = await services.privacy.personByPlatformId(cluster.id, options.user);
        return {
          text: t('privacy.request.confirm', { person: `<@${options.user}>`, reference: options.reference }),
          tone: 'warning',
          private: true,
          buttons: [
            { label: t('privacy.buttons.confirmErase'), action: { command: COMMAND, action: 'erase', args: [person.id, options.reference] }, style: 'danger' },
            { label: t('privacy.buttons.cancel'), action: { command: 'privacy', action: 'cancel' }, style: 'secondary' },
          ],
        };
      },
    }),
    organisation: defineSubcommand({
      description: 'privacy.commands.request.organisation',
      permission: 'coordinator',
      options: z.object({ organisation: text().trim().min(1).max(200).describe('privacy.options.organisation'), reference: reference() }),
      slow: true,
      async run({ options, cluster, actor, services, t }) {
        const file = await services.privacy.exportOrganisation(cluster.id, options.organisation, { personId: actor.personId, reference: options.reference });
        return {
          text: t('privacy.request.organisationExported', { name: file.name }),
          attachments: [{ filename: exportFileName(t('privacy.export.organisationFile'), file.subject, file.exportedAt, 'json'), contentType: 'application/json', data: Buffer.from(file.json, 'utf8') }],
          private: true,
        };
      },
    }),
  },
  actions: {
    erase: {
      permission: 'coordinator',
      async run({ args, cluster, actor, services, t }) {
        const [personId = '', ref = ''] = args;
        await services.privacy.erase(cluster.id, personId, { kind: 'coordinator', personId: actor.personId, reference: ref });
        return { text: t('privacy.request.erased', { reference: ref }), tone: 'success', private: true };
      },
    },
  },
});
