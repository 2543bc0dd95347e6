import path from 'node:path';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { castApp, createTestApp, type TestApp } from '../support/harness.ts';
import type { Reply } from '../../src/core/reply.ts';
import { agendaSection } from '../../src/services/governance/task-messages.ts';
import { messageTools } from '../../src/services/notifications.ts';
import { VOTERS, cluster, generalMeeting, latestMotionId } from './support.ts';

/**
 * Issue 20, point 5: a passed motion's tasks are created, their owners told, reminded once before
 * the due date and told once when it passed, on local dates, across restarts; the coordinator's
 * digest lists the overdue ones; owners report progress; `/motion outcomes` lists them.
 */

const CAST = { ...VOTERS, lena: {} };
const dmTitles = (t: TestApp, user: string) => t.notifier.dmsTo(user).map((m) => m.title ?? '');

/** The value the form's owner list offers under this label. */
function ownerValue(form: Reply, label: string): string {
  const field = form.form!.fields.find((f) => f.name === 'owner')!;
  const option = field.options!.find((o) => o.label === label);
  if (!option) throw new Error(`no owner "${label}" among ${field.options!.map((o) => o.label).join(', ')}`);
  return option.value;
}

/** The coordinator creates a motion and adds tasks from its card's "Add a task" button, as typed into the form. */
async function motionWithTasks(t: TestApp, closes: string, tasks: { title: string; owner: string; due: string }[]) {
  const koord = t.as('koord');
  const created = await koord.command('motion', 'create', { title: 'Wspólny katalog usług', closes });
  expect(created.buttons!.map((b) => b.label)).toContain('Dodaj zadanie');
  const motionId = await latestMotionId(t);
  for (const task of tasks) {
    const form = await koord.press(created, 'Dodaj zadanie');
    expect(form.form?.fields.map((f) => f.name)).toEqual(['motion', 'title', 'owner', 'due']);
    const added = await koord.form('motion.task', { motion: motionId, title: task.title, owner: ownerValue(form, task.owner), due: task.due }, form.form!.args);
    expect(added.tone, added.text).toBe('success');
    expect(added.text).toContain('Gdy uchwała zostanie przyjęta, wykonawca dostanie powiadomienie.');
  }
  return { created, motionId };
}

async function passMotion(t: TestApp, created: Reply) {
  await t.as('jan').press(await t.as('jan').command('vote'), 'Za');
  await t.as('piotr').press(await t.as('piotr').command('vote'), 'Za');
  const closed = await t.as('koord').press(created, 'Zamknij głosowanie');
  expect(closed.text).toContain('przyjęta');
}

