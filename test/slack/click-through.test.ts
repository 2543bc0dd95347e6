import { describe, expect, it } from 'vitest';
import { translator, type TranslationKey } from '../../src/core/i18n.ts';
import type { ClusterContext } from '../../src/core/actor.ts';
import { buttonLabels, shown } from './client.ts';
import { ANNOUNCE, BARTER, BOT, KOORD, opened, slackWorkspacePerTest } from './workspace.ts';

/**
 * Issue 16, on Slack: each flow starts with one slash command from the manifest; after it, people
 * only press buttons the bot posted, fill the modals it opened and pick what it offered.
 * Everything goes through the signed HTTP receiver; slack.com is the workspace in client.ts.
 */

const pl = translator('pl');
const t = (key: string, params?: Record<string, string | number>) => pl(key as TranslationKey, params);

const w = slackWorkspacePerTest({ coordinator: KOORD, start: '2026-03-02T09:00:00Z', channels: { [ANNOUNCE]: 'ogloszenia', [BOT]: 'bot', [BARTER]: 'wymiana' }, settings: { channels: { announcements: ANNOUNCE, bot: BOT } } });

describe('Slack click-through: one slash command, then only what the bot showed', () => {
  it('an application from the bare /pkes-apply through the four stages to the welcome message', async () => {
    const KASIA = 'U0KASIA';
    w.ws.person(KASIA, { name: 'kasia' });

    // The bare command opens the whole form as a modal.
    const form = opened(await w.ws.slash(KASIA, '/pkes-apply'));
    expect(form.view.callback_id).toBe('pk-form');
    expect(JSON.parse(form.view.private_metadata!)).toMatchObject({ f: 'apply', c: 'C0GENERAL' });
    const submitted = await w.ws.submit(KASIA, form, {
      org_name: 'Spółdzielnia Socjalna Razem',
      legal_form: t('membership.legalForms.social-cooperative'),
      category: t('membership.categories.main'),
      municipality: 'Gdańsk',
      county: 'Gdańsk',
      in_pomorskie: t('core.form.yes'),
      activity: 'Prowadzimy catering dla szkół i firm, zatrudniamy osoby zagrożone wykluczeniem.',
      resources: 'Kuchnia, samochód dostawczy, doświadczenie w obsłudze wydarzeń.',
      motivation: 'Chcemy razem z innymi członkami tworzyć wspólne oferty i rozwijać sprzedaż.',
      contact_name: 'Kasia Nowak',
      contact_email: 'kasia@razem.example',
      accepts_rules: t('core.form.yes'),
      ethics_statement: t('core.form.yes'),
      understands_no_grants: t('core.form.yes'),
    });
    expect(submitted.errors).toBeUndefined();
    expect(submitted.ack).toBeUndefined();
    // The applicant's answer where the form was opened; the coordinator's notice in a DM.
    expect(submitted.calls.find((c) => c.method === 'chat.postEphemeral')?.body).toMatchObject({ channel: 'C0GENERAL', user: KASIA });
    expect(shown(w.ws.last(KASIA, t('membership.apply.submittedTitle'), { channel: 'C0GENERAL' }))).toContain('Spółdzielnia Socjalna Razem');
    const [application] = await w.app.app.db.dumpTable('Application');
    expect(application).toMatchObject({ orgName: 'Spółdzielnia Socjalna Razem', stage: 'submitted', status: 'open', legalForm: 'social-cooperative' });
    const notice = w.ws.last(KOORD, t('membership.notify.newApplicationTitle'), { channel: w.ws.dm(KOORD) });
    expect(notice.via).toBe('chat.postMessage');
    expect(buttonLabels(notice)).toEqual([t('membership.steps.buttons.verify'), t('membership.steps.buttons.show')]);

    // 1. Verify: the checklist opens from the notice.
    const verify = opened(await w.ws.press(KOORD, notice, t('membership.steps.buttons.verify')));
    expect(JSON.parse(verify.view.private_metadata!)).toEqual({ f: 'applications.verify', a: [application!.id], c: w.ws.dm(KOORD) });
    const yes = t('membership.steps.yes');
    const verified = await w.ws.submit(KOORD, verify, { status: yes, values: yes, readiness: yes, synergy: yes, completeness: yes });
    expect(verified.ack).toBeUndefined();
    const verifiedReply = verified.messages.find((m) => m.only === KOORD)!;
    expect(verifiedReply.only).toBe(KOORD);
    expect(buttonLabels(verifiedReply)).toEqual([t('membership.steps.buttons.recommend'), t('membership.steps.buttons.show')]);

    // 2. Recommend, from the answer to the verification.
    const recommend = opened(await w.ws.press(KOORD, verifiedReply, t('membership.steps.buttons.recommend')));
    const recommended = await w.ws.submit(KOORD, recommend, { recommendation: t('membership.recommendations.accept'), note: 'Mocny partner do konsorcjum cateringowego.' });
    const recommendedReply = recommended.messages.at(-1)!;
    expect(buttonLabels(recommendedReply)).toEqual([t('membership.steps.buttons.meeting'), t('membership.steps.buttons.show')]);

    // 3. The introductory meeting: date and time typed in the modal; the applicant is told.
    const meeting = opened(await w.ws.press(KOORD, recommendedReply, t('membership.steps.buttons.meeting')));
    const scheduled = await w.ws.submit(KOORD, meeting, { when: '2026-03-10 10:00', place: 'Gdańsk, ul. Długa 1' });
    expect(scheduled.errors).toBeUndefined();
    const invitation = w.ws.last(KASIA, t('membership.notify.meetingTitle'), { channel: w.ws.dm(KASIA) });
    expect(shown(invitation)).toContain('Gdańsk, ul. Długa 1');
    const scheduledReply = scheduled.messages.find((m) => m.only === KOORD)!;
    // No decision before the meeting is held: only the card.
    expect(buttonLabels(scheduledReply)).toEqual([t('membership.steps.buttons.show')]);

    // 4. After the meeting the card offers the decision.
    w.app.clock.set('2026-03-10T12:00:00Z');
    const card = (await w.ws.press(KOORD, scheduledReply, t('membership.steps.buttons.show'))).messages.at(-1)!;
    expect(card.via).toBe('response_url');
    expect(buttonLabels(card)).toEqual([t('membership.steps.buttons.decide')]);
    const decide = opened(await w.ws.press(KOORD, card, t('membership.steps.buttons.decide')));
    const decided = await w.ws.submit(KOORD, decide, { decision: t('membership.decisions.accepted') });
    expect(decided.errors).toBeUndefined();
    expect(shown(decided.messages.find((m) => m.only === KOORD))).toContain(t('membership.review.decided.accepted', { org: 'Spółdzielnia Socjalna Razem' }));

    // The new member's representative gets the decision and the welcome, each once, in a DM.
    const welcome = w.ws.last(KASIA, t('membership.onboarding.title', { org: 'Spółdzielnia Socjalna Razem' }), { channel: w.ws.dm(KASIA) });
    expect(welcome.via).toBe('chat.postMessage');
    expect(w.ws.messages.filter((m) => m.channel === w.ws.dm(KASIA) && shown(m).includes(t('membership.notify.decisionTitle')))).toHaveLength(1);
    const [member] = await w.app.app.db.dumpTable('Member');
    expect(member).toMatchObject({ name: 'Spółdzielnia Socjalna Razem', status: 'active', category: 'main', applicationId: application!.id });
    expect((await w.app.app.db.dumpTable('Application'))[0]).toMatchObject({ stage: 'decided', status: 'accepted', memberId: member!.id });
    expect(await w.app.app.services.governance.organisationOf(w.cluster.id, (await w.person(KASIA)).id)).toMatchObject({ id: member!.id });
  });
  it('a motion from /pkes-motion create through the voting-opened notice to votes pressed on it, then Close and the result', async () => {
    await w.represents('U0JAN', 'Spółdzielnia Socjalna Razem');
    // Piotr's Slack is in English: his notice and receipt are too.
    await w.represents('U0PIOTR', 'Fundacja Horyzont', 'en-US');
    await w.represents('U0MARTA', 'CIS Wejherowo');
    w.ws.person('U0EWA');
    await w.app.app.services.seeding.representativeOf(w.cluster.id, (await w.person('U0EWA')).id, 'Gmina Kolbudy', 'supporting');
    await w.app.app.services.meetings.schedule(w.cluster, { kind: 'general', startsAt: new Date('2026-03-10T16:00:00Z'), title: 'Walne Spotkanie Sieci 2026', place: 'Gdańsk, ul. Długa 1', agenda: '1. Otwarcie' });

    const created = await w.ws.slash(KOORD, '/pkes-motion create title:"Plan działań na 2026" closes:"2026-03-10 19:00"');
    const card = created.messages.find((m) => m.only === KOORD && m.via === 'response_url')!;
    expect(shown(card)).toContain(t('governance.motion.created', { title: 'Plan działań na 2026' }));
    expect(buttonLabels(card)).toEqual([t('governance.motion.closeButton'), t('outcomes.addButton')]);

    // Voting opened: one post in the announcements channel and one DM per voting representative, with the ballot.
    const ballot = [t('governance.choice.yes'), t('governance.choice.no'), t('governance.choice.abstain')];
    const title = t('governance.opened.title', { title: 'Plan działań na 2026' });
    const posts = created.messages.filter((m) => m.channel === ANNOUNCE);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.via).toBe('chat.postMessage');
    expect(shown(posts[0])).toContain(title);
    expect(buttonLabels(posts[0])).toEqual(ballot);
    for (const user of ['U0JAN', 'U0MARTA']) {
      const dms = created.messages.filter((m) => m.channel === w.ws.dm(user));
      expect(dms, user).toHaveLength(1);
      expect(shown(dms[0]), user).toContain(title);
      expect(buttonLabels(dms[0]), user).toEqual(ballot);
    }
    const en = translator('en');
    const piotrs = created.messages.filter((m) => m.channel === w.ws.dm('U0PIOTR'));
    expect(piotrs).toHaveLength(1);
    expect(shown(piotrs[0])).toContain(en('governance.opened.title', { title: 'Plan działań na 2026' }));
    expect(buttonLabels(piotrs[0])).toEqual([en('governance.choice.yes'), en('governance.choice.no'), en('governance.choice.abstain')]);
    // A supporting member does not vote, so is not told to.
    expect(created.messages.filter((m) => m.channel === w.ws.dm('U0EWA'))).toEqual([]);

    // Pressed on the private notice, and on the channel post (for the presser's own organisation).
    const janVote = await w.ws.press('U0JAN', w.ws.last('U0JAN', title, { channel: w.ws.dm('U0JAN') }), t('governance.choice.yes'));
    const receipt = janVote.messages.find((m) => m.only === 'U0JAN')!;
    expect(shown(receipt)).toContain(t('governance.receipt.title'));
    expect(shown(receipt)).toContain('Spółdzielnia Socjalna Razem');
    const piotrVote = await w.ws.press('U0PIOTR', posts[0]!, t('governance.choice.yes'));
    const piotrReceipt = shown(piotrVote.messages.find((m) => m.only === 'U0PIOTR'));
    expect(piotrReceipt).toContain(en('governance.receipt.title'));
    expect(piotrReceipt).toContain('Fundacja Horyzont');
    await w.ws.press('U0MARTA', w.ws.last('U0MARTA', title, { channel: w.ws.dm('U0MARTA') }), t('governance.choice.no'));
    // The supporting member pressing the post is told why it does not vote; nothing is counted.
    const refused = await w.ws.press('U0EWA', posts[0]!, t('governance.choice.yes'));
    expect(shown(refused.messages.find((m) => m.only === 'U0EWA'))).toContain(t('governance.errors.supporting', { org: 'Gmina Kolbudy' }));
    const votes = await w.app.app.db.dumpTable('OpenVote');
    const orgs = new Map((await w.app.app.db.dumpTable('Member')).map((m) => [m.id, m.name]));
    expect(Object.fromEntries(votes.map((v) => [orgs.get(v.memberId), JSON.parse(String(v.choice))]))).toEqual({
      'Spółdzielnia Socjalna Razem': ['yes'],
      'Fundacja Horyzont': ['yes'],
      'CIS Wejherowo': ['no'],
    });

    // Close, pressed on the card the coordinator got: the result in the reply and in the announcements channel.
    const closed = await w.ws.press(KOORD, card, t('governance.motion.closeButton'));
    const passed = t('governance.outcome.passed');
    expect(shown(closed.messages.find((m) => m.only === KOORD))).toContain(t('governance.motion.closed', { title: 'Plan działań na 2026', outcome: passed }));
    const result = closed.messages.filter((m) => m.channel === ANNOUNCE);
    expect(result).toHaveLength(1);
    expect(shown(result[0])).toContain(passed);
    const [motion] = await w.app.app.db.dumpTable('Motion');
    expect(motion).toMatchObject({ status: 'closed' });
    expect(JSON.parse(String(motion!.result))).toMatchObject({ outcome: 'passed', voted: 3, eligible: 3 });
  });

  it('a poll created by a coordinator, answered by a member from its notice, results shown', async () => {
    await w.represents('U0JAN', 'Spółdzielnia Socjalna Razem');
    await w.represents('U0PIOTR', 'Fundacja Horyzont');

    const created = await w.ws.slash(KOORD, '/pkes-poll create question:"Który termin szkolenia wam pasuje?" choices:"Wtorek; Czwartek; Sobota" deadline:2026-03-09');
    const reply = created.messages.find((m) => m.only === KOORD)!;
    expect(buttonLabels(reply)).toEqual([t('governance.poll.buttons.results'), t('governance.poll.buttons.close')]);
    const answers = ['Wtorek', 'Czwartek', 'Sobota', t('governance.poll.buttons.results')];
    const post = created.messages.find((m) => m.channel === ANNOUNCE)!;
    expect(shown(post)).toContain('Który termin szkolenia wam pasuje?');
    expect(buttonLabels(post)).toEqual(answers);
    const notice = w.ws.last('U0JAN', 'Który termin szkolenia wam pasuje?', { channel: w.ws.dm('U0JAN') });
    expect(buttonLabels(notice)).toEqual(answers);
    expect(created.messages.filter((m) => m.channel === w.ws.dm('U0PIOTR'))).toHaveLength(1);

    // Answered from the DM notice, and by the other member from the channel post.
    const answered = await w.ws.press('U0JAN', notice, 'Czwartek');
    expect(shown(answered.messages.find((m) => m.only === 'U0JAN'))).toContain(t('governance.poll.answered', { choice: 'Czwartek' }));
    await w.ws.press('U0PIOTR', post, 'Czwartek');
    const [poll] = await w.app.app.db.dumpTable('Poll');
    const rows = await w.app.app.db.dumpTable('PollAnswer');
    expect(rows.map((r) => [r.pollId, JSON.parse(String(r.choice))])).toEqual([
      [poll!.id, [1]],
      [poll!.id, [1]],
    ]);

    // The results, from the coordinator's reply: both answers counted.
    const results = (await w.ws.press(KOORD, reply, t('governance.poll.buttons.results'))).messages.find((m) => m.only === KOORD)!;
    expect(shown(results)).toContain(t('governance.poll.resultTitle', { question: 'Który termin szkolenia wam pasuje?' }));
    expect(shown(results)).toMatch(/Czwartek\D*2/);
  });
});

