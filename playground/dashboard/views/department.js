// A department: the tasks it leads and supports (deadline, where printed),
// its partners, its coordination load and where it stands in its place's
// network. Without a department in the address: a picker.

import { run } from '../api.js';
import { t, categoryLabel, formatNumber, sourceLabel } from '../i18n.js';
import { barsOption, columnsOption, categoryColor } from '../charts.js';
import { h, heading, kpis, link, panel, select, field, table } from '../ui.js';
import { href } from '../route.js';
import { state } from '../catalog.js';

const MEASURES = ['DEGREE', 'BETWEENNESS', 'CLOSENESS', 'PAGERANK'];

function today() {
  return new Date().toISOString().slice(0, 10);
}

export async function render(root, route, current) {
  if (!route.arg) return picker(root, route, current);
  const asOf = /^\d{4}-\d{2}-\d{2}$/.test(route.params.get('asOf') ?? '') ? route.params.get('asOf') : today();
  const { department: d } = await run('department', { id: route.arg, today: asOf });
  const place = d.place?.name ?? '';
  const central = place ? await run('centralities', { place }) : null;
  if (!current()) return;

  const taskColumns = [
    { label: t('number'), value: (e) => e.node.number ?? '', nowrap: true },
    { label: t('task'), value: (e) => e.node.text },
    { label: t('rank'), value: (e) => e.rank, num: true },
    { label: t('deadline'), value: (e) => e.node.deadline ?? '' },
    { label: t('due'), value: (e) => e.node.due ?? '', nowrap: true },
    { label: t('sourceLine'), value: (e) => `${e.node.document?.title ?? ''} · ${sourceLabel(e.node.source.label)}` },
  ];
  const taskPanel = (title, connection, csv) => {
    const p = panel({ title: `${title} (${formatNumber(connection.totalCount)})`, csv, wide: true, tableFirst: true });
    return { p, rows: connection.edges };
  };
  const led = taskPanel(t('ledTasks'), d.ledTasks, `${d.fullName}-led.csv`);
  const supported = taskPanel(t('supportedTasks'), d.supportedTasks, `${d.fullName}-supported.csv`);
  const partners = panel({ title: t('partners'), csv: `${d.fullName}-partners.csv` });
  const open = panel({ title: t('openByQuarter'), csv: `${d.fullName}-open-milestones.csv` });
  const centrality = panel({ title: t('centrality'), csv: `${d.fullName}-centrality.csv`, tableFirst: true });
  const asOfInput = h('input', {
    type: 'date',
    value: asOf,
    onchange: (e) => {
      if (!e.target.value) return;
      location.hash = href('department', route.arg, { asOf: e.target.value });
    },
  });

  root.replaceChildren(
    ...heading(d.fullName, `${categoryLabel(d.category)} · ${d.known ? t('known') : t('unknownUnit')}`),
    h(
      'p',
      { class: 'toolbar' },
      place ? link(href('place', place), `← ${place}`) : null,
      field(t('asOf'), asOfInput),
    ),
    kpis([
      [t('primaryLead'), formatNumber(d.primaryLeadCount)],
      [t('lead'), formatNumber(d.leadCount)],
      [t('support'), formatNumber(d.supportCount)],
      [t('tasks'), formatNumber(d.taskCount)],
      [t('loadScore'), d.load ? formatNumber(d.load.score, 1) : '—'],
      [t('distinctPartners'), d.load ? formatNumber(d.load.distinctPartners) : '—'],
      [t('openMilestones'), d.load ? formatNumber(d.load.openMilestones) : '—'],
    ]),
    h('div', { class: 'grid' }, partners.el, centrality.el, open.el, led.p.el, supported.p.el),
  );

  led.p.update({ option: null, columns: taskColumns, rows: led.rows });
  supported.p.update({ option: null, columns: taskColumns, rows: supported.rows });

  const ps = d.topPartners;
  const partnerLink = (p) => (p.partner.department ? link(href('department', p.partner.department.id), p.partner.label) : p.partner.label);
  partners.update({
    option: ps.length
      ? barsOption({
          labels: ps.map((p) => p.partner.label),
          series: [{ name: t('sharedTasks'), data: ps.map((p) => p.sharedTasks) }],
          colors: ps.map((p) => categoryColor(p.partner.category)),
        })
      : null,
    height: Math.max(200, 24 * ps.length + 24),
    columns: [
      { label: t('department'), value: (p) => p.partner.label, render: partnerLink },
      { label: t('sharedTasks'), value: (p) => p.sharedTasks, num: true },
      { label: t('jaccard'), value: (p) => p.jaccard.toFixed(3), num: true },
      { label: t('leadLead'), value: (p) => p.rolePairs.leadLead, num: true },
      { label: t('leadSupport'), value: (p) => p.rolePairs.leadSupport, num: true },
      { label: t('supportLead'), value: (p) => p.rolePairs.supportLead, num: true },
      { label: t('supportSupport'), value: (p) => p.rolePairs.supportSupport, num: true },
    ],
    rows: ps,
  });
  partners.chartEl.addEventListener('chartclick', (event) => {
    const p = ps[event.detail.dataIndex];
    if (p?.partner.department) location.hash = href('department', p.partner.department.id);
  });

  const quarters = d.load?.openMilestonesByQuarter ?? [];
  open.update({
    option: quarters.length
      ? columnsOption({
          labels: quarters.map((q) => `${q.year}-Q${q.quarter}`),
          series: [{ name: t('openMilestones'), data: quarters.map((q) => q.count), color: '#3b6fb6' }],
        })
      : null,
    height: 260,
    note: `${t('asOf')} ${asOf}`,
    columns: [
      { label: t('period'), value: (q) => `${q.year}-Q${q.quarter}` },
      { label: t('openMilestones'), value: (q) => q.count, num: true },
    ],
    rows: quarters,
  });

  const rows = central
    ? MEASURES.map((m) => {
        const c = central[m.toLowerCase()];
        const score = c.scores.find((s) => s.actor.id === d.id);
        return { measure: m, value: score?.value ?? 0, rank: score?.rank ?? null, n: c.nodeCount };
      })
    : [];
  centrality.update({
    option: null,
    note: place ? `${t('place')}: ${place}` : '',
    columns: [
      { label: t('measure'), value: (r) => t(r.measure) },
      { label: t('value'), value: (r) => r.value.toFixed(4), num: true },
      { label: t('rank'), value: (r) => (r.rank ? t('rankOf', { rank: r.rank, n: r.n }) : '—') },
    ],
    rows,
  });
}

async function picker(root, route, current) {
  const place = state.places.includes(route.params.get('place')) ? route.params.get('place') : state.places[0];
  const { departments } = await run('departments', { place });
  if (!current()) return;
  root.replaceChildren(
    ...heading(t('departmentTitle'), t('departmentLead')),
    h(
      'div',
      { class: 'toolbar' },
      field(
        t('choosePlace'),
        select(
          state.places.map((n) => [n, n]),
          place,
          (next) => {
            location.hash = href('department', null, { place: next });
          },
        ),
      ),
    ),
    h(
      'section',
      { class: 'panel wide', 'aria-label': place },
      h(
        'div',
        { class: 'table-wrap' },
        table(
          [
            { label: t('department'), value: (d) => d.name, render: (d) => link(href('department', d.id), d.name) },
            { label: t('category'), value: (d) => categoryLabel(d.category) },
            { label: t('primaryLead'), value: (d) => d.primaryLeadCount, num: true },
            { label: t('lead'), value: (d) => d.leadCount, num: true },
            { label: t('support'), value: (d) => d.supportCount, num: true },
            { label: t('tasks'), value: (d) => d.taskCount, num: true },
          ],
          departments,
        ),
      ),
    ),
  );
}
