// One JSON file per language and area (locales/<lang>/<area>.json), so each feature owns its own
// strings. Polish is the source of the key types; the i18n test fails when English lacks a key.
import plCore from '../../locales/pl/core.json' with { type: 'json' };
import enCore from '../../locales/en/core.json' with { type: 'json' };
import plActivity from '../../locales/pl/activity.json' with { type: 'json' };
import enActivity from '../../locales/en/activity.json' with { type: 'json' };
import plMeetings from '../../locales/pl/meetings.json' with { type: 'json' };
import enMeetings from '../../locales/en/meetings.json' with { type: 'json' };
import plConsole from '../../locales/pl/console.json' with { type: 'json' };
import enConsole from '../../locales/en/console.json' with { type: 'json' };
import plMembership from '../../locales/pl/membership.json' with { type: 'json' };
import enMembership from '../../locales/en/membership.json' with { type: 'json' };
import plGroups from '../../locales/pl/groups.json' with { type: 'json' };
import enGroups from '../../locales/en/groups.json' with { type: 'json' };
import plSlack from '../../locales/pl/slack.json' with { type: 'json' };
import enSlack from '../../locales/en/slack.json' with { type: 'json' };
import plDiscord from '../../locales/pl/discord.json' with { type: 'json' };
import enDiscord from '../../locales/en/discord.json' with { type: 'json' };
import plBarter from '../../locales/pl/barter.json' with { type: 'json' };
import enBarter from '../../locales/en/barter.json' with { type: 'json' };
import plPrivacy from '../../locales/pl/privacy.json' with { type: 'json' };
import enPrivacy from '../../locales/en/privacy.json' with { type: 'json' };
import plGovernance from '../../locales/pl/governance.json' with { type: 'json' };
import enGovernance from '../../locales/en/governance.json' with { type: 'json' };
import plModels from '../../locales/pl/models.json' with { type: 'json' };
import enModels from '../../locales/en/models.json' with { type: 'json' };
import plChair from '../../locales/pl/chair.json' with { type: 'json' };
import enChair from '../../locales/en/chair.json' with { type: 'json' };
import plOutcomes from '../../locales/pl/outcomes.json' with { type: 'json' };
import enOutcomes from '../../locales/en/outcomes.json' with { type: 'json' };
import plCalendar from '../../locales/pl/calendar.json' with { type: 'json' };
import enCalendar from '../../locales/en/calendar.json' with { type: 'json' };
import plAssembly from '../../locales/pl/assembly.json' with { type: 'json' };
import enAssembly from '../../locales/en/assembly.json' with { type: 'json' };
import plMarket from '../../locales/pl/market.json' with { type: 'json' };
import enMarket from '../../locales/en/market.json' with { type: 'json' };
import plCatalogue from '../../locales/pl/catalogue.json' with { type: 'json' };
import enCatalogue from '../../locales/en/catalogue.json' with { type: 'json' };

import plSeats from '../../locales/pl/seats.json' with { type: 'json' };
import enSeats from '../../locales/en/seats.json' with { type: 'json' };
import plDatePolls from '../../locales/pl/datePolls.json' with { type: 'json' };
import enDatePolls from '../../locales/en/datePolls.json' with { type: 'json' };
import plEvaluation from '../../locales/pl/evaluation.json' with { type: 'json' };
import enEvaluation from '../../locales/en/evaluation.json' with { type: 'json' };
import plHome from '../../locales/pl/home.json' with { type: 'json' };
import enHome from '../../locales/en/home.json' with { type: 'json' };
import plResources from '../../locales/pl/resources.json' with { type: 'json' };
import enResources from '../../locales/en/resources.json' with { type: 'json' };
import plFees from '../../locales/pl/fees.json' with { type: 'json' };
import enFees from '../../locales/en/fees.json' with { type: 'json' };

export const resources = {
  pl: { core: plCore, activity: plActivity, meetings: plMeetings, console: plConsole, membership: plMembership, groups: plGroups, slack: plSlack, discord: plDiscord, privacy: plPrivacy, barter: plBarter, governance: plGovernance, models: plModels, chair: plChair, outcomes: plOutcomes, calendar: plCalendar, seats: plSeats, datePolls: plDatePolls, assembly: plAssembly, market: plMarket, catalogue: plCatalogue, evaluation: plEvaluation, home: plHome, resources: plResources, fees: plFees },
  en: { core: enCore, activity: enActivity, meetings: enMeetings, console: enConsole, membership: enMembership, groups: enGroups, slack: enSlack, discord: enDiscord, privacy: enPrivacy, barter: enBarter, governance: enGovernance, models: enModels, chair: enChair, outcomes: enOutcomes, calendar: enCalendar, seats: enSeats, datePolls: enDatePolls, assembly: enAssembly, market: enMarket, catalogue: enCatalogue, evaluation: enEvaluation, home: enHome, resources: enResources, fees: enFees },
};

export type Namespaces = (typeof resources)['pl'];
