import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { cluster, fieldsOf, generalMeeting, latestMotionId, orgOf } from './support.ts';

/** The bots the current test made, closed after it. */
const made: TestApp[] = [];
afterEach(async () => {
  for (const t of made.splice(0)) await t.close();
});

/** A coordinator, two main members and a supporting one (a local government); closed after the test. */
async function clusterWith(model: 'pkes' | 'wm-kes' | 'kpes'): Promise<TestApp> {
  const t = await createTestApp({ start: '2026-03-10T15:00:00Z' });
  made.push(t);
  await t.given('koord', { roles: ['coordinator'] });
  await t.given('jan', { main: 'Spółdzielnia Socjalna Razem' });
  await t.given('piotr', { main: 'Fundacja Horyzont' });
  await t.given('ewa', { supporting: 'Gmina Kolbudy' });
  const applied = await t.as('koord').command('setup', 'model', { model });
  expect(applied.tone, applied.text).toBe('success');
  return t;
}

describe('cluster models: who votes, per the seed agreement the cluster follows', () => {
  it('W-M KES model: the supporting member votes at the Cluster Council and its vote is counted', async () => {
    const t = await clusterWith('wm-kes');
    await generalMeeting(t);
    await t.as('koord').command('motion', 'create', { title: 'Plan działań na 2026', closes: '2026-03-10 19:00' });
    const ballot = await t.as('ewa').command('vote');
    expect(ballot.errorId, ballot.text).toBeUndefined();
    expect(ballot.title).toBe('Plan działań na 2026');
    const receipt = await t.as('ewa').press(ballot, 'Przeciw');
    expect(receipt.title).toBe('Potwierdzenie oddania głosu');
    expect(fieldsOf(receipt)).toMatchObject({ Organizacja: 'Gmina Kolbudy', 'Twój wybór': 'Przeciw' });
    await t.as('jan').press(await t.as('jan').command('vote'), 'Za');

    const motionId = await latestMotionId(t);
    await t.as('koord').command('motion', 'close', { motion: motionId });
    const [row] = (await t.app.db.dumpTable('Motion')).filter((m) => m.id === motionId);
    expect(JSON.parse(String(row!.result))).toMatchObject({ eligible: 3, voted: 2, counts: { yes: 1, no: 1 } });
    const post = t.notifier.channel.filter((p) => p.channel === 'announcements').at(-1)!;
    expect(fieldsOf(post.message)['Frekwencja']).toBe('2 z 3 uprawnionych organizacji (kworum: 2)');
  });

  it('PKES model: the same supporting member is refused, with the reason, and is not on the eligible list', async () => {
    const t = await clusterWith('pkes');
    await generalMeeting(t);
    await t.as('koord').command('motion', 'create', { title: 'Plan działań na 2026', closes: '2026-03-10 19:00' });
    const reply = await t.as('ewa').command('vote');
    expect(reply.errorId).toBe('governance.errors.supporting');
    expect(reply.text).toContain('Członkowie wspierający nie głosują');
    const motionId = await latestMotionId(t);
    const cast = await t.as('ewa').action('vote', 'cast', [motionId, await orgOf(t, 'ewa'), 'n', '0']);
    expect(cast.errorId).toBe('governance.errors.supporting');
    const eligible = (await t.app.db.dumpTable('MotionEligibility')).filter((e) => e.motionId === motionId);
    expect(eligible).toHaveLength(2);
  });

  it('the electorate is fixed at opening: switching the cluster to W-M KES later does not let the supporting member into an open vote', async () => {
    const t = await clusterWith('pkes');
    await generalMeeting(t);
    await t.as('koord').command('motion', 'create', { title: 'Plan działań na 2026', closes: '2026-03-10 19:00' });
    await t.as('koord').command('setup', 'model', { model: 'wm-kes' });
    const motionId = await latestMotionId(t);
    const reply = await t.as('ewa').action('vote', 'cast', [motionId, await orgOf(t, 'ewa'), 'n', '0']);
    expect(reply.errorId).toBe('governance.errors.notEligible');
  });
});

