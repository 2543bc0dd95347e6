import { expect } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/index.ts';
import type { ClusterContext } from '../../src/core/actor.ts';
import type { ClusterSettings } from '../../src/services/settings.ts';
import { createTestApp, perTestThen, type TestApp } from '../support/harness.ts';
import { recordTyped } from '../support/rendered.ts';
import { shown, SlackWorkspace, type Message, type Outcome, type View } from './client.ts';
import { TEAM, slackEnv } from './support.ts';

/** The workspace's people and channels, as the click-throughs call them (each test has a workspace of its own). */
export const KOORD = 'U0KOORD';
export const JAN = 'U0JAN';
export const EWA = 'U0EWA';
export const BOT = 'C0BOT';
export const ANNOUNCE = 'C0ANNOUNCE';
export const BARTER = 'C0BARTER';

export interface WorkspaceSetup {
  /** The coordinator's Slack user id. */
  coordinator: string;
  /** The workspace's channels: id → name (#general is always there). */
  channels?: Record<string, string>;
  /** The cluster's settings; its `channels` are added to the defaults. */
  settings?: Partial<ClusterSettings>;
  /** The clock when the test starts. */
  start?: string;
  env?: Record<string, string>;
}

export interface SlackTestWorkspace {
  app: TestApp;
  slack: SlackAdapter;
  ws: SlackWorkspace;
  cluster: ClusterContext;
  person(id: string): ReturnType<TestApp['app']['services']['people']['ensure']>;
  role(id: string, name: 'coordinator' | 'team'): Promise<void>;
  /** Someone representing a main-member organisation, who has used the bot before (so it knows their language). */
  represents(id: string, org: string, locale?: string): Promise<{ memberId: string; personId: string }>;
}

/**
 * The bot's Slack adapter on signed HTTP, with the fake workspace of client.ts as slack.com: its
 * channels, the cluster's settings and the coordinator. Where every click-through on Slack starts.
 */
export async function slackWorkspace(setup: WorkspaceSetup): Promise<SlackTestWorkspace> {
  const app = await createTestApp({ env: { ...slackEnv, ...setup.env }, ...(setup.start ? { start: setup.start } : {}) });
  const ws = new SlackWorkspace(app.app, { C0GENERAL: 'general', ...setup.channels });
  ws.install();
  // The Home tab is published again shortly after a change, so a test need not wait the production interval.
  const slack = await createSlackAdapter(app.app, { port: 0, host: '127.0.0.1', homeRefreshMs: 50 });
  ws.port = slack.port!;
  const services = app.app.services;
  let cluster = await services.clusters.resolve('slack', TEAM, 'pkes');
  cluster = await services.clusters.updateSettings(cluster.id, { ...setup.settings, channels: { ...cluster.settings.channels, ...setup.settings?.channels } });
  const w: SlackTestWorkspace = {
    app,
    slack,
    ws,
    cluster,
    person: (id) => services.people.ensure(w.cluster.id, id, id.toLowerCase()),
    async role(id, name) {
      await services.people.grantRole(w.cluster.id, (await w.person(id)).id, name, null);
    },
    async represents(id, org, locale = 'pl-PL') {
      ws.person(id, { locale });
      // Names the test gives, as their people typed them.
      recordTyped(org);
      const person = await w.person(id);
      const member = await services.seeding.representativeOf(w.cluster.id, person.id, org, 'main');
      await services.people.actor(w.cluster, { id, displayName: id.toLowerCase(), locale });
      return { memberId: member.id, personId: person.id };
    },
  };
  ws.person(setup.coordinator, { name: 'anna' });
  await w.role(setup.coordinator, 'coordinator');
  return w;
}

/** A Slack workspace for each test of the enclosing describe (or file); after it, nothing Slack would have refused. */
export function slackWorkspacePerTest(setup: WorkspaceSetup, then?: (w: SlackTestWorkspace) => Promise<void>): SlackTestWorkspace {
  return perTestThen(
    () => slackWorkspace(setup),
    then,
    async ({ slack, app, ws }) => {
      await slack.stop();
      await app.close();
      // Nothing Slack would have refused (an unknown method, an expired trigger, a foreign response_url).
      expect(ws.problems).toEqual([]);
    },
  );
}

/** The modal an outcome opened (fails, saying what was shown instead, when none did). */
export function opened(outcome: Outcome): View {
  expect(outcome.view, `no modal opened; messages: ${outcome.messages.map((m) => shown(m)).join(' / ')}`).toBeDefined();
  return outcome.view!;
}

/** What `user` alone was shown last in an outcome (fails, saying what was shown instead, when nothing was). */
export function answerTo(outcome: Outcome, user: string): Message {
  const m = outcome.messages.filter((x) => x.only === user).at(-1);
  expect(m, `no answer for ${user}: ${outcome.messages.map((x) => shown(x)).join(' / ')}`).toBeDefined();
  return m!;
}
