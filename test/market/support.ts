import { expect } from 'vitest';
import type { Reply } from '../../src/core/reply.ts';
import { castApp, TEST_CLUSTER, type TestApp } from '../support/harness.ts';

export const SMAK = 'Spółdzielnia Socjalna Smak';
export const KUCHNIA = 'Spółdzielnia Kuchnia Razem';
export const TRANSPORT = 'Fundacja Transport Pomorze';
export const ANIMACJA = 'Stowarzyszenie Animacja';

/** A cluster with a coordinator (kasia) and four members whose directory entries differ. */
export async function marketApp(opts: Parameters<typeof castApp>[1] = {}): Promise<TestApp> {
  const t = await castApp(
    {
      kasia: { roles: ['coordinator'] },
      jan: { main: SMAK },
      piotr: { main: KUCHNIA },
      ewa: { main: TRANSPORT },
      ola: { supporting: ANIMACJA },
    },
    opts,
  );
  // Each member keeps its own directory entry, as it would with /member update.
  ok(await t.as('jan').command('member', 'update', { sectors: 'gastronomia', offers: 'catering na imprezy do 200 osób' }));
  ok(await t.as('piotr').command('member', 'update', { sectors: 'usługi gastronomiczne', offers: 'obiady, stołówka' }));
  ok(await t.as('ewa').command('member', 'update', { sectors: 'transport', offers: 'przewóz osób busem' }));
  ok(await t.as('ola').command('member', 'update', { sectors: 'animacja czasu wolnego', offers: 'eventy dla dzieci' }));
  return t;
}

export function ok(reply: Reply): Reply {
  expect(reply.errorId, reply.text).toBeUndefined();
  return reply;
}

/** Every text of a reply, as a person reads it. */
export function shown(reply: Reply | undefined): string {
  if (!reply) return '';
  return [reply.title, reply.text, ...(reply.fields ?? []).flatMap((f) => [f.label, f.value]), ...(reply.buttons ?? []).map((b) => b.label)].filter(Boolean).join('\n');
}

/** Every private message to a console user that mentions `text`, oldest first. */
export function dmsWith(t: TestApp, user: string, text: string): Reply[] {
  return t.notifier.dmsTo(user).filter((m) => shown(m).includes(text));
}

/** The one private message to a console user that mentions `text`: a notice sent once, however often its job ran. */
export function dmOnce(t: TestApp, user: string, text: string): Reply {
  const found = dmsWith(t, user, text);
  expect(found, `one DM to ${user} with "${text}"`).toHaveLength(1);
  return found[0]!;
}

/** The newest private message to a console user that mentions `text`. */
export function dm(t: TestApp, user: string, text: string): Reply {
  const found = dmsWith(t, user, text).at(-1);
  expect(found, `a DM to ${user} with "${text}"; got:\n${t.notifier.dmsTo(user).map(shown).join('\n---\n')}`).toBeDefined();
  return found!;
}

export function memberIdOf(t: TestApp, orgName: string): Promise<string> {
  return t.app.services.clusters.resolve('console', TEST_CLUSTER).then(async (c) => (await t.app.services.members.member(c, orgName)).id);
}
