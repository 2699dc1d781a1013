// DOM helpers and the panel every chart sits in: a title, its controls, the
// chart, its numbers as a table one click away (the chart's text
// alternative) and a CSV download of the same numbers.

import { t } from './i18n.js';
import { mountChart } from './charts.js';

/** `h('a', { href: '#/' }, 'text', child)`: an element with properties and children. */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on')) el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key in el && typeof value !== 'string') el[key] = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

let ids = 0;
export function uid(prefix) {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** A labelled form control: `field(label, control)`. */
export function field(label, control) {
  if (!control.id) control.id = uid('f');
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control);
}

/** A `<select>` of `[value, label]` options with `value` selected. */
export function select(options, value, onChange) {
  return h(
    'select',
    { onchange: (e) => onChange(e.target.value) },
    options.map(([v, label]) => h('option', { value: v, selected: String(v) === String(value) }, label)),
  );
}

export function link(href, text) {
  return h('a', { href }, text);
}

export function kpis(items) {
  return h(
    'dl',
    { class: 'kpis' },
    items.map(([label, value]) => h('div', { class: 'kpi' }, h('dt', {}, label), h('dd', {}, value))),
  );
}

/**
 * A table: `columns` are `{ label, value: row => plain value (for CSV),
 * render?: row => node or text, num?: true (right-aligned), nowrap?: true }`.
 */
export function table(columns, rows, { caption } = {}) {
  return h(
    'table',
    {},
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)))),
    h(
      'tbody',
      {},
      rows.map((row) =>
        h(
          'tr',
          {},
          columns.map((c) =>
            h('td', { class: c.num ? 'num' : c.nowrap ? 'nowrap' : null }, c.render ? c.render(row) : c.value(row)),
          ),
        ),
      ),
    ),
  );
}

function csvCell(value) {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 text of the table's plain values, with a BOM so spreadsheets read it as UTF-8. */
export function toCsv(columns, rows) {
  const lines = [columns.map((c) => csvCell(c.label)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.value(row))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * A panel: `{ title, note, controls, csv }`. `update({ option, columns,
 * rows, note, height })` draws the chart (an ECharts option, or none) and
 * fills the table; the table toggle and the CSV button work on those rows.
 */
export function panel({ title, note = '', controls = [], csv, wide = false, tableFirst = false }) {
  const titleId = uid('panel');
  const chartEl = h('div', { class: 'chart', role: 'img', 'aria-label': title });
  const tableWrap = h('div', { class: 'table-wrap', tabindex: '0', 'aria-label': title });
  const noteEl = h('p', { class: 'note' }, note);
  let data = { columns: [], rows: [] };
  let showingTable = tableFirst;
  const toggle = h('button', {
    type: 'button',
    class: 'toggle',
    'aria-pressed': String(showingTable),
    onclick: () => {
      showingTable = !showingTable;
      show();
    },
  });
  const csvButton = h(
    'button',
    { type: 'button', onclick: () => download(csv, toCsv(data.columns, data.rows)) },
    t('downloadCsv'),
  );
  const el = h(
    'section',
    { class: wide ? 'panel wide' : 'panel', 'aria-labelledby': titleId },
    h('header', {}, h('h2', { id: titleId }, title), h('div', { class: 'controls' }, controls, toggle, csvButton)),
    noteEl,
    chartEl,
    tableWrap,
  );
  function show() {
    const hasChart = Boolean(data.option);
    const tableVisible = showingTable || !hasChart;
    chartEl.hidden = tableVisible;
    tableWrap.hidden = !tableVisible;
    toggle.hidden = !hasChart;
    toggle.textContent = tableVisible ? t('showChart') : t('showTable');
    toggle.setAttribute('aria-pressed', String(tableVisible));
    if (!tableVisible) mountChart(chartEl, data.option);
  }
  function update(next) {
    data = next;
    if (next.note !== undefined) noteEl.textContent = next.note;
    chartEl.style.height = `${next.height ?? 360}px`;
    tableWrap.replaceChildren(
      next.rows.length ? table(next.columns, next.rows) : h('p', { class: 'empty' }, t('noData')),
    );
    show();
  }
  return { el, update, chartEl };
}

/** A page heading that takes focus after navigation, for keyboard and screen-reader users. */
export function heading(text, lead) {
  const nodes = [h('h1', { tabindex: '-1' }, text)];
  if (lead) nodes.push(h('p', { class: 'lead' }, lead));
  return nodes;
}

export function errorBox(error, retry) {
  return h(
    'div',
    { class: 'error', role: 'alert' },
    h('strong', {}, t('error')),
    ': ',
    error.message,
    retry ? h('button', { type: 'button', onclick: retry }, t('retry')) : null,
  );
}
