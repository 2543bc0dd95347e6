import nock from 'nock';
import { afterEach, beforeAll } from 'vitest';
import { rendered, typedByPeople } from './rendered.ts';

// No test reaches the network: a request nock has not been told about fails the test.
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);
});
afterEach(() => {
  nock.cleanAll();
});

// Every reply, DM, post, form and file a harness test made the bot show is read in its own
// language: a raw key, an id, an internal name or a word of the other language fails the test.
afterEach(async () => {
  if (!rendered.length) return;
  const { languageProblems } = await import('./language.ts');
  const typed = [...typedByPeople];
  const seen = rendered.splice(0);
  const problems = [...new Set(seen.flatMap((r) => languageProblems(r.reply, r.reply.locale ?? 'pl', typed).map((p) => `${r.where}: ${p}`)))];
  if (problems.length) throw new Error(`The bot showed what its reader should not see:\n${problems.join('\n')}`);
});
