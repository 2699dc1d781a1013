// What every view needs to know up front: the places (for pickers) and the
// functional categories with their labels. Refreshed after a document is stored.

import { run } from './api.js';
import { setCategories } from './i18n.js';

export const state = { places: [] };

export async function refreshCatalog() {
  const data = await run('bootstrap');
  state.places = data.places.map((p) => p.name);
  setCategories(data.categories);
}
