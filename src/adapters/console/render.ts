import { translate, type Locale } from '../../core/i18n.ts';
import type { Reply } from '../../core/reply.ts';
import { showUserTextIn } from '../../core/text.ts';

/** A reply as plain text: title, text, fields, then numbered buttons and choices to `:press`/`:choose`. */
export function renderReply(marked: Reply, locale: Locale): string {
  const reply = showUserTextIn(marked, (value) => value);
  const lines: string[] = [];
  if (reply.title) lines.push(`** ${reply.title} **`);
  if (reply.text) lines.push(mentions(reply.text));
  if (reply.fieldErrors && !reply.text) {
    for (const [field, message] of Object.entries(reply.fieldErrors)) lines.push(`• ${field}: ${message}`);
  }
  for (const field of reply.fields ?? []) lines.push(`${field.label}: ${mentions(field.value)}`);
  const buttons = reply.buttons ?? [];
  if (buttons.length) {
    lines.push(
      buttons
        .map((b, i) => (b.url ? `[${b.label}: ${b.url}]` : `[${i + 1}] ${b.label}${b.disabled ? ' (—)' : ''}`))
        .join('  '),
    );
  }
  if (reply.choices) {
    lines.push(`${reply.choices.placeholder}:`);
    reply.choices.options.forEach((o, i) => lines.push(`  (${i + 1}) ${o.label}${o.description ? ` – ${o.description}` : ''}`));
  }
  for (const file of reply.attachments ?? []) lines.push(`📎 ${file.filename} (${file.data.length} B)`);
  if (reply.private) lines.push(`(${translate(reply.locale ?? locale, 'console.privateNote')})`);
  return lines.join('\n');
}

/** `<@anna>` and `<#ogloszenia>` (the platforms' mentions) read as @anna and #ogloszenia. */
function mentions(text: string): string {
  return text.replace(/<([@#])([^>\s]+)>/g, '$1$2');
}
