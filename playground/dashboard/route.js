// Hash addresses: `#/view/arg?key=value`. The address names what is on
// the screen (place, department, filters), so a view can be shared.

export const VIEW_NAMES = ['overview', 'place', 'department', 'compare', 'changes', 'search', 'load'];

/** `#/view/arg?params` → `{ view, arg, params }`. */
export function parseRoute(hash = location.hash) {
  const raw = hash.replace(/^#\/?/, '');
  const [path, query = ''] = raw.split('?');
  const [view = 'overview', arg = null] = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { view: VIEW_NAMES.includes(view) ? view : 'overview', arg, params: new URLSearchParams(query) };
}

/** The address of a view. */
export function href(view, arg = null, params = {}) {
  const query = new URLSearchParams(
    Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  ).toString();
  return `#/${view}${arg ? `/${encodeURIComponent(arg)}` : ''}${query ? `?${query}` : ''}`;
}

/**
 * Records a view's state in the address without leaving the view (no
 * re-render): the address always names what is on the screen.
 */
export function setParams(patch) {
  const route = parseRoute();
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || value === null || value === '') route.params.delete(key);
    else route.params.set(key, value);
  }
  history.replaceState(null, '', href(route.view, route.arg, Object.fromEntries(route.params)));
}
