import { defineLeafCommand, HOME_COMMAND } from '../src/core/command.ts';
import { homeCard } from '../src/services/home.ts';

/**
 * `/home` ("what needs me"): everything that waits for this person, each with the button that opens
 * it. Anyone may ask: someone with nothing to do hears so. Slack also shows this reply in the Home tab.
 */
export default defineLeafCommand({
  name: HOME_COMMAND,
  description: 'home.commands.home',
  localizedNames: { pl: 'moje-sprawy' },
  permission: 'anyone',
  async run({ services, cluster, actor, t, format, now, locale }) {
    const items = await services.home.pending(cluster, actor);
    return { ...homeCard(items, { t, locale, date: format.date, dateTime: format.dateTime }, now()), private: true };
  },
});