describe('/setup model: says what changed, and the assembly takes the model’s name', () => {
  it('W-M KES lists each changed setting from → to, cites the agreement, and names the Cluster Council in Polish and English', async () => {
    const t = await clusterWith('pkes');
    const reply = await t.as('koord').command('setup', 'model', { model: 'wm-kes' });
    expect(reply.title).toBe('Zastosowano zasady: Warmińsko-Mazurski KES (2014)');
    expect(reply.text).toContain('§3 ust. 2');
    expect(reply.text).toContain('• Kto głosuje na posiedzeniu Rady Klastra: członkowie główni → wszyscy członkowie');
    expect(reply.text).toContain('• Nazwa organu podejmującego decyzje: Walne Spotkanie Sieci → Rada Klastra');
    expect(reply.text).toContain('• Rada Klastra zbiera się co najmniej (razy w roku): 1 → 4');
    expect(reply.text).toContain('• Kto tworzy grupy robocze: tylko Zespół Koordynujący → także na wniosek członków');
    expect(reply.text).toContain('• Wystąpienie wymaga pisemnego wypowiedzenia: Nie → Tak');
    expect(reply.text).toContain('/setup set');
    // Applying it again changes nothing, and says so.
    const again = await t.as('koord').command('setup', 'model', { model: 'wm-kes' });
    expect(again.text).toContain('nic nie zmieniono');

    // Every text naming the assembly follows: here, asking for a motion with no meeting scheduled.
    const none = await t.as('koord').command('motion', 'create', { title: 'Plan', closes: '2026-03-10 19:00' });
    expect(none.text).toContain('Nie ma zaplanowanego posiedzenia Rady Klastra');
    expect(none.text).not.toContain('Walne');
    const english = await t.as('koord', { locale: 'en' }).command('motion', 'create', { title: 'Plan', closes: '2026-03-10 19:00' });
    expect(english.text).toContain('No Cluster Council meeting is scheduled');

    // Every setting stays adjustable: back to the General Meeting by hand.
    await t.as('koord').command('setup', 'set', { key: 'assemblyName', value: 'generalMeeting' });
    const back = await t.as('koord', { locale: 'pl' }).command('motion', 'create', { title: 'Plan', closes: '2026-03-10 19:00' });
    expect(back.text).toContain('Nie ma zaplanowanego Walnego Spotkania Sieci');
    expect((await cluster(t)).settings).toMatchObject({ assemblyName: 'generalMeeting', votingMembers: 'all', groupCreation: 'members' });
  });

  it('PKES model on a W-M KES cluster restores the General Meeting and main-member voting', async () => {
    const t = await clusterWith('wm-kes');
    const reply = await t.as('koord').command('setup', 'model', { model: 'pkes' });
    expect(reply.text).toContain('• Kto głosuje na Walnym Spotkaniu: wszyscy członkowie → członkowie główni');
    expect(reply.text).toContain('• Nazwa organu podejmującego decyzje: Rada Klastra → Walne Spotkanie Sieci');
  });

  it('only the coordinator applies a model', async () => {
    const t = await clusterWith('pkes');
    const reply = await t.as('jan').command('setup', 'model', { model: 'wm-kes' });
    expect(reply.errorId).toBe('core.denied.coordinator');
    expect((await cluster(t)).settings.votingMembers).toBe('main');
  });
});

describe('weighted voting by member category', () => {
  it('counts each organisation with its category weight fixed at opening, and shows the weights in the result and the minutes', async () => {
    const t = await clusterWith('pkes');
    await t.as('koord').command('setup', 'set', { key: 'votingMembers', value: 'weighted' });
    const set = await t.as('koord').command('setup', 'set', { key: 'voteWeights', value: '{"main":3,"supporting":1}' });
    expect(set.text).toContain('członek główny: 3, członek wspierający: 1');
    await generalMeeting(t);
    await t.as('koord').command('motion', 'create', { title: 'Plan działań na 2026', closes: '2026-03-10 19:00' });
    const motionId = await latestMotionId(t);
    // Changed after opening: this motion keeps the weights it opened with.
    await t.as('koord').command('setup', 'set', { key: 'voteWeights', value: '{"main":1,"supporting":5}' });

    await t.as('ewa').press(await t.as('ewa').command('vote'), 'Za');
    await t.as('jan').press(await t.as('jan').command('vote'), 'Przeciw');

    const status = await t.as('koord').command('motion', 'status', { motion: motionId });
    expect(fieldsOf(status)['Frekwencja']).toContain('4 z 7');

    await t.as('koord').command('motion', 'close', { motion: motionId });
    const [row] = (await t.app.db.dumpTable('Motion')).filter((m) => m.id === motionId);
    // main 3 + 3, supporting 1: 7 votes; Razem (3) against, Kolbudy (1) for: rejected.
    expect(JSON.parse(String(row!.result))).toMatchObject({
      eligible: 7,
      voted: 4,
      counts: { yes: 1, no: 3 },
      outcome: 'rejected',
      voteWeights: { main: 3, supporting: 1 },
      organisations: { eligible: 3, voted: 2 },
    });
    const post = t.notifier.channel.filter((p) => p.channel === 'announcements').at(-1)!;
    const fields = fieldsOf(post.message);
    expect(fields['Głosy']).toBe('Za: 1, Przeciw: 3, Wstrzymuję się: 0');
    expect(fields['Frekwencja']).toBe('głosy: 4 z 7 (organizacje: 2 z 3); kworum: 4 gł.');
    expect(fields['Wagi głosów (ustalone przy otwarciu głosowania)']).toBe('członek główny: 3 głosy, członek wspierający: 1 głos');

    const minutes = await t.app.services.minutes.build(await cluster(t), undefined);
    expect(minutes.markdown).toContain('- Wagi głosów (ustalone przy otwarciu głosowania): członek główny: 3 głosy, członek wspierający: 1 głos');
    expect(minutes.markdown).toContain('głosy: 4 z 7 (organizacje: 2 z 3)');
    const csv = minutes.csv.toString('utf8');
    expect(csv).toContain('Spółdzielnia Socjalna Razem (3 głosy)');
    expect(csv).toContain('Gmina Kolbudy (1 głos)');
  });

  it('refuses a secret ballot while the weights differ, saying why', async () => {
    const t = await clusterWith('pkes');
    await t.as('koord').command('setup', 'set', { key: 'votingMembers', value: 'weighted' });
    await t.as('koord').command('setup', 'set', { key: 'voteWeights', value: '{"main":2,"supporting":1}' });
    await generalMeeting(t);
    const reply = await t.as('koord').command('motion', 'create', { title: 'Wybór lidera', closes: '2026-03-10 19:00', secret: true });
    expect(reply.errorId).toBe('models.errors.secretWeighted');
    expect(reply.text).toContain('Głosowanie tajne nie łączy się z różnymi wagami głosów');
  });
});

