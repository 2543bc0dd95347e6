import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlackAdapter } from '../../src/adapters/slack/index.ts';
import { mockRespond, startSlack, type SlackTest } from './adapter-test.ts';
import type { TestApp } from '../support/harness.ts';
import { HOOKS, TEAM, interactionBody, mockApi, postSigned, slashBody, usersInfo, eventually, type Call, fromPerson } from './support.ts';

/** A command with subcommands typed alone in Slack: the list of what the person may do, a button each. */
let t: TestApp;
let slack: SlackAdapter;
let running: SlackTest;

beforeEach(async () => {
  running = await startSlack();
  ({ t, slack } = running);
});

afterEach(() => running.stop());

interface SlackButton {
  type: string;
  text: { text: string };
  action_id: string;
  value: string;
}

function buttonsOf(call: Call | undefined): SlackButton[] {
  const blocks = (call?.blocks ?? []) as { type: string; elements?: SlackButton[] }[];
  return blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []).filter((e) => e.type === 'button');
}

function press(button: SlackButton, responsePath: string) {
  return postSigned(
    slack.port!,
    interactionBody({
      type: 'block_actions',
      ...fromPerson('U0OLA', 'ola'),
      trigger_id: 'trig-start',
      channel: { id: 'C0GENERAL' },
      container: { type: 'message', message_ts: '1.1', channel_id: 'C0GENERAL', is_ephemeral: true },
      response_url: `${HOOKS}${responsePath}`,
      actions: [{ type: 'button', action_id: button.action_id, value: button.value, block_id: 'b', action_ts: '2.2' }],
    }),
  );
}

describe('a bare Slack slash command with subcommands', () => {
  it('/pkes-application alone offers its subcommand as a button, and the button runs it', async () => {
    mockApi('users.info', usersInfo({ id: 'U0OLA', locale: 'pl-PL' }), [], 2);
    const listed = mockRespond('/commands/T0CLUSTER/1/abc');
    await postSigned(slack.port!, slashBody({ command: '/pkes-application', user: 'U0OLA' }));
    await eventually(() => expect(listed.scope.isDone()).toBe(true));
    const buttons = buttonsOf(listed.calls[0]);
    expect(buttons.map((b) => b.text.text)).toEqual(['Sprawdź etap swojego zgłoszenia i co dalej']);
    expect(JSON.stringify(listed.calls[0]?.blocks)).not.toContain('wybierz jedno:');

    const shown = mockRespond('/actions/T0CLUSTER/2/start');
    await press(buttons[0]!, '/actions/T0CLUSTER/2/start');
    await eventually(() => expect(shown.scope.isDone()).toBe(true));
    expect(JSON.stringify(shown.calls[0]?.blocks)).toContain('Nie masz żadnego zgłoszenia. Deklarację członkowską złożysz poleceniem /pkes-apply.');
  });

  it('/pkes-appeal alone offers submitting an appeal; someone with nothing to appeal is told so before any form', async () => {
    mockApi('users.info', usersInfo({ id: 'U0OLA', locale: 'pl-PL' }), [], 2);
    const listed = mockRespond('/commands/T0CLUSTER/1/abc');
    await postSigned(slack.port!, slashBody({ command: '/pkes-appeal', user: 'U0OLA' }));
    await eventually(() => expect(listed.scope.isDone()).toBe(true));
    const buttons = buttonsOf(listed.calls[0]);
    expect(buttons.map((b) => b.text.text)).toEqual(['Złóż odwołanie do Zespołu Koordynującego']);

    const shown = mockRespond('/actions/T0CLUSTER/3/start');
    await press(buttons[0]!, '/actions/T0CLUSTER/3/start');
    await eventually(() => expect(shown.scope.isDone()).toBe(true));
    expect(JSON.stringify(shown.calls[0]?.blocks)).toContain('Nie ma decyzji, od której można by się odwołać.');
  });
});