describe('Slack click-through: barter, working groups, meetings and appeals', () => {
  it('a bare admission step command lists the applications waiting for it; the choice opens the step\'s modal', async () => {
    w.ws.person('U0KASIA');
    await w.app.app.services.admission.apply(w.cluster, (await w.person('U0KASIA')).id, {
      orgName: 'Fundacja Horyzont',
      legalForm: 'foundation',
      category: 'main',
      municipality: 'Sopot',
      county: 'Sopot',
      inPomorskie: true,
      activity: 'Prowadzimy warsztaty zawodowe dla młodzieży z pieczy zastępczej.',
      resources: 'Sala szkoleniowa na 30 osób, trenerzy.',
      motivation: 'Szukamy pracodawców ekonomii społecznej dla naszych absolwentów.',
      contactName: 'Kasia Nowak',
      contactEmail: 'kasia@horyzont.example',
      acceptsRules: true,
      ethicsStatement: true,
      understandsNoGrants: true,
    });

    const list = (await w.ws.slash(KOORD, '/pkes-applications verify')).messages.find((m) => m.only === KOORD)!;
    expect(shown(list)).toContain(t('membership.steps.pick.verify'));
    const verify = opened(await w.ws.choose(KOORD, list, 'Fundacja Horyzont'));
    const yes = t('membership.steps.yes');
    const verified = await w.ws.submit(KOORD, verify, { status: yes, values: yes, readiness: yes, synergy: yes, completeness: yes });
    expect(buttonLabels(verified.messages.find((m) => m.only === KOORD))).toEqual([t('membership.steps.buttons.recommend'), t('membership.steps.buttons.show')]);
    expect((await w.app.app.db.dumpTable('Application'))[0]).toMatchObject({ orgName: 'Fundacja Horyzont', stage: 'verified' });
  });

  it('barter: /pkes-barter offer opens the form; another member presses Respond on the card; the owner closes it from the notice', async () => {
    w.cluster = await w.app.app.services.clusters.updateSettings(w.cluster.id, { channels: { ...w.cluster.settings.channels, barter: BARTER } });
    await w.represents('U0JAN', 'Spółdzielnia Socjalna Razem');
    await w.represents('U0PIOTR', 'Fundacja Horyzont');

    const form = opened(await w.ws.slash('U0JAN', '/pkes-barter offer'));
    const posted = await w.ws.submit('U0JAN', form, {
      kind: t('barter.kind.equipment'),
      title: 'Namiot na festyn',
      exchange: t('barter.exchange.free'),
      place: 'Gdańsk',
    });
    expect(posted.errors).toBeUndefined();
    const card = posted.messages.find((m) => m.channel === BARTER)!;
    expect(shown(card)).toContain('Namiot na festyn');
    expect(buttonLabels(card)).toEqual([t('barter.card.respond')]);

    const respond = opened(await w.ws.press('U0PIOTR', card, t('barter.card.respond')));
    // The post is chosen, not typed: already selected, and the options endpoint finds it by its title.
    const post = respond.view.blocks.find((b) => b.block_id === 'id')!;
    expect(post.element?.type).toBe('external_select');
    expect(post.element?.initial_option?.text.text).toMatch(/^Namiot na festyn · /);
    expect(await w.ws.suggest('U0PIOTR', respond, 'id', 'namiot')).toEqual([post.element?.initial_option]);
    const responded = await w.ws.submit('U0PIOTR', respond, { message: 'Pożyczymy go na sobotni festyn w Oliwie.' });
    expect(responded.errors).toBeUndefined();
    const notice = w.ws.last('U0JAN', t('barter.respond.ownerTitle'), { channel: w.ws.dm('U0JAN') });
    expect(shown(notice)).toContain('Pożyczymy go na sobotni festyn w Oliwie.');
    // The card in the channel counts the response (chat.update of the same message).
    expect(responded.calls.some((c) => c.method === 'chat.update' && c.body.channel === BARTER && c.body.ts === card.ts)).toBe(true);

    const closed = await w.ws.press('U0JAN', notice, t('barter.respond.closeWith'));
    expect(shown(closed.messages.find((m) => m.only === 'U0JAN'))).toContain(t('barter.close.done', { title: 'Namiot na festyn', partner: 'Fundacja Horyzont' }));
    const members = new Map((await w.app.app.db.dumpTable('Member')).map((m) => [m.name, m.id]));
    expect((await w.app.app.db.dumpTable('BarterPost'))[0]).toMatchObject({ title: 'Namiot na festyn', status: 'done', partnerMemberId: members.get('Fundacja Horyzont') });
  });

  it('working groups: /pkes-group join offers the groups to choose; the leader approves from the request', async () => {
    await w.represents('U0LIDER', 'CIS Wejherowo');
    await w.represents('U0JAN', 'Spółdzielnia Socjalna Razem');
    const koord = await w.app.app.services.people.actor(w.cluster, { id: KOORD, displayName: 'anna' });
    await w.app.app.services.groups.create(w.cluster, koord, { name: 'Catering', purpose: 'Wspólne oferty cateringowe', leaderPersonId: (await w.person('U0LIDER')).id, requiresApproval: true });

    const list = (await w.ws.slash('U0JAN', '/pkes-group join')).messages.find((m) => m.only === 'U0JAN')!;
    const requested = await w.ws.choose('U0JAN', list, 'Catering');
    expect(shown(requested.messages.find((m) => m.only === 'U0JAN'))).toContain(t('groups.join.requested', { group: 'Catering', org: 'Spółdzielnia Socjalna Razem' }));
    const request = requested.messages.find((m) => m.channel === w.ws.dm('U0LIDER'))!;
    expect(buttonLabels(request)).toEqual([t('groups.buttons.approve'), t('groups.buttons.decline')]);

    const approved = await w.ws.press('U0LIDER', request, t('groups.buttons.approve'));
    // The request is replaced by the decision, so it cannot be pressed twice.
    expect(shown(request)).toContain('Spółdzielnia Socjalna Razem');
    expect(buttonLabels(request)).toEqual([]);
    expect(shown(approved.messages.find((m) => m.channel === w.ws.dm('U0JAN')))).toContain(t('groups.notify.approved', { group: 'Catering' }));
    const rows = await w.app.app.db.dumpTable('GroupMembership');
    const members = new Map((await w.app.app.db.dumpTable('Member')).map((m) => [m.id, m.name]));
    expect(rows.map((r) => [members.get(r.memberId), r.status]).sort()).toEqual([
      ['CIS Wejherowo', 'active'],
      ['Spółdzielnia Socjalna Razem', 'active'],
    ]);
  });

  it('meetings: a scheduled meeting is posted with I will come / I cannot, and a member answers there', async () => {
    await w.represents('U0JAN', 'Spółdzielnia Socjalna Razem');
    const scheduled = await w.ws.slash(KOORD, '/pkes-meeting schedule kind:network date:2026-03-12 time:17:00 place:"Gdańsk, ul. Długa 1"');
    const post = scheduled.messages.find((m) => m.channel === 'C0GENERAL' && !m.only)!;
    expect(buttonLabels(post)).toEqual([t('meetings.attend'), t('meetings.notAttend')]);

    const answered = await w.ws.press('U0JAN', post, t('meetings.attend'));
    const [meeting] = await w.app.app.db.dumpTable('Meeting');
    expect(shown(answered.messages.find((m) => m.only === 'U0JAN'))).toContain(t('meetings.answered.yes', { org: 'Spółdzielnia Socjalna Razem', title: String(meeting!.title) }));
    expect(await w.app.app.db.dumpTable('MeetingResponse')).toMatchObject([{ meetingId: meeting!.id, answer: 'yes' }]);
  });

  it('appeals: /pkes-appeal submit opens the form; the Coordinating Team gets the appeal with Decide, which opens the form; the organisation is told', async () => {
    w.ws.person('U0ZYG');
    await w.app.app.services.seeding.representativeOf(w.cluster.id, (await w.person('U0ZYG')).id, 'Stowarzyszenie Zawieszone', 'main', 'suspended');

    // The appeal's text is long: the bare command opens a form for it.
    const form = opened(await w.ws.slash('U0ZYG', '/pkes-appeal submit'));
    const submitted = await w.ws.submit('U0ZYG', form, { text: 'Zaległe sprawozdanie wysłaliśmy 1 marca, prosimy o przywrócenie.' });
    expect(shown(submitted.messages.find((m) => m.only === 'U0ZYG'))).toContain(t('membership.appeals.submitted', { org: 'Stowarzyszenie Zawieszone' }));
    const notice = submitted.messages.find((m) => m.channel === w.ws.dm(KOORD))!;
    expect(shown(notice)).toContain('Stowarzyszenie Zawieszone');
    const decide = opened(await w.ws.press(KOORD, notice, t('membership.steps.buttons.appeal')));
    const decided = await w.ws.submit(KOORD, decide, { outcome: t('membership.steps.outcomes.upheld'), justification: 'Sprawozdanie dotarło w terminie, zawieszenie było omyłkowe.' });
    expect(decided.errors).toBeUndefined();
    expect(shown(decided.messages.find((m) => m.only === KOORD))).toContain(t('membership.appeals.decided.upheld'));
    expect(decided.messages.some((m) => m.channel === w.ws.dm('U0ZYG'))).toBe(true);
    expect((await w.app.app.db.dumpTable('Member'))[0]).toMatchObject({ name: 'Stowarzyszenie Zawieszone', status: 'active' });
  });
});
