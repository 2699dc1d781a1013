// What changed between two documents of one place (the API's
// `documentChanges`): tasks kept, dropped and added, and each department's
// lead and support counts before and after with its role changes. The
// address names the place and both documents (`#/changes/韶关市?a=D…&b=D…`).

import { run } from '../api.js';
import { t, dateLabel, formatNumber } from '../i18n.js';
import { barsOption } from '../charts.js';
import { h, heading, kpis, link, panel, select, field, uid } from '../ui.js';
import { href, setParams } from '../route.js';
import { state } from '../catalog.js';

/** Departments drawn as bars; the table keeps them all. */
const CHART_DEPARTMENTS = 20;

/** Dated documents first, by date, then undated ones by title. */
function byDate(x, y) {
  if (x.date && y.date) return x.date.localeCompare(y.date) || x.title.localeCompare(y.title);
  if (x.date || y.date) return x.date ? -1 : 1;
  return x.title.localeCompare(y.title);
}

export async function render(root, route, current) {
  const name = state.places.includes(route.arg) ? route.arg : state.places[0];
  if (name !== route.arg) history.replaceState(null, '', href('changes', name));
  const { documents } = await run('place_documents', { place: name });
  if (!current()) return;
  const docs = [...documents].sort(byDate);
  const ids = docs.map((d) => d.id);
  const pick = (key, fallback) => (ids.includes(route.params.get(key)) ? route.params.get(key) : fallback);
  const a = pick('a', ids[0]);
  const b = pick('b', ids[ids.length - 1]);
  const settings = { all: route.params.get('all') === '1' };
  const { documentChanges: c } = await run('changes', { a, b });
  if (!current()) return;

  const choose = (label, key, value) =>
    field(
      label,
      select(
        docs.map((d) => [d.id, `${dateLabel(d.dateSource)} · ${d.title}`]),
        value,
        (next) => {
          location.hash = href('changes', name, { a: key === 'a' ? next : a, b: key === 'b' ? next : b, all: route.params.get('all') });
        },
      ),
    );
  const all = h('input', {
    type: 'checkbox',
    checked: !settings.all,
    onchange: (e) => {
      settings.all = !e.target.checked;
      setParams({ all: settings.all ? '1' : null });
      drawDepartments();
    },
  });
  const departments = panel({
    title: t('departmentChanges'),
    csv: `${name}-department-changes.csv`,
    wide: true,
    controls: [h('div', { class: 'field check' }, all, h('label', { for: (all.id = uid('changed')) }, t('changedOnly')))],
  });
  const kept = panel({ title: `${t('keptTasks')}（${formatNumber(c.kept.length)}）`, csv: `${name}-kept.csv`, wide: true, tableFirst: true });
  const dropped = panel({ title: `${t('droppedTasks')}（${formatNumber(c.dropped.length)}）`, csv: `${name}-dropped.csv`, tableFirst: true });
  const added = panel({ title: `${t('addedTasks')}（${formatNumber(c.added.length)}）`, csv: `${name}-added.csv`, tableFirst: true });
  const changed = c.departments.filter((d) => d.changed);

  root.replaceChildren(
    ...heading(t('changesTitle'), t('changesLead')),
    h(
      'div',
      { class: 'toolbar' },
      field(
        t('choosePlace'),
        select(
          state.places.map((n) => [n, n]),
          name,
          (next) => {
            location.hash = href('changes', next);
          },
        ),
      ),
      choose(t('documentA'), 'a', a),
      choose(t('documentB'), 'b', b),
    ),
    ...(docs.length < 2 ? [h('p', { class: 'note' }, t('onlyOneDocument'))] : []),
    kpis([
      [t('kept'), formatNumber(c.kept.length)],
      [t('dropped'), formatNumber(c.dropped.length)],
      [t('added'), formatNumber(c.added.length)],
      [t('changedDepartments'), formatNumber(changed.length)],
    ]),
    h('div', { class: 'grid' }, departments.el, dropped.el, added.el, kept.el),
  );

  const deptLink = (d) => (d.department ? link(href('department', d.department.id), d.department.name) : '');
  const role = (r) => (r ? t(r) : t('none'));
  const roleChange = (r) => `${r.a?.number ?? '?'}→${r.b?.number ?? '?'}: ${role(r.before)} → ${role(r.after)}`;
  function drawDepartments() {
    const rows = settings.all ? c.departments : changed;
    const bars = [...rows]
      .sort((x, y) => delta(y) - delta(x))
      .slice(0, CHART_DEPARTMENTS);
    departments.update({
      option: bars.length
        ? barsOption({
            labels: bars.map((d) => d.department?.name ?? ''),
            series: [
              { name: t('leadBefore'), color: '#9bb7de', data: bars.map((d) => d.leadBefore) },
              { name: t('leadAfter'), color: '#3b6fb6', data: bars.map((d) => d.leadAfter) },
              { name: t('supportBefore'), color: '#f0c48a', data: bars.map((d) => d.supportBefore) },
              { name: t('supportAfter'), color: '#d9822b', data: bars.map((d) => d.supportAfter) },
            ],
          })
        : null,
      height: Math.max(220, 56 * bars.length + 40),
      note: `${described(c.a)} → ${described(c.b)}`,
      columns: [
        { label: t('department'), value: (d) => d.department?.name ?? '', render: deptLink },
        { label: t('leadBefore'), value: (d) => d.leadBefore, num: true },
        { label: t('leadAfter'), value: (d) => d.leadAfter, num: true },
        { label: t('supportBefore'), value: (d) => d.supportBefore, num: true },
        { label: t('supportAfter'), value: (d) => d.supportAfter, num: true },
        { label: t('roleChanges'), value: (d) => d.roleChanges.map(roleChange).join('；') },
      ],
      rows,
    });
  }
  const leads = (task) => task.leads.map((l) => l.department?.name).filter(Boolean).join('、');
  const taskColumns = [
    { label: t('number'), value: (task) => task.number ?? '', nowrap: true },
    { label: t('task'), value: (task) => task.text },
    { label: t('deadline'), value: (task) => task.deadline ?? '' },
    { label: t('leads'), value: leads },
  ];
  drawDepartments();
  dropped.update({ option: null, columns: taskColumns, rows: c.dropped });
  added.update({ option: null, columns: taskColumns, rows: c.added });
  kept.update({
    option: null,
    columns: [
      { label: t('numberA'), value: (p) => p.a?.number ?? '', nowrap: true },
      { label: t('taskA'), value: (p) => p.a?.text ?? '' },
      { label: t('numberB'), value: (p) => p.b?.number ?? '', nowrap: true },
      { label: t('taskB'), value: (p) => p.b?.text ?? '' },
      { label: t('similarity'), value: (p) => p.score.toFixed(2), num: true },
    ],
    rows: c.kept,
  });
}

function described(document) {
  return document ? `${document.title}（${document.date ?? t('undated')}）` : '';
}

/** How much a department's counts moved, to draw the biggest movers first. */
function delta(d) {
  return (
    Math.abs(d.leadAfter - d.leadBefore) + Math.abs(d.supportAfter - d.supportBefore) + d.roleChanges.length
  );
}
