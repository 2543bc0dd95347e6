import { describe, expect, it } from 'vitest';
import { appPerTest, type TestApp } from '../support/harness.ts';
import { readCsv } from '../support/csv.ts';
import { onOwnPostgres, onSqliteFile } from '../support/databases.ts';
import { parseSettings } from '../../src/services/settings.ts';
import { GMINA, KUCHNIA, RULES, SMAK, dm, feesApp, memberId, ok, setRules, shown } from './support.ts';

describe('membership fees without a rule', () => {
  const t = appPerTest(() => feesApp());

  it('every cluster model collects none: status says so, nothing is reminded, nothing listed', async () => {
    for (const model of ['pkes', 'wm-kes', 'kpes']) {
      await setRules(t);
      ok(await t.as('kasia').command('setup', 'model', { model }));
      const status = ok(await t.as('jan').command('fee', 'status'));
      expect(status.text).toContain('Ten klaster nie pobiera składek członkowskich.');
    }
    expect((await t.as('kasia').command('fee', 'list')).errorId).toBe('fees.errors.notCollected');
    expect(shown(ok(await t.as('jan').command('fee', 'rules')))).toContain('Ten klaster nie pobiera składek członkowskich.');
    for (const at of ['2026-03-17T09:00:00Z', '2026-04-01T09:00:00Z', '2026-05-04T09:00:00Z']) await t.runJobs(at);
    expect(t.notifier.private.filter((m) => /[Ss]kładk/.test(shown(m.message)))).toEqual([]);
  });

  it('an entry fee stored before the rules (PLN as a number) becomes the rules\' entry fee in grosze', () => {
    expect(parseSettings(JSON.stringify({ entryFee: 150.5 })).fees.entry).toBe(15050);
    expect(parseSettings(JSON.stringify({ entryFee: 0 })).fees).toMatchObject({ entry: 0, yearly: [], supporting: 0 });
    expect(parseSettings(JSON.stringify({ entryFee: 99, fees: { entry: 1000 } })).fees.entry).toBe(1000);
  });
});

