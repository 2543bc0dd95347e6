import { describe, expect, it } from 'vitest';
import type { Invocation } from '../../src/core/dispatcher.ts';
import type { Reply } from '../../src/core/reply.ts';
import { appPerTest, castApp, TEST_CLUSTER, type TestApp } from '../support/harness.ts';
import { readCsv } from '../support/csv.ts';
import { botOnOwnPostgres } from '../support/databases.ts';
import { dm, dmOnce, dmsWith, KUCHNIA, ok, shown, SMAK, TRANSPORT } from '../market/support.ts';

/**
 * Shared equipment and spaces through the command layer: an organisation lists a van or a hall,
 * members book periods in local time (Europe/Warsaw), overlaps are refused, the owner approves,
 * reminders and the return go out once, and the barter board leads to booking.
 */

const CAST = { kasia: { roles: ['coordinator' as const] }, jan: { main: SMAK }, piotr: { main: KUCHNIA }, ewa: { main: TRANSPORT } };
const VAN = { name: 'Bus 9-osobowy', kind: 'equipment', place: 'Gdańsk', rules: 'Zwrot z pełnym bakiem.', availability: 'pn–pt 8–18' };

async function addResource(t: TestApp, user = 'jan', input: Record<string, unknown> = VAN): Promise<string> {
  ok(await t.as(user).command('resource', 'add', input));
  return String((await t.app.db.dumpTable('SharedResource')).at(-1)!.id);
}

const book = (t: TestApp, user: string, resource: string, from: string, to: string) => t.as(user).form('resource.book', { resource, from, to });

async function bookings(t: TestApp) {
  return (await t.app.db.dumpTable('ResourceBooking')).map((b) => ({ status: b.status, startsAt: new Date(String(b.startsAt)).toISOString(), endsAt: new Date(String(b.endsAt)).toISOString() }));
}

