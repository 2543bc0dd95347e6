import { translate, type Locale } from '../../core/i18n.ts';
import type { Reply } from '../../core/reply.ts';
import { showUserTextIn } from '../../core/text.ts';

/**
 * A reply as plain text: title, text, fields, then numbered buttons and choices to `:press`/`:choose`.
 * Given the message's number, buttons read `[3.1]` and options `(3.1)`, so any printed message can be addressed.
 */
export function renderReply(marked: Reply, locale: Locale, number?: number): string {
  const reply = showUserTextIn(marked, (value) => value);
  const lines: string[] = [];
  if (reply.title) lines.push(`** ${reply.title} **`);
  if (reply.text) lines.push(mentions(reply.text));
  if (reply.fieldErrors && !reply.text) {
    for (const [field, message] of Object.entries(reply.fieldErrors)) lines.push(`• ${field}: ${message}`);
  }
  for (const field of reply.fields ?? []) lines.push(`${field.label}: ${mentions(field.value)}`);
  const ref = (i: number) => (number !== undefined ? `${number}.${i + 1}` : `${i + 1}`);
  const buttons = reply.buttons ?? [];
  if (buttons.length) {
    // Link buttons open an address and take no number: numbers count the buttons one can press.
    let pressable = 0;
    lines.push(
      buttons
        .map((b) => (b.url ? `[${b.label}: ${b.url}]` : `[${ref(pressable++)}] ${b.label}${b.disabled ? ' (—)' : ''}`))
        .join('  '),
    );
  }
  if (reply.choices) {
    lines.push(`${reply.choices.placeholder}:`);
    reply.choices.options.forEach((o, i) => lines.push(`  (${ref(i)}) ${o.label}${o.description ? ` – ${o.description}` : ''}`));
  }
  for (const file of reply.attachments ?? []) lines.push(`📎 ${file.filename} (${file.data.length} B)`);
  if (reply.private) lines.push(`(${translate(reply.locale ?? locale, 'console.privateNote')})`);
  return lines.join('\n');
}

/** `<@anna>` and `<#ogloszenia>` (the platforms' mentions) read as @anna and #ogloszenia. */
function mentions(text: string): string {
  return text.replace(/<([@#])([^>\s]+)>/g, '$1$2');
}