describe('leaving by notice', () => {
  it('W-M KES model: leaving needs the written notice, which is kept and sent to the coordinator', async () => {
    const t = await clusterWith('wm-kes');
    const bare = await t.as('ewa').command('member', 'withdraw', { confirm: true });
    expect(bare.errorId).toBe('models.errors.writtenNotice');
    expect(bare.text).toContain('pisemnego wypowiedzenia');
    expect((await t.app.db.dumpTable('Member')).find((m) => m.name === 'Gmina Kolbudy')!.status).toBe('active');

    const notice = 'Wypowiadamy porozumienie z dniem 31 marca 2026 r. – uchwała Rady Gminy.';
    const left = await t.as('ewa').command('member', 'withdraw', { confirm: true, note: notice });
    expect(left.tone, left.text).toBe('success');
    const row = (await t.app.db.dumpTable('Member')).find((m) => m.name === 'Gmina Kolbudy')!;
    expect(row).toMatchObject({ status: 'withdrawn', statusNote: notice });
    const told = t.notifier.dmsTo('koord').at(-1)!;
    expect(told.title).toBe('Pisemne wypowiedzenie: organizacja „Gmina Kolbudy”');
    expect(told.text).toContain(notice);
  });

  it('PKES model: a one-sided withdrawal needs no written text', async () => {
    const t = await clusterWith('pkes');
    const left = await t.as('ewa').command('member', 'withdraw', { confirm: true });
    expect(left.tone, left.text).toBe('success');
    expect((await t.app.db.dumpTable('Member')).find((m) => m.name === 'Gmina Kolbudy')!.status).toBe('withdrawn');
  });
});

describe('working groups on members’ request', () => {
  it('W-M KES model: a member requests a group with a coordinator and a deadline; the team approves with the button and the group runs', async () => {
    const t = await clusterWith('wm-kes');
    const asked = await t.as('jan').command('group', 'request', { name: 'Konsorcjum cateringowe', purpose: 'Wspólna oferta na catering dla szkół', coordinator: 'piotr', deadline: '30.06.2026' });
    expect(asked.tone, asked.text).toBe('success');
    expect(asked.text).toContain('Spółdzielnia Socjalna Razem');
    const card = t.notifier.dmsTo('koord').at(-1)!;
    expect(card.title).toBe('Wniosek o utworzenie grupy roboczej „Konsorcjum cateringowe”');
    expect((card.fields ?? []).map((f) => f.value)).toEqual(['Wspólna oferta na catering dla szkół', 'piotr', '30.06.2026']);
    const approved = await t.as('koord').press(card, 'Zatwierdź grupę');
    expect(approved.text).toContain('Grupa robocza „Konsorcjum cateringowe” utworzona');
    const group = (await t.app.db.dumpTable('WorkingGroup')).find((g) => g.name === 'Konsorcjum cateringowe')!;
    expect(group.status).toBe('active');
    const piotr = await t.app.services.people.ensure((await cluster(t)).id, 'piotr', 'piotr');
    expect(group.leaderPersonId).toBe(piotr.id);
    expect(new Date(String(group.endsAt)).toISOString().slice(0, 16)).toBe('2026-06-30T21:59');
    expect(t.notifier.dmsTo('jan').at(-1)!.title).toBe('Grupa robocza „Konsorcjum cateringowe” utworzona');
    // A second press finds it decided.
    expect((await t.as('koord').press(card, 'Odrzuć wniosek')).errorId).toBe('models.groupRequest.errors.decided');
  });

  it('PKES model: the Coordinating Team creates groups, and a member’s request is refused with where to go', async () => {
    const t = await clusterWith('pkes');
    const asked = await t.as('jan').command('group', 'request', { name: 'Konsorcjum cateringowe', purpose: 'Wspólna oferta', coordinator: 'piotr', deadline: '30.06.2026' });
    expect(asked.errorId).toBe('models.groupRequest.errors.disabled');
    expect(await t.app.db.dumpTable('GroupRequest')).toEqual([]);
  });
});
