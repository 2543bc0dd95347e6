/**
 * Text typed by users is shown in cards the bot posts to shared channels. Mass mentions in it
 * would ping the whole server or workspace through the bot's authority, so they are defused:
 * a zero-width space keeps them readable but stops Discord and Slack from expanding them.
 */
const ZWSP = '\u200b';

export function neutralizeMentions(text: string): string {
  return (
    text
      // Discord: @everyone, @here
      .replace(/@(everyone|here)\b/gi, `@${ZWSP}$1`)
      // Slack: <!channel>, <!here>, <!everyone>, also with a label (<!here|here>), <!subteam^ID|name>
      .replace(/<!(channel|here|everyone)(?:\|[^>]*)?>/gi, `@${ZWSP}$1`)
      .replace(/<!subteam\^[^|>]*\|?([^>]*)>/gi, (_m, name: string) => `@${ZWSP}${name.replace(/^@/, '') || 'group'}`)
      // Discord role mentions: <@&123>
      .replace(/<@&(\d*)>/g, `<@${ZWSP}&$1>`)
  );
}

/**
 * What a member typed, inside a reply the core composed. The reply stays platform-neutral: the
 * text is only marked, and each adapter shows the marked part literally in its own markup
 * (Discord: markdown and masked links escaped; Slack: `& < >` escaped; console: as typed).
 * The marks are private-use characters nobody types; any found in the text itself are dropped.
 */
const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARKS = /[\uE000\uE001]/g;
const MARKED = /\uE000([^\uE000\uE001]*)\uE001/g;

export function userText(value: string): string {
  return `${OPEN}${value.replace(MARKS, '')}${CLOSE}`;
}

/** Marked parts escaped with `escape`, marks removed. */
export function showUserText(text: string, escape: (value: string) => string): string {
  return text.replace(MARKED, (_all, value: string) => escape(value)).replace(MARKS, '');
}

/** A reply with its user text shown for one platform: formatted text escaped, labels (plain text) unmarked. */
export function showUserTextIn<R extends { title?: string; text?: string; fields?: { label: string; value: string; inline?: boolean }[]; buttons?: { label: string }[]; choices?: { placeholder: string; options: { label: string; description?: string }[] } }>(
  reply: R,
  escape: (value: string) => string,
): R {
  const plain = (value: string) => showUserText(value, (v) => v);
  return {
    ...reply,
    ...(reply.title !== undefined ? { title: showUserText(reply.title, escape) } : {}),
    ...(reply.text !== undefined ? { text: showUserText(reply.text, escape) } : {}),
    ...(reply.fields ? { fields: reply.fields.map((f) => ({ ...f, label: showUserText(f.label, escape), value: showUserText(f.value, escape) })) } : {}),
    ...(reply.buttons ? { buttons: reply.buttons.map((b) => ({ ...b, label: plain(b.label) })) } : {}),
    ...(reply.choices
      ? { choices: { ...reply.choices, placeholder: plain(reply.choices.placeholder), options: reply.choices.options.map((o) => ({ ...o, label: plain(o.label), ...(o.description !== undefined ? { description: plain(o.description) } : {}) })) } }
      : {}),
  };
}
