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
