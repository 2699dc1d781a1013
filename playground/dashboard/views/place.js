// A place: its departments ranked, the co-assignment network, the overlap
// heat map of its busiest departments and its milestones over time. Every
// control writes its value into the address (`setParams`).

import { run } from '../api.js';
import { t, categoryLabel, formatNumber, formatPercent } from '../i18n.js';
import { barsOption, columnsOption, heatmapOption, networkOption, categoryColor } from '../charts.js';
import { h, heading, kpis, link, panel, select, field, table, uid } from '../ui.js';
import { href, setParams } from '../route.js';
import { state } from '../catalog.js';

const RANK_BY = ['PRIMARY_LEAD', 'ANY_LEAD', 'SUPPORT', 'TOTAL'];
const RANKING_BARS = 20;
const OVERLAP_TOP = 12;
/** Most nodes drawn: more is no longer legible, and costs the browser. */
export const NETWORK_TOP = 150;
const LAST_PLACE = 'dutygraph.dashboard.place';

function today() {
  return new Date().toISOString().slice(0, 10);
}

export async function render(root, route, current) {
  let name = route.arg;
  if (!name) {
    let remembered = null;
    try {
      remembered = sessionStorage.getItem(LAST_PLACE);
    } catch {
      // Storage refused: start from the first place.
    }
    name = state.places.includes(remembered) ? remembered : state.places[0];
    history.replaceState(null, '', href('place', name));
  }
  try {
    sessionStorage.setItem(LAST_PLACE, name);
  } catch {
    // Storage refused: the nav link then opens the first place.
  }
  const p = route.params;
  const settings = {
    by: RANK_BY.includes(p.get('by')) ? p.get('by') : 'PRIMARY_LEAD',
    scope: p.get('scope') === 'all' ? 'all' : 'place',
    merge: p.has('merge') ? p.get('merge') === '1' : p.get('scope') === 'all',
    min: Math.max(1, Number.parseInt(p.get('min') ?? '1', 10) || 1),
    size: p.get('size') === 'load' ? 'load' : 'tasks',
    metric: p.get('metric') === 'jaccard' ? 'jaccard' : 'shared',
    gran: ['MONTH', 'QUARTER', 'YEAR'].includes(p.get('gran')) ? p.get('gran') : 'QUARTER',
    asOf: /^\d{4}-\d{2}-\d{2}$/.test(p.get('asOf') ?? '') ? p.get('asOf') : today(),
    // The documents counted: those in force on this day; none = every document.
    inForce: /^\d{4}-\d{2}-\d{2}$/.test(p.get('inForce') ?? '') ? p.get('inForce') : null,
  };
  const inForce = h('input', {
    type: 'date',
    value: settings.inForce ?? '',
    onchange: (e) => {
      settings.inForce = e.target.value || null;
      setParams({ inForce: settings.inForce });
      drawRanking();
      drawNetwork();
    },
  });
  // Back to every document (an empty date), for browsers whose date input has no clear button.
  const allDocuments = h(
    'button',
    {
      type: 'button',
      hidden: !settings.inForce,
      onclick: () => {
        inForce.value = '';
        inForce.dispatchEvent(new Event('change'));
      },
    },
    t('allDocuments'),
  );

  const ranking = panel({
    title: t('ranking'),
    csv: `${name}-ranking.csv`,
    controls: [
      field(
        t('rankBy'),
        select(
          RANK_BY.map((b) => [b, t(b)]),
          settings.by,
          (by) => {
            settings.by = by;
            setParams({ by });
            drawRanking();
          },
        ),
      ),
    ],
  });
  const networkControls = networkForm(settings, () => drawNetwork());
  const network = panel({ title: t('network'), csv: `${name}-network.csv`, wide: true, controls: networkControls });
  const overlap = panel({
    title: t('overlap'),
    note: t('overlapNote'),
    csv: `${name}-overlap.csv`,
    controls: [
      field(
        t('metric'),
        select(
          [
            ['shared', t('sharedTasks')],
            ['jaccard', t('jaccard')],
          ],
          settings.metric,
          (metric) => {
            settings.metric = metric;
            setParams({ metric });
            drawOverlap();
          },
        ),
      ),
    ],
  });
  const timelineControls = timelineForm(settings, () => drawTimeline());
  const timeline = panel({ title: t('timeline'), csv: `${name}-milestones.csv`, controls: timelineControls });
  const overdue = h('section', { class: 'panel wide', 'aria-live': 'polite' });

  const first = await run('place', { place: name, by: settings.by, top: OVERLAP_TOP, asOf: settings.inForce });
  if (!current()) return;
  const info = first.place;
  root.replaceChildren(
    ...heading(info.name, t('placeLead')),
    h(
      'div',
      { class: 'toolbar' },
      field(
        t('choosePlace'),
        select(
          state.places.map((n) => [n, n]),
          info.name,
          (next) => {
            location.hash = href('place', next);
          },
        ),
      ),
      field(t('inForce'), inForce),
      allDocuments,
    ),
    kpis([
      [t('documents'), formatNumber(info.documentCount)],
      [t('departments'), formatNumber(info.departmentCount)],
      [t('tasks'), formatNumber(info.taskCount)],
      [t('milestones'), formatNumber(info.milestoneCount)],
    ]),
    h('div', { class: 'grid' }, ranking.el, overlap.el, network.el, timeline.el, overdue),
  );

  let rankingBars = [];
  let overlapData = first.overlapMatrix;
  ranking.chartEl.addEventListener('chartclick', (event) => {
    const entry = rankingBars[event.detail.dataIndex];
    if (entry?.department) location.hash = href('department', entry.department.id);
  });
  showRanking(first.rankings[0]);
  showOverlap(first.overlapMatrix);
  await Promise.all([drawNetwork(), drawTimeline()]);

  async function drawRanking() {
    allDocuments.hidden = !settings.inForce;
    const data = await run('place', { place: name, by: settings.by, top: OVERLAP_TOP, asOf: settings.inForce });
    showRanking(data.rankings[0]);
  }

  function showRanking(r) {
    const entries = r.entries.filter((e) => e.count > 0);
    const bars = entries.slice(0, RANKING_BARS);
    const notes = [`${t(settings.by)} · ${t('tasks')}: ${formatNumber(r.totalTasks)}`];
    if (settings.inForce) notes.push(t('inForceNote', { date: settings.inForce }));
    const deptLink = (e) => (e.department ? link(href('department', e.department.id), e.label) : e.label);
    ranking.update({
      option: barsOption({
        labels: bars.map((e) => e.label),
        series: [{ name: t(settings.by), data: bars.map((e) => e.count) }],
        colors: bars.map((e) => categoryColor(e.category)),
      }),
      height: Math.max(220, 24 * bars.length + 24),
      note: notes.join(' '),
      columns: [
        { label: t('rank'), value: (e) => e.rank, num: true },
        { label: t('department'), value: (e) => e.label, render: deptLink },
        { label: t('category'), value: (e) => categoryLabel(e.category) },
        { label: t('primaryLead'), value: (e) => e.primaryLead, num: true },
        { label: t('lead'), value: (e) => e.lead, num: true },
        { label: t('support'), value: (e) => e.support, num: true },
        { label: t('total'), value: (e) => e.total, num: true },
        { label: t('share'), value: (e) => formatPercent(e.share), num: true },
      ],
      rows: entries,
    });
    rankingBars = bars;
  }

  function drawOverlap() {
    showOverlap(overlapData);
  }

  function showOverlap(m) {
    overlapData = m;
    const values = settings.metric === 'jaccard' ? m.jaccard : m.shared;
    overlap.update({
      option: m.labels.length
        ? heatmapOption({ rows: m.labels, columns: m.labels, values, digits: settings.metric === 'jaccard' ? 2 : 0 })
        : null,
      height: 200 + 26 * m.labels.length,
      columns: [
        { label: t('department'), value: (row) => row.label },
        ...m.labels.map((label, i) => ({
          label,
          value: (row) => (settings.metric === 'jaccard' ? row.values[i].toFixed(3) : row.values[i]),
          num: true,
        })),
      ],
      rows: m.labels.map((label, i) => ({ label, values: values[i] })),
    });
  }

  async function drawNetwork() {
    const places = settings.scope === 'all' ? null : [name];
    const data = await run('network', {
      places,
      merge: settings.merge,
      minWeight: settings.min,
      top: NETWORK_TOP,
      asOf: settings.inForce,
    });
    const n = data.network;
    const byId = new Map(n.nodes.map((node) => [node.id, node]));
    const merged = n.mergedByCategory;
    const label = (node) => (merged ? categoryLabel(node.category) : node.label);
    const sizeOf = (node) => (settings.size === 'load' ? node.load : node.tasks);
    const categories = [...new Set(n.nodes.map((node) => node.category))];
    const notes = [merged ? t('networkNoteMerged') : t('networkNote')];
    if (settings.inForce) notes.push(t('inForceNote', { date: settings.inForce }));
    if (n.summary.nodes > n.nodes.length) notes.push(t('networkTop', { n: n.nodes.length, total: formatNumber(n.summary.nodes) }));
    notes.push(
      `${t('nodes')} ${formatNumber(n.summary.nodes)} · ${t('edges')} ${formatNumber(n.summary.edges)} · ${t('density')} ${n.summary.density.toFixed(3)} · ${t('components')} ${n.summary.components}`,
    );
    const edges = [...n.edges].sort((a, b) => b.weight - a.weight);
    network.update({
      option: n.nodes.length
        ? networkOption({
            nodes: n.nodes.map((node) => ({
              id: node.id,
              name: label(node),
              category: node.category,
              size: sizeOf(node),
              valueText: `${t('tasks')} ${node.tasks} · ${t('lead')} ${node.lead} · ${t('support')} ${node.support} · ${t('load')} ${node.load}`,
              department: merged ? null : node.id,
            })),
            links: n.edges.map((e) => ({
              ...e,
              sourceLabel: label(byId.get(e.source)),
              targetLabel: label(byId.get(e.target)),
            })),
            categories,
            labelOf: categoryLabel,
          })
        : null,
      height: n.nodes.length > 60 ? 680 : 560,
      note: notes.join(' '),
      columns: [
        { label: t('source'), value: (e) => label(byId.get(e.source)) },
        { label: t('target'), value: (e) => label(byId.get(e.target)) },
        { label: t('weight'), value: (e) => e.weight, num: true },
      ],
      rows: edges,
    });
    network.chartEl.dataset.nodes = String(n.nodes.length);
    network.chartEl.dataset.totalNodes = String(n.summary.nodes);
  }

  network.chartEl.addEventListener('chartclick', (event) => {
    const department = event.detail.dataType === 'node' ? event.detail.data.department : null;
    if (department) location.hash = href('department', department);
  });

  async function drawTimeline() {
    const data = await run('timeline', { place: name, granularity: settings.gran, asOf: settings.asOf });
    const buckets = data.milestoneHistogram;
    const isDue = (b) => b.end < settings.asOf;
    timeline.update({
      option: buckets.length
        ? columnsOption({
            labels: buckets.map((b) => b.period),
            series: [
              { name: t('overdue'), color: '#c9434f', data: buckets.map((b) => (isDue(b) ? b.milestones : 0)) },
              { name: t('upcoming'), color: '#3b6fb6', data: buckets.map((b) => (isDue(b) ? 0 : b.milestones)) },
            ],
            stack: true,
          })
        : null,
      columns: [
        { label: t('period'), value: (b) => b.period },
        { label: t('milestones'), value: (b) => b.milestones, num: true },
        { label: t('tasks'), value: (b) => b.tasks, num: true },
        { label: t('overdue'), value: (b) => (isDue(b) ? '✓' : '') },
      ],
      rows: buckets,
    });
    const due = data.dueBefore.nodes.filter((task) => !task.ongoing && task.due && task.due < settings.asOf);
    const leads = (task) =>
      task.leads.map((l, i) => [i ? '、' : '', l.department ? link(href('department', l.department.id), l.department.name) : '']);
    overdue.replaceChildren(
      h('header', {}, h('h2', {}, t('overdueTasks', { date: settings.asOf }))),
      due.length
        ? h(
            'div',
            { class: 'table-wrap' },
            table(
              [
                { label: t('number'), value: (task) => task.number ?? '', nowrap: true },
                { label: t('task'), value: (task) => task.text },
                { label: t('deadline'), value: (task) => task.deadline ?? '' },
                { label: t('due'), value: (task) => task.due, nowrap: true },
                { label: t('leads'), value: (task) => task.leads.map((l) => l.department?.name).join('、'), render: leads },
              ],
              due,
            ),
          )
        : h('p', { class: 'empty' }, t('overdueNone')),
    );
  }

}

