import nock from 'nock';
import { expect } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/index.ts';
import { createTestApp, perTest, type TestApp } from '../support/harness.ts';
import { HOOKS, decodeBody, mockAuthTest, slackEnv, type Call } from './support.ts';

export interface SlackTest {
  t: TestApp;
  slack: SlackAdapter;
  /** Stops the adapter and the bot; fails the test if the adapter made a request nobody expected. */
  stop(): Promise<void>;
}

/**
 * The bot with its Slack adapter on signed HTTP (a port of its own on loopback), for one test.
 * Requests to the local receiver pass through nock too (net connect to localhost is allowed), so
 * only requests leaving the machine are counted as unexpected.
 */
export async function startSlack(): Promise<SlackTest> {
  const unmatched: string[] = [];
  const onNoMatch = (req: { method?: string; path?: string; hostname?: string }) => {
    if (req.hostname !== '127.0.0.1') unmatched.push(`${req.method} ${req.hostname}${req.path}`);
  };
  nock.emitter.on('no match', onNoMatch);
  mockAuthTest();
  const t = await createTestApp({ env: slackEnv });
  const slack = await createSlackAdapter(t.app, { port: 0, host: '127.0.0.1' });
  return {
    t,
    slack,
    async stop() {
      await slack.stop();
      await t.close();
      nock.emitter.removeListener('no match', onNoMatch);
      expect(unmatched).toEqual([]);
    },
  };
}

/** A Slack adapter over a fresh bot for each test of the file or describe, stopped after it. */
export const slackPerTest = (): SlackTest => perTest(startSlack, (running) => running.stop());

/** A response_url the test expects the bot to post to, and what it posted there. */
export function mockRespond(path = '/commands/T0CLUSTER/1/abc') {
  const calls: Call[] = [];
  const scope = nock(HOOKS)
    .post(path, (body) => {
      calls.push(decodeBody(body));
      return true;
    })
    .reply(200, 'ok');
  return { scope, calls };
}