describe('membership fees on SQLite', () => {
  const t = appPerTest(() => feesApp());

  it('the coordinator sets the rules by form; a bad band is refused by name and the form keeps what was typed', async () => {
    const bad = await t.as('kasia').form('setup.fees', { ...{ entry: '100' }, yearly: '49: 500; 9: 200; 1000', due: '31.03' });
    expect(bad.errorId).toBe('fees.errors.bandsOrder');
    expect(bad.fieldErrors?.yearly).toBeDefined();
    const again = ok(await t.as('kasia').press(bad, 'Popraw formularz'));
    expect(again.form?.fields.find((f) => f.name === 'yearly')?.value).toBe('49: 500; 9: 200; 1000');
    expect((await t.as('kasia').form('setup.fees', { entry: 'sto złotych' })).errorId).toBe('core.input.badAmount');
    expect((await t.as('kasia').form('setup.fees', { entry: '0', yearly: '', due: '31.02' })).errorId).toBe('fees.errors.badDueDate');
    expect((await t.as('jan').form('setup.fees', { entry: '100' })).errorId).toMatch(/^core\.denied\./);

    const set = ok(await t.as('kasia').form('setup.fees', { entry: '150,00 zł', yearly: '9: 200 zł; 49: 500,50 zł; 1200 zł', supporting: '800', due: '31.03', reminders: '14/30' }));
    expect(shown(set)).toContain('Wpisowe (jednorazowe, w roku przystąpienia): 150,00 zł');
    expect(shown(set)).toContain('do 9 osób: 200,00 zł; do 49 osób: 500,50 zł; powyżej 49 osób: 1200,00 zł');
    const cluster = (await t.app.db.dumpTable('Cluster'))[0]!;
    expect(JSON.parse(String(cluster.settings)).fees).toEqual({
      entry: 15000,
      yearly: [{ maxEmployees: 9, amount: 20000 }, { maxEmployees: 49, amount: 50050 }, { amount: 120000 }],
      supporting: 80000,
      dueDate: '03-31',
      reminderLeadDays: 14,
      overdueDays: 30,
    });
    // The rules' Change button opens the form with what is set.
    const change = ok(await t.as('kasia').press(ok(await t.as('kasia').command('fee', 'rules')), 'Zmień zasady'));
    expect(Object.fromEntries(change.form!.fields.map((f) => [f.name, f.value]))).toEqual({ entry: '150,00 zł', yearly: '9: 200,00 zł; 49: 500,50 zł; 1200,00 zł', supporting: '800,00 zł', due: '31.03', reminders: '14/30' });
    expect(ok(await t.as('jan').command('fee', 'rules')).buttons).toEqual([]);
    // The settings list names the rules in words; a model puts them back to none and says so.
    expect(shown(ok(await t.as('kasia').command('setup', 'settings')))).toContain('Składki członkowskie\nWpisowe (jednorazowe, w roku przystąpienia): 150,00 zł');
    const model = ok(await t.as('kasia').command('setup', 'model', { model: 'kpes' }));
    expect(model.text).toContain('• Składki członkowskie: Wpisowe (jednorazowe, w roku przystąpienia): 150,00 zł');
    expect(model.text).toContain('→ Ten klaster nie pobiera składek członkowskich.');
  });

  it('a member sees its fee by its size: no employee count takes the lowest band and says so; the supporting member its own fee', async () => {
    await setRules(t);
    const unknown = ok(await t.as('jan').command('fee', 'status'));
    expect(unknown.title).toBe(`Składka za rok 2026: ${SMAK}`);
    expect(shown(unknown)).toContain('Należność\n200,00 zł');
    expect(shown(unknown)).toContain('składka roczna: 200,00 zł (do 9 osób)');
    expect(unknown.text).toContain('nie podano liczby zatrudnionych, więc przyjęto najniższy próg');
    expect(shown(unknown)).toContain('Termin\n31.03.2026');

    ok(await t.as('jan').command('member', 'update', { employees: 12 }));
    const sized = ok(await t.as('jan').command('fee', 'status'));
    expect(shown(sized)).toContain('składka roczna: 500,50 zł (do 49 osób)');
    expect(sized.text ?? '').not.toContain('najniższy próg');
    expect(shown(ok(await t.as('jan').command('member', 'profile')))).toContain('Liczba zatrudnionych\n12');

    expect(shown(ok(await t.as('ewa').command('fee', 'status')))).toContain('Do zapłaty\n800,00 zł');
    const english = ok(await t.as('ewa', { locale: 'en' }).command('fee', 'status'));
    expect(shown(english)).toContain(`Fee for 2026: ${GMINA}`);
    expect(shown(english)).toContain('Left to pay\nPLN 800.00');
    // Someone else's organisation: refused, as with the profile.
    expect((await t.as('jan').command('fee', 'status', { member: KUCHNIA })).errorId).toBe('membership.errors.notYourOrganisation');
    // A newcomer owes the entry fee in its first year, with 30 days to pay.
    await setRules(t, { ...RULES, entry: '150' });
    await t.given('nowy', { main: 'Fundacja Nowa Droga' });
    await t.app.db.members.update(await memberId(t, 'Fundacja Nowa Droga'), { joinedAt: t.clock.now() });
    const first = ok(await t.as('nowy').command('fee', 'status'));
    expect(shown(first)).toContain('wpisowe: 150,00 zł');
    expect(shown(first)).toContain('Należność\n350,00 zł');
    expect(shown(first)).toContain('Termin\n1.04.2026');
  });

  it('the coordinator records payments; the same reference again is one payment; a clash or a future date is refused', async () => {
    await setRules(t);
    const list = ok(await t.as('kasia').command('fee', 'list'));
    expect(list.fields?.map((f) => f.label)).toEqual([GMINA, SMAK, KUCHNIA].sort((a, b) => a.localeCompare(b, 'pl')));
    const form = ok(await t.as('kasia').press(list, 'Zapisz wpłatę')).form!;
    expect(form.fields.find((f) => f.name === 'date')?.value).toBe('2.03.2026');
    const smak = await memberId(t, SMAK);
    expect(form.fields.find((f) => f.name === 'member')?.options?.map((o) => o.value)).toContain(smak);

    const paid = ok(await t.as('kasia').form(form.id, { member: smak, amount: '150,00 zł', date: '01.03.2026', reference: 'PRZELEW 0001/03' }));
    expect(paid.text).toContain(`Zapisano wpłatę 150,00 zł od organizacji ${SMAK} (tytuł: PRZELEW 0001/03) na składkę za rok 2026.`);
    expect(shown(paid)).toContain('Do zapłaty\n50,00 zł');

    const again = ok(await t.as('marek').form('fee.record', { member: SMAK, amount: '150', date: '01.03.2026', reference: 'przelew 0001/03' }));
    expect(again.text).toContain('Ta wpłata jest już zapisana');
    expect(await t.app.db.dumpTable('FeePayment')).toHaveLength(1);

    const clash = await t.as('marek').form('fee.record', { member: KUCHNIA, amount: '150', date: '01.03.2026', reference: 'PRZELEW 0001/03' });
    expect(clash.errorId).toBe('fees.errors.referenceTaken');
    expect(clash.buttons?.map((b) => b.label)).toContain('Popraw formularz');
    expect((await t.as('kasia').form('fee.record', { member: SMAK, amount: '50', date: '03.03.2026', reference: 'X-2' })).errorId).toBe('fees.errors.futureDate');
    expect((await t.as('kasia').form('fee.record', { member: SMAK, amount: 'pięćdziesiąt', date: '01.03.2026', reference: 'X-2' })).errorId).toBe('core.errors.invalidOptions');
    expect((await t.as('jan').form('fee.record', { member: SMAK, amount: '50', date: '01.03.2026', reference: 'X-3' })).errorId).toMatch(/^core\.denied\./);

    ok(await t.as('kasia').form('fee.record', { member: SMAK, amount: '50', date: '02.03.2026', reference: 'X-2' }));
    const settled = ok(await t.as('jan').command('fee', 'status'));
    expect(settled.text).toContain('Składka za ten rok jest opłacona.');
    expect(shown(settled)).toContain('150,00 zł · 1.03.2026 · PRZELEW 0001/03');
  });

  it('the treasurer\'s CSV: one row per organisation, amounts as 1234,50, totals that add up', async () => {
    await setRules(t);
    ok(await t.as('piotr').command('member', 'update', { employees: 60 }));
    ok(await t.as('kasia').command('fee', 'record', { member: KUCHNIA, amount: '1 234,50', date: '15.02.2026', reference: 'FV/1' }));
    ok(await t.as('kasia').command('fee', 'record', { member: GMINA, amount: '900', date: '20.02.2026', reference: 'JST-7' }));
    const file = ok(await t.as('kasia').command('fee', 'export', { year: 2026 }));
    expect(file.text).toBe('Zestawienie składek za rok 2026: 3 organizacje.');
    const rows = readCsv(file.attachments?.[0]);
    expect(file.attachments?.[0]?.filename).toBe('skladki-2026.csv');
    expect(rows).toEqual([
      ['Organizacja', 'Kategoria', 'Rok', 'Próg', 'Wpisowe (zł)', 'Składka roczna (zł)', 'Należność (zł)', 'Termin', 'Wpłacono (zł)', 'Do zapłaty (zł)', 'Nadpłata (zł)', 'Wpłaty (tytuł, data)'],
      [GMINA, 'członek wspierający', '2026', '', '0,00', '800,00', '800,00', '31.03.2026', '900,00', '0,00', '100,00', 'JST-7 (20.02.2026)'],
      [KUCHNIA, 'członek główny', '2026', 'powyżej 49 osób', '0,00', '1200,00', '1200,00', '31.03.2026', '1234,50', '0,00', '34,50', 'FV/1 (15.02.2026)'],
      [SMAK, 'członek główny', '2026', 'do 9 osób (przyjęty, brak liczby zatrudnionych)', '0,00', '200,00', '200,00', '31.03.2026', '0,00', '200,00', '0,00', ''],
      ['Razem', '', '2026', '', '0,00', '2200,00', '2200,00', '', '2134,50', '200,00', '134,50', ''],
    ]);
  });

  it('reminds the unpaid once before and once after the due date, lists them for the coordinator, and suspends no one', async () => {
    await setRules(t);
    ok(await t.as('kasia').command('fee', 'record', { member: KUCHNIA, amount: '200', date: '01.03.2026', reference: 'K-1' }));
    // 14 days before 31 March, at 9 local time: Smak and the municipality, not Kuchnia (paid).
    await t.runJobs('2026-03-17T07:00:00Z');
    expect(t.notifier.dmsTo('jan').filter((m) => shown(m).includes('Składka członkowska za rok 2026'))).toHaveLength(0);
    await t.runJobs('2026-03-17T08:05:00Z');
    await t.runJobs('2026-03-18T08:05:00Z');
    const before = dm(t, 'jan', 'Składka członkowska za rok 2026');
    expect(before.text).toBe(`Przypominamy: termin zapłaty składki organizacji ${SMAK} mija 31.03.2026. Do zapłaty: 200,00 zł. Jeśli przelew jest już w drodze, nic więcej nie trzeba robić.`);
    expect(t.notifier.dmsTo('jan').filter((m) => shown(m).includes('Składka członkowska za rok 2026'))).toHaveLength(1);
    expect(t.notifier.dmsTo('ewa').filter((m) => shown(m).includes('Składka członkowska za rok 2026'))).toHaveLength(1);
    expect(t.notifier.dmsTo('piotr').filter((m) => shown(m).includes('Składka'))).toHaveLength(0);
    // Its button: the organisation's own status.
    expect(ok(await t.as('jan').press(before, 'Stan składki')).title).toBe(`Składka za rok 2026: ${SMAK}`);

    // The municipality pays; the day after the due date only Smak hears, once.
    t.clock.set('2026-03-30T10:00:00Z');
    ok(await t.as('kasia').command('fee', 'record', { member: GMINA, amount: '800', date: '30.03.2026', reference: 'JST-1' }));
    await t.runJobs('2026-04-01T08:05:00Z');
    await t.runJobs('2026-04-02T08:05:00Z');
    expect(t.notifier.dmsTo('jan').filter((m) => shown(m).includes('Minął termin składki za rok 2026'))).toHaveLength(1);
    expect(t.notifier.dmsTo('ewa').filter((m) => shown(m).includes('minął'))).toHaveLength(0);

    // Not yet 30 days past: no digest on Monday 27 April; on Monday 4 May it lists Smak, once per coordinator.
    await t.runJobs('2026-04-27T08:05:00Z');
    expect(t.notifier.dmsTo('kasia').filter((m) => shown(m).includes('Nieopłacone składki'))).toHaveLength(0);
    await t.runJobs('2026-05-04T07:05:00Z');
    await t.runJobs('2026-05-04T09:05:00Z');
    const digest = dm(t, 'kasia', 'Nieopłacone składki');
    expect(digest.title).toBe('Nieopłacone składki: 1 organizacja');
    expect(digest.text).toContain(`• ${SMAK}: do zapłaty 200,00 zł, termin minął 31.03.2026`);
    expect(digest.text).toContain('Bot nikogo nie zawiesza.');
    expect(t.notifier.dmsTo('kasia').filter((m) => shown(m).includes('Nieopłacone składki'))).toHaveLength(1);
    expect(t.notifier.dmsTo('marek').filter((m) => shown(m).includes('Nieopłacone składki'))).toHaveLength(1);
    expect(readCsv(ok(await t.as('kasia').press(digest, 'Pobierz zestawienie (CSV)')).attachments?.[0])).toHaveLength(5);

    // Weeks later: still listed weekly, never suspended, never reminded again.
    await t.runJobs('2026-06-01T09:05:00Z');
    expect(t.notifier.dmsTo('kasia').filter((m) => shown(m).includes('Nieopłacone składki'))).toHaveLength(2);
    expect(t.notifier.dmsTo('jan').filter((m) => /Składka członkowska|minął/.test(shown(m)))).toHaveLength(2);
    const members = await t.app.db.dumpTable('Member');
    expect(members.map((m) => m.status)).toEqual(['active', 'active', 'active']);
    expect((await t.app.db.dumpTable('AuditEntry')).filter((a) => String(a.action).startsWith('member.'))).toEqual([]);
  });

  it('the audit log names who recorded a payment and who changed the rules; a repeated reference adds no entry', async () => {
    await setRules(t);
    const input = { member: SMAK, amount: '200', date: '01.03.2026', reference: 'S-1' };
    ok(await t.as('marek').command('fee', 'record', input));
    ok(await t.as('kasia').command('fee', 'record', input));
    const ofSmak = ok(await t.as('kasia').command('applications', 'audit', { member: SMAK }));
    expect(ofSmak.text!.split('\n').filter((line) => line.includes('zapisanie wpłaty składki'))).toEqual([expect.stringMatching(/^• [\d.]+, \d\d:\d\d – marek – zapisanie wpłaty składki$/)]);
    const all = ok(await t.as('kasia').command('applications', 'audit'));
    expect(all.text).toMatch(/– kasia – zmiana zasad składek/);
    const [entry] = (await t.app.db.dumpTable('AuditEntry')).filter((a) => a.action === 'fee.paymentRecorded');
    expect(JSON.parse(String(entry!.details))).toMatchObject({ amount: 20000, year: 2026, reference: 'S-1' });
    const english = ok(await t.as('kasia', { locale: 'en' }).command('applications', 'audit', { member: SMAK }));
    expect(english.text).toContain('– marek – fee payment recorded');
  });

  it('a fee due 31.12 is reminded after its due date on 1 January, once; one due 5.01 is reminded in December', async () => {
    await setRules(t, { ...RULES, due: '31.12' });
    await t.runJobs('2026-12-31T08:05:00Z');
    const late = (who: string) => t.notifier.dmsTo(who).filter((m) => shown(m).includes('Minął termin składki za rok 2026'));
    expect(late('jan')).toHaveLength(0);
    await t.runJobs('2027-01-01T08:05:00Z');
    await t.runJobs('2027-01-02T08:05:00Z');
    expect(late('jan')).toHaveLength(1);
    expect(dm(t, 'jan', 'Minął termin składki za rok 2026').text).toContain('minął 31.12.2026');
    expect(late('ewa')).toHaveLength(1);

    // Due 5 January: 14 days before falls in the year before, and comes then, once.
    await setRules(t, { ...RULES, due: '05.01' });
    const early = () => t.notifier.dmsTo('piotr').filter((m) => shown(m).includes('Składka członkowska za rok 2028'));
    await t.runJobs('2027-12-22T08:05:00Z');
    await t.runJobs('2027-12-23T08:05:00Z');
    expect(early()).toHaveLength(1);
    expect(dm(t, 'piotr', 'Składka członkowska za rok 2028').text).toContain('mija 5.01.2028');
  });
});