describe('shared equipment and spaces on SQLite', () => {
  const t = appPerTest(() => castApp(CAST));

  it('books a period in local time, refuses an overlap in Polish, takes the next period, and tells the owner', async () => {
    const id = await addResource(t);
    const listed = ok(await t.as('piotr').command('resource', 'list'));
    expect(shown(listed)).toContain('sprzęt · Spółdzielnia Socjalna Smak · Gdańsk');
    const card = ok(await t.as('piotr').choose(listed, [id]));
    expect(card.title).toBe('Sprzęt do wspólnego użytku: Bus 9-osobowy');
    expect(shown(card)).toContain('Zwrot z pełnym bakiem.');
    expect(card.buttons?.map((b) => b.label)).toEqual(['Zarezerwuj', 'Historia rezerwacji']);

    const form = ok(await t.as('piotr').press(card, 'Zarezerwuj')).form!;
    expect(form.fields.find((f) => f.name === 'resource')?.value).toBe(id);
    const booked = ok(await t.as('piotr').form(form.id, { resource: id, from: '10.03.2026 10:00', to: '10.03.2026 16:00', note: 'Wyjazd na targi' }, form.args));
    expect(booked.text).toContain('Zarezerwowano zasób „Bus 9-osobowy” od 10.03.2026, 10:00 do 10.03.2026, 16:00.');
    // 10:00 in Warsaw in March is 09:00 UTC.
    expect(await bookings(t)).toEqual([{ status: 'confirmed', startsAt: '2026-03-10T09:00:00.000Z', endsAt: '2026-03-10T15:00:00.000Z' }]);
    expect(dm(t, 'jan', 'Nowa rezerwacja: Bus 9-osobowy').text).toContain('Organizacja Spółdzielnia Kuchnia Razem zarezerwowała zasób „Bus 9-osobowy”');

    const taken = await book(t, 'ewa', id, '10.03.2026 15:00', '10.03.2026 18:00');
    expect(taken.errorId).toBe('resources.errors.taken');
    expect(taken.text).toBe('Ten termin jest już zajęty: zasób „Bus 9-osobowy” jest zarezerwowany od 10.03.2026, 10:00 do 10.03.2026, 16:00. Wybierz inny termin.');
    // What was typed is kept for the corrected form.
    const again = ok(await t.as('ewa').press(taken, 'Popraw formularz')).form!;
    expect(again.fields.find((f) => f.name === 'from')?.value).toBe('10.03.2026 15:00');
    // Right after the first one ends, and a whole day given as dates, are free.
    ok(await book(t, 'ewa', id, '10.03.2026 16:00', '10.03.2026 18:00'));
    ok(await book(t, 'ewa', id, '11.03.2026', '11.03.2026'));
    expect((await book(t, 'piotr', id, '11.03.2026 23:00', '12.03.2026 08:00')).errorId).toBe('resources.errors.taken');

    const history = ok(await t.as('kasia').command('resource', 'history', { resource: 'Bus' }));
    expect(history.title).toBe('Historia rezerwacji: Bus 9-osobowy');
    expect(history.fields?.map((f) => `${f.label}: ${f.value}`)).toEqual([
      '11.03.2026, 00:00 – 11.03.2026, 23:59: Fundacja Transport Pomorze · potwierdzona',
      '10.03.2026, 16:00 – 10.03.2026, 18:00: Fundacja Transport Pomorze · potwierdzona',
      '10.03.2026, 10:00 – 10.03.2026, 16:00: Spółdzielnia Kuchnia Razem · potwierdzona',
    ]);
  });

  it('refuses bad periods with a clear message naming the field', async () => {
    const id = await addResource(t);
    const backwards = await book(t, 'piotr', id, '10.03.2026 16:00', '10.03.2026 10:00');
    expect(backwards.errorId).toBe('resources.errors.endBeforeStart');
    expect(backwards.fieldErrors).toEqual({ to: 'Koniec musi być później niż początek.' });
    expect((await book(t, 'piotr', id, '01.03.2026 10:00', '01.03.2026 12:00')).errorId).toBe('resources.errors.past');
    expect((await book(t, 'piotr', id, 'jutro', '10.03.2026 12:00')).errorId).toBe('core.input.badDateOrDateTime');
    expect((await book(t, 'piotr', id, '10.03.2026', '30.04.2026')).errorId).toBe('resources.errors.tooLong');
    expect(await bookings(t)).toEqual([]);
  });

  it('waits for the owner where the resource asks for approval; a declined period is free again', async () => {
    const id = await addResource(t, 'jan', { ...VAN, name: 'Sala warsztatowa', kind: 'space', approval: true });
    const asked = ok(await book(t, 'piotr', id, '12.03.2026 09:00', '12.03.2026 13:00'));
    expect(asked.text).toContain('Wysłano prośbę o rezerwację zasobu „Sala warsztatowa”');
    expect(shown(asked)).toContain('czeka na zgodę właściciela');
    // The pending booking holds the period.
    expect((await book(t, 'ewa', id, '12.03.2026 12:00', '12.03.2026 14:00')).errorId).toBe('resources.errors.taken');

    const request = dm(t, 'jan', 'Prośba o rezerwację: Sala warsztatowa');
    expect(request.buttons?.map((b) => b.label)).toEqual(['Zatwierdź', 'Odrzuć']);
    // Someone else pressing the owner's buttons is refused.
    expect((await t.as('ewa').press(request, 'Zatwierdź')).errorId).toBe('resources.errors.notOwner');
    const approved = ok(await t.as('jan').press(request, 'Zatwierdź'));
    expect(approved.text).toBe('Zatwierdzono rezerwację organizacji Spółdzielnia Kuchnia Razem.');
    expect((await t.as('jan').press(request, 'Odrzuć')).errorId).toBe('resources.errors.notPending');
    expect(dm(t, 'piotr', 'Rezerwacja potwierdzona: Sala warsztatowa').buttons?.map((b) => b.label)).toEqual(['Odwołaj rezerwację']);

    ok(await book(t, 'ewa', id, '13.03.2026 09:00', '13.03.2026 13:00'));
    ok(await t.as('jan').press(dm(t, 'jan', 'Organizacja Fundacja Transport Pomorze chce zarezerwować'), 'Odrzuć'));
    expect(dm(t, 'ewa', 'Rezerwacja odrzucona: Sala warsztatowa').text).toContain('organizacja Spółdzielnia Socjalna Smak');
    ok(await book(t, 'piotr', id, '13.03.2026 10:00', '13.03.2026 12:00'));
  });

  it('lets the booker cancel, and nobody else', async () => {
    const id = await addResource(t);
    const booked = ok(await book(t, 'piotr', id, '10.03.2026 10:00', '10.03.2026 16:00'));
    expect((await t.as('ewa').press(booked, 'Odwołaj rezerwację')).errorId).toBe('resources.errors.notBooker');
    const mine = ok(await t.as('piotr').command('resource', 'mine'));
    const cancelled = ok(await t.as('piotr').choose(mine, [mine.choices!.options[0]!.value]));
    expect(cancelled.text).toBe('Odwołano rezerwację zasobu „Bus 9-osobowy”.');
    expect(dm(t, 'jan', 'Rezerwacja odwołana: Bus 9-osobowy')).toBeDefined();
    // The period is free again.
    ok(await book(t, 'ewa', id, '10.03.2026 10:00', '10.03.2026 16:00'));
  });

  it('reminds the booker once a day before the start, asks the owner once to confirm the return, and maps the two as collaborating', async () => {
    const id = await addResource(t);
    ok(await book(t, 'piotr', id, '10.03.2026 10:00', '10.03.2026 16:00'));
    // Booked for the next morning: the answer says no reminder will come, and none does.
    t.clock.set('2026-03-08T16:00:00Z');
    const soon = ok(await book(t, 'ewa', id, '09.03.2026 08:00', '09.03.2026 12:00'));
    expect(soon.text).toBe('Zarezerwowano zasób „Bus 9-osobowy” od 9.03.2026, 08:00 do 9.03.2026, 12:00.');
    await t.runJobs('2026-03-08T16:10:00Z');
    expect(dmsWith(t, 'ewa', 'Przypomnienie o rezerwacji')).toHaveLength(0);
    t.clock.set('2026-03-08T09:00:00Z');
    await t.runJobs('2026-03-08T09:00:00Z');
    expect(dmsWith(t, 'piotr', 'Przypomnienie o rezerwacji')).toHaveLength(0);
    await t.runJobs('2026-03-09T09:10:00Z');
    await t.runJobs('2026-03-09T09:20:00Z');
    expect(dmOnce(t, 'piotr', 'Przypomnienie o rezerwacji').text).toBe('Wasza rezerwacja zaczyna się 10.03.2026, 10:00 i trwa do 10.03.2026, 16:00. Właściciel: organizacja Spółdzielnia Socjalna Smak. Pamiętajcie o zasadach korzystania.');

    t.clock.set('2026-03-10T15:05:00Z');
    await t.runJobs('2026-03-10T15:05:00Z');
    await t.runJobs('2026-03-10T15:15:00Z');
    // Both bookings have ended; Piotr's is the one asked about here.
    const asks = t.notifier.dmsTo('jan').filter((m) => shown(m).includes('Potwierdźcie zwrot') && shown(m).includes(KUCHNIA));
    expect(asks).toHaveLength(1);
    const returned = ok(await t.as('jan').press(asks[0]!, 'Potwierdź zwrot'));
    expect(returned.text).toBe('Potwierdzono zwrot: Bus 9-osobowy.');
    expect(dm(t, 'piotr', 'Zwrot potwierdzony: Bus 9-osobowy')).toBeDefined();
    expect((await t.as('jan').press(asks[0]!, 'Potwierdź zwrot')).errorId).toBe('resources.errors.notReturnable');
    expect(shown(ok(await t.as('ewa').command('resource', 'history', { resource: id })))).toContain('Spółdzielnia Kuchnia Razem · zwrócona');

    // The booking joins the two organisations on the collaboration map.
    const report = ok(await t.as('kasia').command('report', 'collaboration'));
    const rows = readCsv(report.attachments?.find((a) => a.filename.includes('mapa-wspolpracy') && a.filename.endsWith('.csv')));
    const column = rows[0]!.indexOf('wspólny sprzęt lub przestrzeń');
    expect(column).toBeGreaterThan(0);
    const pair = rows.find((r) => r.includes(SMAK) && r.includes(KUCHNIA));
    expect(pair?.[column]).toBe('1');
  });

  it('offers the resource on the barter board, whose card leads to booking it', async () => {
    const id = await addResource(t);
    const card = ok(await t.as('jan').command('resource', 'show', { resource: id }));
    expect((await t.as('piotr').action('resource', 'barter', [id])).errorId).toBe('resources.errors.notOwnerPost');
    expect(ok(await t.as('jan').press(card, 'Ogłoś w wymianie')).text).toContain('Ogłoszono w wymianie: Bus 9-osobowy.');
    expect((await t.app.db.dumpTable('BarterPost'))[0]).toMatchObject({ type: 'offer', kind: 'equipment', title: 'Bus 9-osobowy', resourceId: id });
    const posted = t.notifier.channel.filter((c) => c.channel === 'barter').at(-1)!.message;
    expect(posted.buttons?.map((b) => b.label)).toEqual(['Odpowiedz', 'Zarezerwuj']);
    const form = ok(await t.as('ewa').press(posted, 'Zarezerwuj')).form!;
    ok(await t.as('ewa').form(form.id, { resource: id, from: '20.03.2026 08:00', to: '20.03.2026 18:00' }, form.args));
    expect(await bookings(t)).toHaveLength(1);
  });

  it('lets two bookings of one slot race: exactly one wins, the other is refused in Polish', async () => {
    await race(t);
  });

  it('lets bookings race a withdrawal: none is left holding a withdrawn resource', async () => {
    await withdrawalRace(t);
  });
});

