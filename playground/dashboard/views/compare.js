// Comparing places: the share of each place's tasks that each functional
// category leads (category × place heat map), the topics on which places
// divide the work most differently (the API's `divergentTopics`), and two
// places side by side.

import { run } from '../api.js';
import { t, categoryLabel, categoryOrder, formatNumber, formatPercent } from '../i18n.js';
import { barsOption, heatmapOption, categoryColor } from '../charts.js';
import { h, heading, kpis, link, panel, select, field } from '../ui.js';
import { href } from '../route.js';
import { state } from '../catalog.js';

const TOPICS = 10;

/** A task's text cut to `n` characters, for a label or a table cell. */
function shorten(text, n = 40) {
  const chars = [...text];
  return chars.length > n ? `${chars.slice(0, n).join('')}…` : text;
}

export async function render(root, route, current) {
  const places = state.places;
  const pick = (key, fallback) => (places.includes(route.params.get(key)) ? route.params.get(key) : fallback);
  const a = pick('a', places[0]);
  const b = pick('b', places[1] ?? places[0]);
  const [all, pair, { divergentTopics }] = await Promise.all([
    run('compare'),
    run('compare_pair', { a, b }),
    run('divergent_topics', { first: TOPICS }),
  ]);
  if (!current()) return;

  const heat = panel({ title: t('compareHeatmap'), csv: 'category-lead-shares.csv', wide: true });
  const divided = panel({
    title: t('divergentTopics'),
    note: t('divergentTopicsNote'),
    csv: 'divergent-topics.csv',
    wide: true,
    tableFirst: true,
  });
  const choose = (key, value) =>
    field(
      t(key === 'a' ? 'placeA' : 'placeB'),
      select(
        places.map((n) => [n, n]),
        value,
        (next) => {
          location.hash = href('compare', null, { a: key === 'a' ? next : a, b: key === 'b' ? next : b });
        },
      ),
    );
  const side = (info, ranking, only, csv) => {
    const p = panel({ title: `${info.name} · ${t('topLeads')}`, csv });
    const entries = ranking.entries.filter((e) => e.count > 0);
    return {
      el: h(
        'div',
        { class: 'side' },
        h('h3', {}, link(href('place', info.name), info.name)),
        kpis([
          [t('documents'), formatNumber(info.documentCount)],
          [t('departments'), formatNumber(info.departmentCount)],
          [t('tasks'), formatNumber(info.taskCount)],
          [t('milestones'), formatNumber(info.milestoneCount)],
        ]),
        p.el,
        h(
          'section',
          { class: 'presence', 'aria-label': t('onlyIn', { place: info.name }) },
          h('h4', {}, t('onlyIn', { place: info.name })),
          only.length
            ? h('ul', { class: 'chips' }, only.map((c) => h('li', { style: `--chip:${categoryColor(c)}` }, categoryLabel(c))))
            : h('p', { class: 'empty' }, '—'),
        ),
      ),
      draw: () =>
        p.update({
          option: barsOption({
            labels: entries.map((e) => e.label),
            series: [{ name: t('leadTasks'), data: entries.map((e) => e.count) }],
            colors: entries.map((e) => categoryColor(e.category)),
          }),
          height: Math.max(200, 26 * entries.length + 24),
          columns: [
            { label: t('rank'), value: (e) => e.rank, num: true },
            {
              label: t('department'),
              value: (e) => e.label,
              render: (e) => (e.department ? link(href('department', e.department.id), e.label) : e.label),
            },
            { label: t('leadTasks'), value: (e) => e.count, num: true },
            { label: t('leadShare'), value: (e) => formatPercent(e.share), num: true },
          ],
          rows: entries,
        }),
    };
  };
  const presence = pair.placePairPresence;
  const left = side(pair.a, pair.leadsA[0], presence.onlyInA, `${a}-leads.csv`);
  const right = side(pair.b, pair.leadsB[0], presence.onlyInB, `${b}-leads.csv`);

  root.replaceChildren(
    ...heading(t('compareTitle'), t('compareLead')),
    h('div', { class: 'grid' }, heat.el, divided.el),
    h(
      'section',
      { class: 'pair', 'aria-label': t('pair') },
      h('h2', {}, t('pair')),
      h('div', { class: 'toolbar' }, choose('a', a), choose('b', b)),
      h(
        'p',
        { class: 'note' },
        `${t('inBoth')}: `,
        presence.inBoth.map((c) => categoryLabel(c)).join('、') || '—',
      ),
      h('div', { class: 'sides' }, left.el, right.el),
    ),
  );

  // Rows: categories that lead a task somewhere, in the model's order.
  const rankings = all.rankings;
  const share = new Map();
  for (const r of rankings) for (const e of r.entries) share.set(`${r.place.name}|${e.category}`, e);
  const categories = categoryOrder().filter((c) => rankings.some((r) => (share.get(`${r.place.name}|${c}`)?.count ?? 0) > 0));
  const columns = rankings.map((r) => r.place.name);
  const values = categories.map((c) => columns.map((p) => share.get(`${p}|${c}`)?.share ?? 0));
  heat.update({
    option: heatmapOption({ rows: categories.map(categoryLabel), columns, values, percent: true }),
    height: 120 + 28 * categories.length,
    columns: [
      { label: t('category'), value: (row) => categoryLabel(row.category) },
      ...columns.map((p, i) => ({ label: p, value: (row) => formatPercent(row.values[i]), num: true })),
    ],
    rows: categories.map((category, i) => ({ category, values: values[i] })),
  });
  // Each place of a topic with the categories leading its tasks there.
  const whoLeads = (topic) =>
    topic.topic.places.map((p) => ({
      place: p.place?.name ?? '',
      leads: p.leadCategories.map((c) => `${categoryLabel(c.category)} ${c.count}`).join('、'),
    }));
  divided.update({
    option: divergentTopics.length
      ? barsOption({
          labels: divergentTopics.map((d) => `${d.rank}. ${shorten(d.representative?.text ?? '', 16)}`),
          series: [{ name: t('divergenceBits'), data: divergentTopics.map((d) => Number(d.divergence.toFixed(2))), color: '#c9434f' }],
        })
      : null,
    height: Math.max(200, 30 * divergentTopics.length + 24),
    columns: [
      { label: t('rank'), value: (d) => d.rank, num: true },
      { label: t('representativeTask'), value: (d) => shorten(d.representative?.text ?? '') },
      {
        label: t('placesAndLeads'),
        value: (d) => whoLeads(d).map((w) => `${w.place}：${w.leads || '—'}`).join('；'),
        render: (d) =>
          whoLeads(d).map((w, i) => [i ? '；' : '', link(href('place', w.place), w.place), `：${w.leads || '—'}`]),
      },
      { label: t('places'), value: (d) => d.placeCount, num: true },
      { label: t('tasks'), value: (d) => d.taskCount, num: true },
      { label: t('divergenceBits'), value: (d) => d.divergence.toFixed(2), num: true },
    ],
    rows: divergentTopics,
  });
  left.draw();
  right.draw();
}
