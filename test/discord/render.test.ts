import { describe, expect, it } from 'vitest';
import { componentsInGuild, decodeModalId, fromGuild, inGuild, LIMITS, modalValues, renderMessage, renderModal } from '../../src/adapters/discord/render.ts';
import { decodeAction } from '../../src/core/reply.ts';
import type { Form, Reply } from '../../src/core/reply.ts';

const embedChars = (embeds: any[]) =>
  embeds.reduce((n, e) => n + (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.fields ?? []).reduce((m: number, f: any) => m + f.name.length + f.value.length, 0), 0);

describe('Discord rendering of the neutral reply', () => {
  it('continues more than 25 fields in a second embed', () => {
    const reply: Reply = { title: 'Members', fields: Array.from({ length: 30 }, (_, i) => ({ label: `Member ${i}`, value: 'active' })) };
    const { body } = renderMessage(reply, 'pl');
    expect(body.embeds.map((e) => e.fields?.length)).toEqual([25, 5]);
    expect(body.embeds[0]!.title).toBe('Members');
  });

  it('keeps a very long text under 4096 characters an embed and 6000 a message, marking the cut', () => {
    const text = Array.from({ length: 400 }, (_, i) => `Line ${i} ${'x'.repeat(40)}`).join('\n');
    const { body } = renderMessage({ title: 'Report', text, fields: [{ label: 'a', value: 'b'.repeat(2000) }] }, 'en');
    for (const e of body.embeds) expect(e.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedDescription);
    for (const e of body.embeds) for (const f of e.fields ?? []) expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    expect(embedChars(body.embeds)).toBeLessThanOrEqual(LIMITS.embedTotal);
    expect(JSON.stringify(body.embeds)).toContain('(shortened)');
    expect(body.embeds.length).toBeGreaterThan(1);
  });

  it('lays out buttons five to a row, at most five rows with the choice list', () => {
    const buttons = Array.from({ length: 30 }, (_, i) => ({ label: `B${i}`, action: { command: 'x', action: 'y', args: [String(i)] } }));
    const options = Array.from({ length: 30 }, (_, i) => ({ value: `v${i}`, label: `Option ${i} ${'l'.repeat(120)}` }));
    const { body } = renderMessage({ text: 'Pick', buttons, choices: { action: { command: 'x', action: 'pick' }, placeholder: 'Choose', options, maxValues: 40 } }, 'pl');
    expect(body.components).toHaveLength(5);
    const select = body.components[0]!.components[0] as any;
    expect(select.options).toHaveLength(25);
    expect(select.max_values).toBe(25);
    for (const o of select.options) expect(o.label.length).toBeLessThanOrEqual(100);
    expect(body.components.slice(1).map((r) => r.components.length)).toEqual([5, 5, 5, 5]);
  });

  it('never pings everyone, here or a role; only users written as <@id>', () => {
    const { body } = renderMessage({ text: '@everyone @here <@&123456789012345678> hello <@300000000000000003>' }, 'pl');
    expect(body.allowed_mentions).toEqual({ parse: [], users: ['300000000000000003'], replied_user: false });
  });

  it('marks a private reply ephemeral and attaches files', () => {
    const { body, files } = renderMessage({ text: 'Export', private: true, attachments: [{ filename: 'a.csv', contentType: 'text/csv', data: Buffer.from('x') }] }, 'pl');
    expect(body.flags).toBe(64);
    expect(body.attachments).toEqual([{ id: '0', filename: 'a.csv' }]);
    expect(files[0]).toMatchObject({ name: 'a.csv', contentType: 'text/csv' });
  });

  it('fits a form into Discord\'s modal limits without losing the question or the typed value', () => {
    const form: Form = {
      id: 'apply',
      title: 'A very long title of an application form for the cluster',
      submit: { command: 'apply' },
      args: ['rec-1'],
      fields: [
        { name: 'about', label: 'Describe your organisation, its mission and its offer', kind: 'paragraph', required: true, maxLength: 10000, value: 'y'.repeat(5000) },
        { name: 'city', label: 'City', kind: 'choice', required: false, options: Array.from({ length: 30 }, (_, i) => ({ value: `c${i}`, label: `City ${i}` })) },
      ],
    };
    const modal = renderModal(form, 1, 'en') as any;
    expect(modal.title.length).toBeLessThanOrEqual(45);
    expect(decodeModalId(modal.custom_id)).toEqual({ formId: 'apply', step: 1, total: 1, args: ['rec-1'] });
    const [about, city] = modal.components;
    expect(about.label.length).toBeLessThanOrEqual(45);
    expect(about.description).toContain('its mission and its offer');
    expect(about.component.max_length).toBe(4000);
    expect(about.component.value).toHaveLength(4000);
    // Too many choices for a select: a text input that lists the allowed values.
    expect(city.component.type).toBe(4);
    expect(city.component.placeholder.length).toBeLessThanOrEqual(100);
    expect(city.component.placeholder).toMatch(/^One of: c0, c1/);
  });

  it('reads submitted values from Label components and from legacy action rows', () => {
    expect(
      modalValues([
        { type: 18, component: { type: 4, custom_id: 'name', value: 'Wrzos' } },
        { type: 18, component: { type: 3, custom_id: 'category', values: ['main'] } },
        { type: 1, components: [{ type: 4, custom_id: 'city', value: 'Gdynia' }] },
      ]),
    ).toEqual({ name: 'Wrzos', category: 'main', city: 'Gdynia' });
  });

  it('carries the server in the ids of components sent to a DM, where a press arrives without one', () => {
    const guild = '1300000000000000002';
    const { body } = renderMessage({ text: 'Vote', buttons: [{ label: 'Yes', action: { command: 'vote', action: 'cast', args: ['c'.repeat(25), 'm'.repeat(25), 'n', '0'] } }, { label: 'Docs', action: { command: 'x', action: 'y' }, url: 'https://example.org' }] }, 'pl');
    const [yes, link] = componentsInGuild(body.components, guild)[0]!.components as any[];
    // The longest action id a notice carries still fits Discord's 100 characters with the server.
    expect(yes.custom_id.length).toBeLessThanOrEqual(LIMITS.customId);
    const back = fromGuild(yes.custom_id)!;
    expect(back.guildId).toBe(guild);
    expect(decodeAction(back.customId)).toEqual({ command: 'vote', action: 'cast', args: ['c'.repeat(25), 'm'.repeat(25), 'n', '0'] });
    expect(link.custom_id).toBeUndefined();
    expect(fromGuild('pk|vote|cast|1')).toBeUndefined();
    expect(() => inGuild('x'.repeat(90), guild)).toThrow(/too long/);
  });
});
