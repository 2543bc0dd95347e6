import { describe, expect, it } from 'vitest';
import { translator } from '../../src/core/i18n.ts';
import { recordList, type RecordList } from '../../src/core/record-list.ts';

const t = translator('pl');
const list: RecordList<{ id: string; name: string }> = {
  texts: { title: 'resources.listTitle', empty: 'resources.none', choose: 'resources.choose' },
  show: { command: 'resource', action: 'show' },
  name: (r) => r.name,
  line: (r) => `line ${r.id}`,
};
const records = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${i}`, name: `${'x'.repeat(120)}${i}` }));

describe('recordList', () => {
  it('says there is none, keeping the buttons under it, when there are no records', () => {
    const more = [{ label: 'Wszystkie', action: { command: 'resource', action: 'all' } }];
    expect(recordList({ t }, [], { ...list, buttons: more })).toEqual({ text: t('resources.none'), buttons: more, private: true });
    expect(recordList({ t }, [], list)).toEqual({ text: t('resources.none'), private: true });
  });

  it('lists 20 records as fields and offers 25 to open, each choice named in at most 100 characters', () => {
    const reply = recordList({ t }, records(30), list);
    expect(reply.title).toBe(t('resources.listTitle'));
    expect(reply.fields).toHaveLength(20);
    expect(reply.fields?.[0]).toEqual({ label: records(1)[0]!.name, value: 'line r0' });
    expect(reply.choices?.action).toEqual({ command: 'resource', action: 'show' });
    expect(reply.choices?.options).toHaveLength(25);
    expect(reply.choices?.options.every((o) => o.label.length <= 100)).toBe(true);
    expect(reply.choices?.options[24]?.value).toBe('r24');
  });

  it('labels a field with the marked name where the list gives one, the choice keeping the plain name', () => {
    const reply = recordList({ t }, records(1), { ...list, label: (r) => `*${r.id}*` });
    expect(reply.fields?.[0]?.label).toBe('*r0*');
    expect(reply.choices?.options[0]?.label).toBe(records(1)[0]!.name.slice(0, 100));
  });
});
