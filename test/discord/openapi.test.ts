import nock from 'nock';
import { Routes } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { commandsPayload } from '../../src/adapters/discord/commands-payload.ts';
import { renderMessage, renderModal } from '../../src/adapters/discord/render.ts';
import { createRest } from '../../src/adapters/discord/rest.ts';
import { interactionResponseProblem, requestBodyProblem } from './openapi.ts';
import { API, APP_ID, GUILD, takeSchemaProblems } from './support.ts';

/**
 * The check every Discord test runs on what the bot sends (support.ts) must itself catch a body
 * Discord would refuse; and what is sent outside an interaction test (the deploy) is checked here.
 */
describe('Discord request bodies against Discord\'s OpenAPI description', () => {
  it('refuses an attachment id sent as a number, and takes the snowflake string the adapter sends', () => {
    const { body } = renderMessage({ text: 'Your export', attachments: [{ filename: 'export.csv', contentType: 'text/csv', data: Buffer.from('a;b\n') }] }, 'pl');
    expect(body.attachments).toEqual([{ id: '0', filename: 'export.csv' }]);
    expect(requestBodyProblem('PATCH', '/webhooks/1/token/messages/@original', body, 'multipart/form-data')).toBeUndefined();

    const wrong = { ...body, attachments: [{ id: 0, filename: 'export.csv' }] };
    expect(requestBodyProblem('PATCH', '/webhooks/1/token/messages/@original', wrong, 'multipart/form-data')).toMatch(/\/attachments\/0\/id must be string/);
    expect(requestBodyProblem('POST', '/channels/1/messages', wrong, 'multipart/form-data')).toMatch(/\/attachments\/0\/id must be string/);
  });

  it('fails the sending test: a wrong body through the REST client is reported with the schema error', async () => {
    const scope = nock(API).post('/v10/channels/400000000000000004/messages').reply(200, { id: '1' });
    await createRest({ DISCORD_API_URL: API, DISCORD_TOKEN: 'test-token' }).post(Routes.channelMessages('400000000000000004'), { body: { content: 'x'.repeat(4001) } });
    expect(scope.isDone()).toBe(true);
    // Taken away here, so that this test (which sent it on purpose) passes.
    expect(takeSchemaProblems()).toEqual([expect.stringMatching(/^POST \/channels\/\{channel_id\}\/messages: \/content must NOT have more than 4000 characters/)]);
  });

  it('checks interaction responses: a modal the adapter renders passes, a wrong one does not', () => {
    const apply = commands.find((c) => c.name === 'apply')!;
    const modal = renderModal({ id: 'apply', title: 'Deklaracja członkowska', submit: { command: 'apply' }, fields: apply.subcommands[Object.keys(apply.subcommands)[0]!]!.form!.fields.map((f) => ({ ...f, label: String(f.label), required: Boolean(f.required), options: f.options?.map((o) => ({ value: o.value, label: String(o.label) })) })) }, 1, 'pl');
    expect(interactionResponseProblem({ type: 9, data: modal })).toBeUndefined();
    expect(interactionResponseProblem({ type: 9, data: { ...modal, title: 'x'.repeat(46) } })).toMatch(/title/);
    expect(interactionResponseProblem({ type: 8, data: { choices: [{ name: '', value: 'x' }] } })).toBeDefined();
  });

  it('registers commands with a body Discord takes, in a guild and globally', () => {
    const payload = commandsPayload(commands);
    expect(requestBodyProblem('PUT', Routes.applicationGuildCommands(APP_ID, GUILD), payload)).toBeUndefined();
    expect(requestBodyProblem('PUT', Routes.applicationCommands(APP_ID), payload)).toBeUndefined();
    expect(requestBodyProblem('PUT', Routes.applicationCommands(APP_ID), [{ ...payload[0], default_member_permissions: 'Manage Server' }])).toMatch(/default_member_permissions/);
  });
});
