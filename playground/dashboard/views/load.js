// Loading a document: paste text or pick a file, preview what the reader
// makes of it (`extractDocument`, which stores nothing), then store it
// (`ingestDocument`, behind the write token). The token stays in this tab.

import { run, runWithFile } from '../api.js';
import { t, categoryLabel, formatNumber, sourceLabel } from '../i18n.js';
import { h, heading, link, table, uid, errorBox } from '../ui.js';
import { href } from '../route.js';
import { state, refreshCatalog } from '../catalog.js';

const TOKEN = 'dutygraph.dashboard.token';

function remembered() {
  try {
    return sessionStorage.getItem(TOKEN) ?? '';
  } catch {
    return '';
  }
}

export async function render(root) {
  const input = (props) => h('input', { id: uid('load'), ...props });
  const token = input({ type: 'password', name: 'token', autocomplete: 'off', value: remembered() });
  const place = input({ type: 'text', name: 'place', list: 'known-places' });
  const title = input({ type: 'text', name: 'title' });
  const text = h('textarea', { id: uid('load'), name: 'text', rows: '10', spellcheck: 'false' });
  const file = input({ type: 'file', name: 'file', accept: '.txt,.csv,.md,.docx,.xlsx,.xls,.ods,.html,.htm,.pdf' });
  const previewButton = h('button', { type: 'submit', class: 'primary' }, t('preview'));
  const storeButton = h('button', { type: 'button', disabled: true, onclick: () => store() }, t('store'));
  const status = h('div', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const result = h('div', { class: 'preview' });
  const labelled = (label, control, help) =>
    h('div', { class: 'field' }, h('label', { for: control.id }, label), control, help ? h('small', {}, help) : null);

  const form = h(
    'form',
    {
      class: 'load-form panel wide',
      onsubmit: (e) => {
        e.preventDefault();
        preview();
      },
    },
    labelled(t('token'), token, t('tokenHelp')),
    h('div', { class: 'row' }, labelled(t('placeOptional'), place), labelled(t('titleOptional'), title)),
    labelled(t('pasteText'), text),
    labelled(t('orFile'), file),
    h('datalist', { id: 'known-places' }, state.places.map((p) => h('option', { value: p }))),
    h('div', { class: 'actions' }, previewButton, storeButton),
    status,
  );
  root.replaceChildren(...heading(t('loadTitle'), t('loadLead')), form, result);

  token.addEventListener('change', () => {
    try {
      sessionStorage.setItem(TOKEN, token.value);
    } catch {
      // Storage refused: the token lasts as long as the page.
    }
  });
  // A new input invalidates the preview: store only what was previewed.
  for (const control of [text, file, place, title]) {
    control.addEventListener('input', () => {
      storeButton.disabled = true;
    });
  }

  function variables() {
    return {
      text: file.files.length ? null : text.value,
      place: place.value.trim() || null,
      title: title.value.trim() || null,
      sourceName: file.files.length ? file.files[0].name : 'pasted text',
    };
  }

  function send(name, options = {}) {
    const vars = variables();
    if (file.files.length) return runWithFile(name, vars, file.files[0], options);
    return run(name, vars, options);
  }

  function needsToken() {
    if (token.value) return false;
    status.replaceChildren(t('needToken'));
    token.focus();
    return true;
  }

  async function preview() {
    storeButton.disabled = true;
    if (!file.files.length && !text.value.trim()) {
      status.replaceChildren(t('needInput'));
      return;
    }
    if (needsToken()) return;
    status.replaceChildren(t('loading'));
    try {
      const { extractDocument: p } = await send('extract', { token: token.value });
      status.replaceChildren();
      showPreview(p);
      storeButton.disabled = !p.storable;
    } catch (error) {
      status.replaceChildren(errorBox(error));
    }
  }

  async function store() {
    if (needsToken()) return;
    storeButton.disabled = true;
    status.replaceChildren(t('loading'));
    try {
      const { ingestDocument: r } = await send('ingest', { token: token.value });
      await refreshCatalog();
      status.replaceChildren(
        h(
          'p',
          { class: 'ok' },
          r.created ? t('stored', { place: r.place, title: r.title, tasks: formatNumber(r.tasks) }) : t('storedSame'),
          ' ',
          link(href('place', r.place), r.place),
          ' · ',
          link(href('overview'), t('viewOverview')),
        ),
      );
    } catch (error) {
      storeButton.disabled = false;
      status.replaceChildren(errorBox(error));
    }
  }

  function showPreview(p) {
    const byLine = new Map();
    for (const d of p.diagnostics) {
      if (!byLine.has(d.line)) byLine.set(d.line, []);
      byLine.get(d.line).push(d);
    }
    const taskAt = new Map(p.tasks.map((task) => [task.sourceLine, task]));
    const finding = (d) =>
      h(
        'li',
        { class: `finding ${d.severity.toLowerCase()}` },
        h('strong', {}, t(d.severity)),
        ` ${d.code}: ${d.message}`,
      );
    const lines = h(
      'ol',
      { class: 'lines' },
      p.lines.map((line, i) => {
        const n = i + 1;
        const findings = byLine.get(n) ?? [];
        const task = taskAt.get(n);
        return h(
          'li',
          { value: String(n), class: findings.length ? 'flagged' : null },
          h('code', {}, line || ' '),
          task ? h('span', { class: 'badge' }, `${t('task')} ${task.number ?? task.position}`) : null,
          findings.length ? h('ul', { class: 'findings' }, findings.map(finding)) : null,
        );
      }),
    );
    const general = byLine.get(0) ?? [];
    const units = (task) =>
      task.units.map((u) =>
        h(
          'span',
          { class: `unit ${u.role.toLowerCase()}${u.known ? '' : ' unknown'}`, title: categoryLabel(u.category) },
          `${u.name}${u.role === 'LEAD' && u.rank === 1 ? ' ★' : ''}`,
        ),
      );
    result.replaceChildren(
      h(
        'section',
        { class: 'panel wide', 'aria-label': t('previewTitle') },
        h('header', {}, h('h2', {}, t('previewTitle'))),
        h(
          'dl',
          { class: 'facts' },
          h('dt', {}, t('place')),
          h('dd', {}, p.place ?? t('noPlace')),
          h('dt', {}, t('titleCol')),
          h('dd', {}, p.title),
          h('dt', {}, t('format')),
          h('dd', {}, p.format),
          h('dt', {}, t('tasks')),
          h('dd', { 'data-testid': 'preview-tasks' }, formatNumber(p.tasks.length)),
          h('dt', {}, t('diagnostics')),
          h('dd', {}, formatNumber(p.diagnostics.length)),
        ),
        h('p', { class: p.storable ? 'ok' : 'bad' }, p.storable ? t('storable') : t('notStorable')),
        p.alreadyStored ? h('p', { class: 'note' }, t('alreadyStored')) : null,
        general.length ? h('ul', { class: 'findings' }, general.map(finding)) : null,
      ),
      h(
        'section',
        { class: 'panel wide', 'aria-label': t('tasks') },
        h('header', {}, h('h2', {}, `${t('tasks')} (${formatNumber(p.tasks.length)})`)),
        h(
          'div',
          { class: 'table-wrap' },
          table(
            [
              { label: t('number'), value: (x) => x.number ?? '', nowrap: true },
              { label: t('task'), value: (x) => x.text },
              { label: t('units'), value: (x) => x.units.map((u) => u.name).join('、'), render: units },
              { label: t('deadline'), value: (x) => x.deadline ?? '' },
              { label: t('milestones'), value: (x) => x.milestones.map((m) => m.date).join(' ') },
              { label: t('line'), value: (x) => sourceLabel(x.source.label), nowrap: true },
            ],
            p.tasks,
          ),
        ),
      ),
      h(
        'section',
        { class: 'panel wide', 'aria-label': t('lines') },
        h('header', {}, h('h2', {}, t('lines'))),
        p.diagnostics.length ? null : h('p', { class: 'note' }, t('noDiagnostics')),
        h('div', { class: 'lines-wrap', tabindex: '0' }, lines),
      ),
    );
  }
}
