// The dashboard: a router over hash URLs (`#/place/江门市?by=SUPPORT`), the
// navigation and the language switch. Every view reads the data through the
// public GraphQL API (api.js) and keeps its state in the URL, so a view can
// be shared by its address.

import { t, language, setLanguage } from './i18n.js';
import { ready } from './catalog.js';
import { parseRoute, href, VIEW_NAMES } from './route.js';
import { disposeCharts } from './charts.js';
import { h, errorBox } from './ui.js';
import * as overview from './views/overview.js';
import * as place from './views/place.js';
import * as department from './views/department.js';
import * as compare from './views/compare.js';
import * as changes from './views/changes.js';
import * as search from './views/search.js';
import * as load from './views/load.js';

const VIEWS = { overview, place, department, compare, changes, search, load };
const NAV_KEYS = {
  overview: 'navOverview',
  place: 'navPlace',
  department: 'navDepartment',
  compare: 'navCompare',
  changes: 'navChanges',
  search: 'navSearch',
  load: 'navLoad',
};

function renderChrome(current) {
  document.title = `dutygraph · ${t('title')}`;
  document.getElementById('skip').textContent = t('skip');
  document.getElementById('playground').textContent = t('playground');
  const langButton = document.getElementById('lang');
  langButton.textContent = t('language');
  langButton.setAttribute('aria-label', t('languageLabel'));
  document.getElementById('nav').setAttribute('aria-label', language() === 'en' ? 'Main' : '主导航');
  document.getElementById('nav').replaceChildren(
    h(
      'ul',
      {},
      VIEW_NAMES.map((view) =>
        h(
          'li',
          {},
          h('a', { href: href(view), 'aria-current': view === current ? 'page' : null }, t(NAV_KEYS[view])),
        ),
      ),
    ),
  );
}

let rendering = 0;

async function render({ focus = true } = {}) {
  const route = parseRoute();
  const ticket = ++rendering;
  renderChrome(route.view);
  disposeCharts();
  const main = document.getElementById('main');
  // Views fill `content` once their data is in; it is in the page from the
  // start so their charts can measure themselves.
  const content = h('div', { class: 'view', 'aria-busy': 'true' }, h('p', { class: 'loading', role: 'status' }, t('loading')));
  main.replaceChildren(content);
  try {
    // The overview asks for its data while the catalog loads; the other
    // views need the places first.
    if (route.view !== 'overview') await ready();
    await VIEWS[route.view].render(content, route, () => ticket === rendering);
    if (ticket !== rendering) return;
    content.removeAttribute('aria-busy');
    if (focus) main.querySelector('h1')?.focus({ preventScroll: true });
  } catch (error) {
    if (ticket !== rendering) return;
    console.warn(error);
    main.replaceChildren(errorBox(error, () => render()));
  }
}

document.getElementById('lang').addEventListener('click', () => {
  setLanguage(language() === 'en' ? 'zh' : 'en');
  render({ focus: false });
});
window.addEventListener('hashchange', () => render());
setLanguage(language());
render({ focus: false });