describe('withdrawing and changing a shared resource', () => {
  const t = appPerTest(() => castApp(CAST));
  const suggest = (user: string, typed: string) =>
    t.app.dispatcher.dispatch({ platform: 'console', cluster: { externalId: TEST_CLUSTER }, user: { id: user, displayName: user }, kind: 'suggest', command: 'resource', subcommand: 'book', option: 'resource', typed } as Invocation);

  it('withdraws after a confirm step: bookings to come cancelled, each booker told once, the barter post closed, gone from the list, old buttons explained', async () => {
    const id = await addResource(t);
    const owners = ok(await t.as('jan').command('resource', 'show', { resource: id }));
    expect(owners.buttons?.map((b) => b.label)).toEqual(['Zarezerwuj', 'Historia rezerwacji', 'Ogłoś w wymianie', 'Zmień', 'Wycofaj']);
    ok(await t.as('jan').press(owners, 'Ogłoś w wymianie'));
    const posted = t.notifier.channel.filter((c) => c.channel === 'barter').at(-1)!;
    ok(await book(t, 'piotr', id, '10.03.2026 10:00', '10.03.2026 16:00'));
    ok(await book(t, 'ewa', id, '11.03.2026 10:00', '11.03.2026 16:00'));
    ok(await book(t, 'ewa', id, '12.03.2026 10:00', '12.03.2026 16:00'));
    // Someone else's representative is refused; the coordinator may withdraw it too.
    expect((await t.as('piotr').action('resource', 'withdraw', [id])).errorId).toBe('resources.errors.notOwner');
    expect(ok(await t.as('kasia').action('resource', 'withdraw', [id])).buttons?.map((b) => b.label)).toEqual(['Tak, wycofaj', 'Nie wycofuj']);

    const confirm = ok(await t.as('jan').press(owners, 'Wycofaj'));
    expect(confirm.text).toContain('3 nadchodzące rezerwacje zostaną odwołane');
    // Only asked: nothing changed yet.
    expect((await bookings(t)).map((b) => b.status)).toEqual(['confirmed', 'confirmed', 'confirmed']);
    const done = ok(await t.as('jan').press(confirm, 'Tak, wycofaj'));
    expect(done.text).toBe('Wycofano zasób „Bus 9-osobowy”. Odwołano 3 rezerwacje; organizacje, które je złożyły, dostały wiadomość.');
    expect((await bookings(t)).map((b) => b.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect((await t.app.db.dumpTable('SharedResource'))[0]).toMatchObject({ status: 'withdrawn' });

    const toEwa = t.notifier.dmsTo('ewa').filter((m) => m.title === 'Rezerwacje odwołane: Bus 9-osobowy');
    expect(toEwa).toHaveLength(1);
    expect(toEwa[0]!.text).toBe(
      'Zasób „Bus 9-osobowy” (właściciel: organizacja Spółdzielnia Socjalna Smak) został wycofany i nie można go już rezerwować. Wasze rezerwacje tego zasobu zostały odwołane:\n• 11.03.2026, 10:00 – 11.03.2026, 16:00\n• 12.03.2026, 10:00 – 12.03.2026, 16:00',
    );
    expect(t.notifier.dmsTo('piotr').filter((m) => m.title === 'Rezerwacje odwołane: Bus 9-osobowy')).toHaveLength(1);

    // The barter post is closed through the board: its card is updated.
    expect((await t.app.db.dumpTable('BarterPost'))[0]).toMatchObject({ resourceId: id, status: 'withdrawn' });
    const updated = t.notifier.updates.filter((u) => u.ref === posted.ref).at(-1)!.message;
    expect(shown(updated)).toContain('wycofane');
    expect(updated.buttons?.map((b) => b.label) ?? []).not.toContain('Zarezerwuj');

    expect(ok(await t.as('piotr').command('resource', 'list')).text).toContain('Nikt jeszcze nie udostępnił');
    expect((await suggest('piotr', 'Bus')).suggestions).toEqual([]);
    const old = await t.as('piotr').press(posted.message, 'Zarezerwuj');
    expect(old.errorId).toBe('resources.errors.withdrawn');
    expect(old.text).toMatch(/^Ten zasób został wycofany: „Bus 9-osobowy” nie jest już dostępny/);
    expect((await book(t, 'piotr', id, '20.03.2026 10:00', '20.03.2026 16:00')).errorId).toBe('resources.errors.withdrawn');
    expect((await t.as('jan').press(confirm, 'Tak, wycofaj')).errorId).toBe('resources.errors.withdrawn');

    // The history stays readable; the card says it was withdrawn and offers nothing to do.
    expect(shown(ok(await t.as('ewa').command('resource', 'history', { resource: id })))).toContain('Fundacja Transport Pomorze · odwołana');
    const card = ok(await t.as('jan').command('resource', 'show', { resource: id }));
    expect(card.text).toContain('Ten zasób został wycofany');
    expect(card.buttons?.map((b) => b.label)).toEqual(['Historia rezerwacji']);
  });

  it('keeps a booking already running, so its return can be confirmed', async () => {
    const id = await addResource(t);
    ok(await book(t, 'piotr', id, '03.03.2026 10:00', '05.03.2026 16:00'));
    t.clock.set('2026-03-04T09:00:00Z');
    const done = ok(await t.as('jan').action('resource', 'withdrawConfirmed', [id]));
    expect(done.text).toBe('Wycofano zasób „Bus 9-osobowy”.');
    expect((await bookings(t)).map((b) => b.status)).toEqual(['confirmed']);
    expect(t.notifier.dmsTo('piotr').filter((m) => m.title?.startsWith('Rezerwacje odwołane'))).toHaveLength(0);
  });

  it('changes the card from a form filled with what it says now; bookings stay', async () => {
    const id = await addResource(t);
    ok(await book(t, 'piotr', id, '10.03.2026 10:00', '10.03.2026 16:00'));
    expect((await t.as('piotr').action('resource', 'edit', [id])).errorId).toBe('resources.errors.notOwnerEdit');
    const card = ok(await t.as('jan').command('resource', 'show', { resource: id }));
    const form = ok(await t.as('jan').press(card, 'Zmień')).form!;
    expect(form.title).toBe('Zmiana zasobu');
    expect(Object.fromEntries(form.fields.map((f) => [f.name, f.value]))).toEqual({
      resource: id,
      name: 'Bus 9-osobowy',
      kind: 'equipment',
      place: 'Gdańsk',
      approval: 'no',
      description: '',
      rules: 'Zwrot z pełnym bakiem.',
      availability: 'pn–pt 8–18',
    });
    const values = Object.fromEntries(form.fields.map((f) => [f.name, f.value ?? '']));
    const saved = ok(await t.as('jan').form(form.id, { ...values, name: 'Bus 9-osobowy z hakiem', rules: '-', approval: 'yes' }, form.args));
    expect(saved.text).toContain('Zapisano zmiany zasobu „Bus 9-osobowy z hakiem”. Dotychczasowe rezerwacje pozostają bez zmian.');
    expect((await t.app.db.dumpTable('SharedResource'))[0]).toMatchObject({ name: 'Bus 9-osobowy z hakiem', rules: '', availability: 'pn–pt 8–18', approval: true, status: 'active' });
    expect((await bookings(t)).map((b) => b.status)).toEqual(['confirmed']);
    // Approval now asked for: a new booking waits for it.
    expect(ok(await book(t, 'ewa', id, '12.03.2026 10:00', '12.03.2026 16:00')).text).toContain('Wysłano prośbę o rezerwację zasobu „Bus 9-osobowy z hakiem”');
  });
});

describe('shared equipment and spaces on PostgreSQL', () => {
  const castOn = (databaseUrl: string) => castApp(CAST, { databaseUrl });

  it('lets two bookings of one slot race: exactly one wins, the other is refused in Polish', { timeout: 120_000 }, (ctx) => botOnOwnPostgres(ctx, 'pkes_resources', castOn, race));

  it('lets bookings race a withdrawal: none is left holding a withdrawn resource', { timeout: 120_000 }, (ctx) => botOnOwnPostgres(ctx, 'pkes_resources_withdraw', castOn, withdrawalRace));
});

/**
 * Four organisations book while the owner withdraws: the withdrawal claims the resource's row like
 * a booking does, so each booking either lands first and is cancelled with the rest (its booker
 * told) or finds the resource withdrawn; none stays holding it.
 */
async function withdrawalRace(t: TestApp): Promise<void> {
  const id = await addResource(t);
  for (let i = 1; i <= 4; i++) await t.given(`org${i}`, { main: `Spółdzielnia Socjalna nr ${i}` });
  // The withdrawal starts a moment after the bookings, so some of them reach the row first.
  const later = new Promise<void>((resolve) => setTimeout(resolve, 15)).then(() => t.as('jan').action('resource', 'withdrawConfirmed', [id]));
  const [withdrawn, ...replies] = await Promise.all([later, ...Array.from({ length: 4 }, (_, i) => book(t, `org${i + 1}`, id, `1${i}.03.2026 10:00`, `1${i}.03.2026 16:00`))]);
  ok(withdrawn);
  expect(replies.every((r) => !r.errorId || r.errorId === 'resources.errors.withdrawn'), replies.map((r) => r.text).join(' / ')).toBe(true);
  const rows = await bookings(t);
  expect(rows.filter((b) => b.status !== 'cancelled')).toEqual([]);
  const won = replies.filter((r) => !r.errorId).length;
  expect(rows).toHaveLength(won);
  for (let i = 1; i <= 4; i++) {
    const told = t.notifier.dmsTo(`org${i}`).filter((m) => m.title === 'Rezerwacje odwołane: Bus 9-osobowy').length;
    expect(told).toBe(replies[i - 1]!.errorId ? 0 : 1);
  }
}

/**
 * Two members book the same slot at the same moment, then six organisations race for overlapping
 * periods: each booking claims the resource's row first, so exactly one of each race is written.
 */
async function race(t: TestApp): Promise<void> {
  const id = await addResource(t);
  const [a, b] = await Promise.all([book(t, 'piotr', id, '10.03.2026 10:00', '10.03.2026 16:00'), book(t, 'ewa', id, '10.03.2026 10:00', '10.03.2026 16:00')]);
  const won = [a, b].filter((r) => !r.errorId);
  const lost = [a, b].filter((r) => r.errorId);
  expect(won).toHaveLength(1);
  expect(lost.map((r: Reply) => r.errorId)).toEqual(['resources.errors.taken']);
  expect(lost[0]!.text).toContain('Ten termin jest już zajęty');
  expect(await bookings(t)).toHaveLength(1);

  for (let i = 1; i <= 6; i++) await t.given(`org${i}`, { main: `Spółdzielnia Socjalna nr ${i}` });
  const replies = await Promise.all(Array.from({ length: 6 }, (_, i) => book(t, `org${i + 1}`, id, `12.03.2026 ${10 + i}:00`, '12.03.2026 18:00')));
  expect(replies.filter((r) => !r.errorId)).toHaveLength(1);
  expect(replies.filter((r) => r.errorId === 'resources.errors.taken')).toHaveLength(5);
  expect(await bookings(t)).toHaveLength(2);
}
