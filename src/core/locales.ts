// One JSON file per language and area (locales/<lang>/<area>.json), so each feature owns its own
// strings. Polish is the source of the key types; the i18n test fails when English lacks a key.
import plCore from '../../locales/pl/core.json' with { type: 'json' };
import enCore from '../../locales/en/core.json' with { type: 'json' };
import plConsole from '../../locales/pl/console.json' with { type: 'json' };
import enConsole from '../../locales/en/console.json' with { type: 'json' };

export const resources = {
  pl: { core: plCore, console: plConsole },
  en: { core: enCore, console: enConsole },
};

export type Namespaces = (typeof resources)['pl'];