describe('a passed motion\'s tasks', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0)) await f();
  });

  /**
   * The bot started again on the database at `url` a minute before `due`: nothing goes out then;
   * at `due` the jobs run twice, so a notice sent twice would show.
   */
  async function restartedUntil(url: string, due: string): Promise<TestApp> {
    const t = await createTestApp({ start: new Date(Date.parse(due) - 60_000).toISOString(), databaseUrl: url });
    cleanup.push(() => t.app.close());
    await t.runJobs();
    expect(t.notifier.private).toEqual([]);
    t.clock.set(due);
    await t.runJobs();
    await t.runJobs();
    return t;
  }

  it('tells each owner when the motion passes, reminds once 3 days before and once after the due date across restarts and the spring clock change', async () => {
    const first = await castApp(CAST, { start: '2026-03-10T15:00:00Z' });
    cleanup.push(() => rmSync(first.dir, { recursive: true, force: true }));
    await first.as('koord').command('group', 'create', { name: 'Gastronomia', purpose: 'Wspólne zamówienia i catering', leader: 'lena' });
    await generalMeeting(first);
    // Due on the Monday after the clocks go forward (29.03.2026): the reminder is on Friday in winter
    // time, the overdue notice on Tuesday in summer time, both at 9:00 on the local clock.
    const { created, motionId } = await motionWithTasks(first, '2026-03-10 19:00', [
      { title: 'Przygotować katalog usług', owner: 'Fundacja Horyzont (organizacja)', due: '30.03.2026' },
      { title: 'Zebrać ceny cateringu', owner: 'Gastronomia (grupa robocza)', due: '30.03.2026' },
      { title: 'Wysłać katalog partnerom', owner: 'marta (osoba)', due: '30.04.2026' },
    ]);
    // Before the vote nobody is told.
    expect(dmTitles(first, 'piotr').filter((m) => m.startsWith('Nowe zadanie'))).toEqual([]);
    const card = await first.as('koord').command('motion', 'status', { motion: motionId });
    expect(card.fields!.find((f) => f.label === 'Zadania')!.value).toContain('Przygotować katalog usług – Fundacja Horyzont (organizacja), termin: 30.03.2026, stan: czeka na wynik głosowania.');

    await passMotion(first, created);
    // Each owner once: the organisation's representative, the group's leader, the person.
    expect(dmTitles(first, 'piotr')).toContain('Nowe zadanie z uchwały: Przygotować katalog usług');
    expect(dmTitles(first, 'lena')).toContain('Nowe zadanie z uchwały: Zebrać ceny cateringu');
    expect(dmTitles(first, 'marta')).toContain('Nowe zadanie z uchwały: Wysłać katalog partnerom');
    const notice = first.notifier.dmsTo('piotr').find((m) => m.title === 'Nowe zadanie z uchwały: Przygotować katalog usług')!;
    expect(notice.buttons!.map((b) => b.label)).toEqual(['W toku', 'Zrobione']);
    expect(notice.fields!.find((f) => f.label === 'Termin')!.value).toBe('30.03.2026');
    await first.runJobs();
    expect(dmTitles(first, 'piotr').filter((m) => m.startsWith('Nowe zadanie'))).toHaveLength(1);
    await first.app.close();

    // Restart on the same database, before the reminder (Friday 27.03, 9:00 CET = 8:00 UTC).
    const url = `file:${path.join(first.dir, 'test.db')}`;
    const second = await restartedUntil(url, '2026-03-27T08:00:00Z');
    expect(dmTitles(second, 'piotr')).toEqual(['Zbliża się termin zadania: Przygotować katalog usług']);
    expect(second.notifier.dmsTo('piotr')[0]!.text).toContain('Termin mija 30.03.2026, za 3 dni.');
    expect(dmTitles(second, 'lena')).toEqual(['Zbliża się termin zadania: Zebrać ceny cateringu']);
    // The task due in April is not reminded yet.
    expect(dmTitles(second, 'marta')).toEqual([]);
    await second.app.close();

    // Another restart: the reminder is not sent again. The overdue notice waits for Tuesday 31.03, 9:00 CEST = 7:00 UTC.
    const third = await restartedUntil(url, '2026-03-31T07:00:00Z');
    expect(dmTitles(third, 'piotr')).toEqual(['Minął termin zadania: Przygotować katalog usług']);
    expect(dmTitles(third, 'lena')).toEqual(['Minął termin zadania: Zebrać ceny cateringu']);

    // Lena reports from the notice: done, with a note; the coordinator hears of it.
    const overdue = third.notifier.dmsTo('lena')[0]!;
    const form = await third.as('lena').press(overdue, 'Zrobione');
    expect(form.form?.fields.find((f) => f.name === 'status')?.value).toBe('done');
    const reported = await third.as('lena').form('motion.progress', { task: form.form!.fields[0]!.value!, status: 'done', note: 'Ceny zebrane od pięciu firm.' }, form.form!.args);
    expect(reported.text).toBe('Zapisano: zadanie „Zebrać ceny cateringu” zostało wykonane. Koordynator otrzymał powiadomienie.');
    expect(dmTitles(third, 'koord')).toEqual(['Zadanie wykonane: Zebrać ceny cateringu']);
    await third.app.close();

    // The next week's digest (Monday 6.04, 9:00 CEST) lists only what is still overdue, once, across a restart.
    const fourth = await createTestApp({ start: '2026-04-06T07:00:00Z', databaseUrl: url });
    cleanup.push(() => fourth.close());
    await fourth.runJobs();
    await fourth.runJobs();
    const digests = fourth.notifier.dmsTo('koord');
    expect(digests.map((m) => m.title)).toEqual(['Zadania z uchwał po terminie: 1']);
    expect(digests[0]!.fields!.map((f) => f.value).join('\n')).toContain('Przygotować katalog usług – Fundacja Horyzont (organizacja), termin: 30.03.2026, stan: do zrobienia.');
    expect(digests[0]!.fields!.map((f) => f.value).join('\n')).not.toContain('Zebrać ceny');
    // Nothing else repeats: no second reminder or overdue notice to anyone.
    expect(fourth.notifier.private.filter((p) => p.to.platformUserId !== 'koord')).toEqual([]);
    const rows = await fourth.app.db.dumpTable('Delivery');
    const keys = rows.map((r) => String(r.key)).filter((k) => k.startsWith('task.'));
    expect(keys.filter((k) => k.startsWith('task.reminder:') && k.split(':').length === 3)).toHaveLength(2);
    expect(keys.filter((k) => k.startsWith('task.overdue:') && k.split(':').length === 3)).toHaveLength(2);

    // /motion outcomes lists the tasks by motion with their status, and the caller's own to report on.
    const outcomes = await fourth.as('piotr').command('motion', 'outcomes');
    const listed = outcomes.fields!.find((f) => f.label === 'Wspólny katalog usług')!.value;
    expect(listed).toContain('Zebrać ceny cateringu – Gastronomia (grupa robocza), termin: 30.03.2026, stan: zrobione. Informacja: Ceny zebrane od pięciu firm.');
    expect(listed).toContain('Wysłać katalog partnerom – marta (osoba), termin: 30.04.2026, stan: do zrobienia.');
    expect(outcomes.choices!.options.map((o) => o.label)).toEqual(['Przygotować katalog usług']);
    const mine = await fourth.as('piotr').choose(outcomes, [outcomes.choices!.options[0]!.value]);
    const started = await fourth.as('piotr').press(mine, 'W toku');
    const saved = await fourth.as('piotr').form('motion.progress', { task: started.form!.fields[0]!.value!, status: 'inProgress', note: '' }, started.form!.args);
    expect(saved.text).toBe('Zapisano: zadanie „Przygotować katalog usług” jest w toku.');
    expect(saved.buttons!.map((b) => b.label)).toEqual(['Zrobione']);
  });

  it('sends each reminder once when two replicas on the same database run the job at the same moment', async () => {
    const one = await castApp(CAST, { start: '2026-03-10T15:00:00Z' });
    cleanup.push(() => one.close());
    await generalMeeting(one);
    const { created } = await motionWithTasks(one, '2026-03-10 19:00', [
      { title: 'Przygotować katalog usług', owner: 'Fundacja Horyzont (organizacja)', due: '30.03.2026' },
      { title: 'Zebrać ceny cateringu', owner: 'CIS Wejherowo (organizacja)', due: '30.03.2026' },
    ]);
    await passMotion(one, created);
    const two = await createTestApp({ start: '2026-03-27T08:00:00Z', databaseUrl: one.databaseUrl });
    // The second replica closes before the first removes the database it shares.
    cleanup.unshift(() => two.app.close());
    one.clock.set('2026-03-27T08:00:00Z');
    one.notifier.clear();
    await Promise.all([one.runJobs(), two.runJobs(), one.runJobs(), two.runJobs()]);
    const reminders = [...one.notifier.private, ...two.notifier.private].filter((p) => p.message.title?.startsWith('Zbliża się termin'));
    expect(reminders.map((p) => p.to.platformUserId).sort()).toEqual(['marta', 'piotr']);
  });

  it('keeps local dates across the autumn clock change: reminder on Friday in summer time, overdue notice on Tuesday in winter time', async () => {
    const t = await castApp(CAST, { start: '2026-10-20T08:00:00Z' });
    cleanup.push(() => t.close());
    const c = await cluster(t);
    await t.app.services.meetings.schedule(c, { kind: 'general', startsAt: new Date('2026-10-21T15:00:00Z'), title: 'Walne Spotkanie Sieci – jesień', place: 'Gdańsk', agenda: '' });
    await t.app.services.clusters.updateSettings(c.id, { taskReminderDays: 3 });
    const { created } = await motionWithTasks(t, '2026-10-21 19:00', [{ title: 'Złożyć wniosek o lokal', owner: 'CIS Wejherowo (organizacja)', due: '26.10.2026' }]);
    await passMotion(t, created);
    t.notifier.clear();
    // 23.10, 9:00 CEST = 7:00 UTC.
    for (const [at, expected] of [
      ['2026-10-23T06:59:00Z', []],
      ['2026-10-23T07:00:00Z', ['Zbliża się termin zadania: Złożyć wniosek o lokal']],
      // 27.10, 9:00 CET = 8:00 UTC: an hour later in UTC than the reminder, the same local hour.
      ['2026-10-27T07:59:00Z', ['Zbliża się termin zadania: Złożyć wniosek o lokal']],
      ['2026-10-27T08:00:00Z', ['Zbliża się termin zadania: Złożyć wniosek o lokal', 'Minął termin zadania: Złożyć wniosek o lokal']],
      ['2026-10-28T08:00:00Z', ['Zbliża się termin zadania: Złożyć wniosek o lokal', 'Minął termin zadania: Złożyć wniosek o lokal']],
    ] as const) {
      t.clock.set(at);
      await t.runJobs();
      expect(dmTitles(t, 'marta'), at).toEqual(expected);
    }
  });

  it('drops the tasks of a motion that did not pass: nobody is told or reminded, and none can be added after', async () => {
    const t = await castApp(CAST, { start: '2026-03-10T15:00:00Z' });
    cleanup.push(() => t.close());
    await generalMeeting(t);
    const { created, motionId } = await motionWithTasks(t, '2026-03-10 19:00', [{ title: 'Przygotować katalog usług', owner: 'Fundacja Horyzont (organizacja)', due: '20.03.2026' }]);
    await t.as('jan').press(await t.as('jan').command('vote'), 'Przeciw');
    await t.as('piotr').press(await t.as('piotr').command('vote'), 'Przeciw');
    await t.as('koord').press(created, 'Zamknij głosowanie');
    t.clock.set('2026-03-25T09:00:00Z');
    await t.runJobs();
    expect(dmTitles(t, 'piotr').filter((m) => /zadani/i.test(m))).toEqual([]);
    const [row] = await t.app.db.dumpTable('MotionTask');
    expect(row!.status).toBe('dropped');
    const card = await t.as('koord').command('motion', 'status', { motion: motionId });
    expect(card.buttons!.map((b) => b.label)).not.toContain('Dodaj zadanie');
    const late = await t.as('koord').action('motion', 'task', [motionId]);
    const refused = await t.as('koord').form('motion.task', { motion: motionId, title: 'Coś jeszcze', owner: late.form!.fields[2]!.options![0]!.value, due: '30.04.2026' }, [motionId]);
    expect(refused.errorId).toBe('outcomes.errors.motionNotPassed');
  });

  it('refuses a past due date and an owner from nowhere, keeping what was typed, and lets only the owner or the coordinator report', async () => {
    const t = await castApp(CAST, { start: '2026-03-10T15:00:00Z' });
    cleanup.push(() => t.close());
    await generalMeeting(t);
    const koord = t.as('koord');
    const created = await koord.command('motion', 'create', { title: 'Wspólny katalog usług', closes: '2026-03-10 19:00' });
    const motionId = await latestMotionId(t);
    const form = await koord.press(created, 'Dodaj zadanie');
    const owner = ownerValue(form, 'Fundacja Horyzont (organizacja)');
    const past = await koord.form('motion.task', { motion: motionId, title: 'Przygotować katalog usług', owner, due: '09.03.2026' }, form.form!.args);
    expect(past.text).toBe('Termin nie może być wcześniejszy niż dzisiaj.');
    // Reopened from the refusal: what was typed is still there.
    const again = await koord.press(past, 'Popraw formularz');
    expect(Object.fromEntries(again.form!.fields.map((f) => [f.name, f.value]))).toMatchObject({ motion: motionId, title: 'Przygotować katalog usług', owner, due: '09.03.2026' });
    const nowhere = await koord.form('motion.task', { motion: motionId, title: 'Przygotować katalog usług', owner: 'member:nie-ma-takiej', due: '20.03.2026' }, form.form!.args);
    expect(nowhere.errorId).toBe('outcomes.errors.ownerNotFound');
    const bad = await koord.form('motion.task', { motion: motionId, title: 'Przygotować katalog usług', owner, due: 'w przyszłym tygodniu' }, form.form!.args);
    expect(bad.errorId).toBe('core.errors.invalidOptions');
    expect(await koord.form('motion.task', { due: '20.03.2026' }, form.form!.args)).toMatchObject({ tone: 'success' });

    await passMotion(t, created);
    const notice = t.notifier.dmsTo('piotr').find((m) => m.title?.startsWith('Nowe zadanie'))!;
    // Marta's organisation is not the owner; Piotr's colleague would be, the coordinator is.
    const [taskId] = notice.buttons![0]!.action.args!;
    expect((await t.as('marta').action('motion', 'progress', [taskId!, 'done'])).errorId).toBe('outcomes.errors.notOwner');
    expect((await t.as('marta').command('motion', 'progress', { task: taskId!, status: 'done' })).errorId).toBe('outcomes.errors.notOwner');
    expect((await koord.action('motion', 'progress', [taskId!, 'done'])).form?.id).toBe('motion.progress');
    expect((await t.as('piotr').command('motion', 'progress', { task: taskId!, status: 'done', note: 'Gotowe.' })).tone).toBe('success');
    expect((await t.as('piotr').command('motion', 'progress', { task: taskId!, status: 'inProgress' })).errorId).toBe('outcomes.errors.alreadyDone');
  });

  it('tells the next General Meeting what was done since the last one, and what is still open', async () => {
    const t = await castApp(CAST, { start: '2026-03-10T15:00:00Z' });
    cleanup.push(() => t.close());
    const { cluster: c, meeting: last } = await generalMeeting(t);
    const { created } = await motionWithTasks(t, '2026-03-10 19:00', [
      { title: 'Przygotować katalog usług', owner: 'Fundacja Horyzont (organizacja)', due: '30.04.2026' },
      { title: 'Wysłać katalog partnerom', owner: 'marta (osoba)', due: '30.06.2026' },
    ]);
    await passMotion(t, created);
    t.clock.set('2026-04-20T10:00:00Z');
    const notice = t.notifier.dmsTo('piotr').find((m) => m.title?.startsWith('Nowe zadanie'))!;
    await t.as('piotr').command('motion', 'progress', { task: notice.buttons![0]!.action.args![0]!, status: 'done', note: 'Katalog gotowy.' });
    const next = await t.app.services.meetings.schedule(c, { kind: 'general', startsAt: new Date('2027-03-09T16:00:00Z'), title: 'Walne Spotkanie Sieci 2027', place: 'Gdańsk', agenda: '' });

    const summary = await t.app.services.governance.tasks.sinceLastGeneralMeeting(c, next.id);
    expect(summary.since).toEqual(last.startsAt);
    expect(summary.done.map((d) => d.title)).toEqual(['Przygotować katalog usług']);
    expect(summary.open.map((d) => d.title)).toEqual(['Wysłać katalog partnerom']);
    const text = agendaSection(summary, c.timeZone, messageTools('pl', c.timeZone)).replace(/[\uE000\uE001]/g, '');
    expect(text).toBe(
      [
        'Co zostało zrobione od poprzedniego Walnego Spotkania (10.03.2026)',
        'Wykonane:',
        '- Przygotować katalog usług – Fundacja Horyzont (organizacja), termin: 30.04.2026, stan: zrobione. Informacja: Katalog gotowy.',
        'W toku lub do zrobienia:',
        '- Wysłać katalog partnerom – marta (osoba), termin: 30.06.2026, stan: do zrobienia.',
      ].join('\n'),
    );
    // The first General Meeting has no earlier one to count from, and nothing was done before it.
    const first = await t.app.services.governance.tasks.sinceLastGeneralMeeting(c, last.id);
    expect(first.since).toBeUndefined();
    expect(first.done).toEqual([]);
  });
});