function networkForm(settings, redraw) {
  const min = h('input', {
    type: 'number',
    min: '1',
    max: '99',
    value: String(settings.min),
    onchange: (e) => {
      settings.min = Math.max(1, Number.parseInt(e.target.value, 10) || 1);
      setParams({ min: settings.min === 1 ? null : settings.min });
      redraw();
    },
  });
  const merge = h('input', {
    type: 'checkbox',
    checked: settings.merge,
    onchange: (e) => {
      settings.merge = e.target.checked;
      setParams({ merge: settings.merge ? '1' : '0' });
      redraw();
    },
  });
  return [
    field(
      t('scope'),
      select(
        [
          ['place', t('scopePlace')],
          ['all', t('scopeAll')],
        ],
        settings.scope,
        (scope) => {
          settings.scope = scope;
          setParams({ scope: scope === 'all' ? 'all' : null });
          redraw();
        },
      ),
    ),
    h('div', { class: 'field check' }, merge, h('label', { for: (merge.id = uid('merge')) }, t('mergeByCategory'))),
    field(t('minShared'), min),
    field(
      t('nodeSize'),
      select(
        [
          ['tasks', t('sizeTasks')],
          ['load', t('sizeLoad')],
        ],
        settings.size,
        (size) => {
          settings.size = size;
          setParams({ size: size === 'load' ? 'load' : null });
          redraw();
        },
      ),
    ),
  ];
}

function timelineForm(settings, redraw) {
  const asOf = h('input', {
    type: 'date',
    value: settings.asOf,
    onchange: (e) => {
      if (!e.target.value) return;
      settings.asOf = e.target.value;
      setParams({ asOf: settings.asOf });
      redraw();
    },
  });
  return [
    field(
      t('granularity'),
      select(
        ['MONTH', 'QUARTER', 'YEAR'].map((g) => [g, t(g)]),
        settings.gran,
        (gran) => {
          settings.gran = gran;
          setParams({ gran });
          redraw();
        },
      ),
    ),
    field(t('asOf'), asOf),
  ];
}
