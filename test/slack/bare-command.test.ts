import { describe, expect, it } from 'vitest';
import { mockRespond, slackPerTest } from './adapter-test.ts';
import { buttonPress, mockApi, postSigned, slashBody, usersInfo, eventually, type Call } from './support.ts';

/** A command with subcommands typed alone in Slack: the list of what the person may do, a button each. */
const running = slackPerTest();
const OLA = { id: 'U0OLA', name: 'ola' };

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

/** Ola types the command alone; returns what Slack shows her: the list's blocks and its buttons. */
async function typedAlone(command: string) {
  mockApi('users.info', usersInfo({ id: OLA.id, locale: 'pl-PL' }), [], 2);
  const listed = mockRespond('/commands/T0CLUSTER/1/abc');
  await postSigned(running.slack.port!, slashBody({ command, user: OLA.id }));
  await eventually(() => expect(listed.scope.isDone()).toBe(true));
  return { blocks: JSON.stringify(listed.calls[0]?.blocks), buttons: buttonsOf(listed.calls[0]) };
}

/** Ola presses a button of that list; returns the blocks of the answer, as text. */
async function pressed(button: SlackButton, responsePath: string): Promise<string> {
  const shown = mockRespond(responsePath);
  await postSigned(running.slack.port!, buttonPress(OLA, button, responsePath));
  await eventually(() => expect(shown.scope.isDone()).toBe(true));
  return JSON.stringify(shown.calls[0]?.blocks);
}

describe('a bare Slack slash command with subcommands', () => {
  it('/pkes-application alone offers its subcommand as a button, and the button runs it', async () => {
    const { blocks, buttons } = await typedAlone('/pkes-application');
    expect(buttons.map((b) => b.text.text)).toEqual(['Sprawdź etap swojego zgłoszenia i co dalej']);
    expect(blocks).not.toContain('wybierz jedno:');
    expect(await pressed(buttons[0]!, '/actions/T0CLUSTER/2/start')).toContain('Nie masz żadnego zgłoszenia. Deklarację członkowską złożysz poleceniem /pkes-apply.');
  });

  it('/pkes-appeal alone offers submitting an appeal; someone with nothing to appeal is told so before any form', async () => {
    const { buttons } = await typedAlone('/pkes-appeal');
    expect(buttons.map((b) => b.text.text)).toEqual(['Złóż odwołanie do Zespołu Koordynującego']);
    expect(await pressed(buttons[0]!, '/actions/T0CLUSTER/3/start')).toContain('Nie ma decyzji, od której można by się odwołać.');
  });
});