/**
 * Two coordinators record the same transfer at the same moment: one row, both told the payment is
 * recorded, the balance counts it once. A burst of different references all count.
 */
async function concurrentRecording(t: TestApp): Promise<void> {
  await setRules(t);
  const input = { member: KUCHNIA, amount: '200', date: '01.03.2026', reference: 'WB 2026/03/17' };
  const replies = await Promise.all([t.as('kasia').form('fee.record', input), t.as('marek').form('fee.record', input), t.as('kasia').form('fee.record', { ...input, reference: 'wb 2026/03/17' })]);
  for (const r of replies) ok(r);
  expect(replies.filter((r) => r.text?.includes('Ta wpłata jest już zapisana'))).toHaveLength(2);
  expect(await t.app.db.dumpTable('FeePayment')).toHaveLength(1);
  expect(shown(ok(await t.as('piotr').command('fee', 'status')))).toContain('Wpłacono\n200,00 zł');

  const many = await Promise.all(Array.from({ length: 6 }, (_, i) => t.as(i % 2 ? 'kasia' : 'marek').form('fee.record', { member: SMAK, amount: '10', date: '01.03.2026', reference: `R-${i}` })));
  for (const r of many) ok(r);
  expect(shown(ok(await t.as('jan').command('fee', 'status')))).toContain('Wpłacono\n60,00 zł');
}

/** A bot on the database at `url`, closed however the test ends. */
async function onBot(url: string, use: (t: TestApp) => Promise<void>): Promise<true> {
  const t = await feesApp({ databaseUrl: url });
  try {
    await use(t);
  } finally {
    await t.close();
  }
  return true;
}

describe('recording a payment twice at the same moment', () => {
  it('on a SQLite file: one payment', { timeout: 60_000 }, async () => {
    await onSqliteFile('pkes-fees', (url) => onBot(url, concurrentRecording));
  });

  it('on PostgreSQL: one payment', { timeout: 120_000 }, async (ctx) => {
    if (!(await onOwnPostgres('pkes_fees', (url) => onBot(url, concurrentRecording)))) ctx.skip();
  });
});
