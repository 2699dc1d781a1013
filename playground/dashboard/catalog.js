// What every view needs to know up front: the places (for pickers) and the
// functional categories with their labels. Refreshed after a document is stored.

import { run } from './api.js';
import { setCategories } from './i18n.js';

export const state = { places: [] };

let loaded = null;

/**
 * Resolves once the places and categories are known; the first call asks
 * the server, so a view can ask for its own data at the same time.
 */
export function ready() {
  if (!loaded) {
    loaded = run('bootstrap').then((data) => {
      state.places = data.places.map((p) => p.name);
      setCategories(data.categories);
    });
    // A failed start is not remembered: the next view asks again.
    loaded.catch(() => {
      loaded = null;
    });
  }
  return loaded;
}

/** Asks again, after the data changed (a document was stored). */
export function refreshCatalog() {
  loaded = null;
  return ready();
}
