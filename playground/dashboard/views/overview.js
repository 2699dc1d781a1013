// Overview: totals per place, and the functional categories that lead most
// tasks, over all places and per place.

import { run } from '../api.js';
import { t, categoryLabel, dateLabel, dateSourceLabel, formatNumber, formatPercent } from '../i18n.js';
import { barsOption, columnsOption, categoryColor } from '../charts.js';
import { h, heading, kpis, link, panel, table } from '../ui.js';
import { href } from '../route.js';
import { ready } from '../catalog.js';

/** Categories shown per place: the leaders overall, so places compare on one scale. */
const TOP_CATEGORIES = 6;

export async function render(root) {
  const [data] = await Promise.all([run('overview'), ready()]);
  const counts = data.stats.countsByPlace;
  const sum = (key) => counts.reduce((total, c) => total + c[key], 0);
  const placeLink = (name) => link(href('place', name), name);

  const sizes = panel({ title: t('perPlace'), csv: 'places.csv' });
  const all = panel({ title: t('leadCategoriesAll'), csv: 'lead-categories.csv' });
  const perPlace = panel({ title: t('leadCategoriesPerPlace'), csv: 'lead-categories-per-place.csv', wide: true });
  const documents = data.documents;

  root.replaceChildren(
    ...heading(t('overviewTitle'), t('overviewLead')),
    kpis([
      [t('places'), formatNumber(counts.length)],
      [t('documents'), formatNumber(sum('documents'))],
      [t('tasks'), formatNumber(sum('tasks'))],
      [t('departments'), formatNumber(sum('departments'))],
      [t('milestones'), formatNumber(sum('milestones'))],
    ]),
    h('div', { class: 'grid' }, sizes.el, all.el, perPlace.el),
    h(
      'section',
      { class: 'panel wide', 'aria-label': t('documentList') },
      h('header', {}, h('h2', {}, t('documentList'))),
      h(
        'div',
        { class: 'table-wrap' },
        table(
          [
            { label: t('place'), value: (d) => d.place?.name ?? '', render: (d) => placeLink(d.place?.name ?? '') },
            { label: t('titleCol'), value: (d) => d.title },
            { label: t('date'), value: (d) => dateLabel(d.dateSource), nowrap: true },
            { label: t('dateSource'), value: (d) => dateSourceLabel(d.dateSource), nowrap: true },
            { label: t('tasks'), value: (d) => d.taskCount, num: true },
            { label: t('ingestedAt'), value: (d) => d.ingestedAt.slice(0, 10) },
          ],
          documents,
        ),
      ),
    ),
  );

  const metrics = ['documents', 'departments', 'tasks', 'milestones'];
  sizes.update({
    option: columnsOption({
      labels: counts.map((c) => c.place.name),
      series: metrics.map((m) => ({ name: t(m), data: counts.map((c) => c[m]) })),
    }),
    columns: [
      { label: t('place'), value: (c) => c.place.name, render: (c) => placeLink(c.place.name) },
      ...metrics.map((m) => ({ label: t(m), value: (c) => c[m], num: true })),
      { label: t('ongoingTasks'), value: (c) => c.ongoingTasks, num: true },
    ],
    rows: counts,
  });

  const overall = data.leadsByCategory[0];
  const leading = overall.entries.filter((e) => e.count > 0);
  all.update({
    option: barsOption({
      labels: leading.map((e) => categoryLabel(e.category)),
      series: [{ name: t('leadTasks'), data: leading.map((e) => e.count) }],
      colors: leading.map((e) => categoryColor(e.category)),
    }),
    height: Math.max(240, 26 * leading.length + 24),
    note: `${t('tasks')}: ${formatNumber(overall.totalTasks)}`,
    columns: [
      { label: t('category'), value: (e) => categoryLabel(e.category) },
      { label: t('leadTasks'), value: (e) => e.count, num: true },
      { label: t('leadShare'), value: (e) => formatPercent(e.share), num: true },
    ],
    rows: leading,
  });

  const top = leading.slice(0, TOP_CATEGORIES).map((e) => e.category);
  const rankings = data.leadsByCategoryPerPlace;
  const shareOf = (ranking, category) => ranking.entries.find((e) => e.category === category) ?? { count: 0, share: 0 };
  const rows = rankings.flatMap((r) =>
    r.entries.filter((e) => e.count > 0).map((e) => ({ place: r.place.name, totalTasks: r.totalTasks, ...e })),
  );
  perPlace.update({
    option: columnsOption({
      labels: rankings.map((r) => r.place.name),
      series: top.map((c) => ({
        name: categoryLabel(c),
        color: categoryColor(c),
        data: rankings.map((r) => shareOf(r, c).share),
      })),
      percent: true,
    }),
    columns: [
      { label: t('place'), value: (r) => r.place, render: (r) => placeLink(r.place) },
      { label: t('category'), value: (r) => categoryLabel(r.category) },
      { label: t('leadTasks'), value: (r) => r.count, num: true },
      { label: t('tasks'), value: (r) => r.totalTasks, num: true },
      { label: t('leadShare'), value: (r) => formatPercent(r.share), num: true },
    ],
    rows,
  });
  performance.mark('dashboard:overview');
}
