// Full-text search over tasks (the API's `search`), with each hit's place
// and lead units, the hits counted per place, who leads the topic in each
// place (the API's `topicAcrossPlaces`), and the order in which places
// adopted the topic (the API's `diffusion`).

import { run } from '../api.js';
import { t, categoryLabel, dateSourceLabel, formatNumber } from '../i18n.js';
import { barsOption } from '../charts.js';
import { h, heading, link, panel } from '../ui.js';
import { href } from '../route.js';

const HITS = 50;
const PLACES = 50;

export async function render(root, route, current) {
  const query = (route.params.get('q') ?? '').trim();
  const input = h('input', { type: 'search', name: 'q', value: query, placeholder: t('searchPlaceholder'), id: 'search-q' });
  const form = h(
    'form',
    {
      class: 'toolbar search',
      role: 'search',
      onsubmit: (e) => {
        e.preventDefault();
        location.hash = href('search', null, { q: input.value.trim() });
      },
    },
    h('div', { class: 'field' }, h('label', { for: input.id }, t('query')), input),
    h('button', { type: 'submit' }, t('search')),
  );
  if (!query) {
    root.replaceChildren(...heading(t('searchTitle'), t('searchLead')), form);
    return;
  }
  const [{ search }, { diffusion }, { topicAcrossPlaces: topic }] = await Promise.all([
    run('search', { query, first: HITS }),
    run('diffusion', { query, first: PLACES }),
    run('topic', { query }),
  ]);
  if (!current()) return;

  const perPlace = new Map();
  for (const hit of search) {
    const place = hit.task.place?.name ?? '';
    perPlace.set(place, (perPlace.get(place) ?? 0) + 1);
  }
  const counts = [...perPlace].sort((x, y) => y[1] - x[1]);
  const chart = panel({ title: t('hitsPerPlace'), csv: `search-${query}-places.csv` });
  const leads = (task) =>
    task.leads.map((l, i) => [
      i ? '、' : '',
      l.department ? link(href('department', l.department.id), l.department.name) : '',
    ]);
  const adoption = panel({
    title: t('diffusion'),
    note: t('diffusionNote'),
    csv: `search-${query}-diffusion.csv`,
    wide: true,
    tableFirst: true,
  });
  const where = panel({
    title: t('topicAcrossPlaces'),
    note: t('topicNote', { n: formatNumber(topic.taskCount), bits: topic.divergence.toFixed(2) }),
    csv: `search-${query}-leads.csv`,
    wide: true,
    tableFirst: true,
  });
  const hits = panel({ title: t('hits', { n: formatNumber(search.length) }), csv: `search-${query}.csv`, wide: true, tableFirst: true });

  root.replaceChildren(
    ...heading(t('searchTitle'), t('searchLead')),
    form,
    h('div', { class: 'grid' }, chart.el, where.el, adoption.el, hits.el),
  );
  where.update({
    option: null,
    columns: [
      {
        label: t('place'),
        value: (p) => p.place?.name ?? '',
        render: (p) => link(href('place', p.place?.name ?? ''), p.place?.name ?? ''),
        nowrap: true,
      },
      { label: t('tasks'), value: (p) => p.tasks.length, num: true },
      {
        label: t('leadCategories'),
        value: (p) => p.leadCategories.map((c) => `${categoryLabel(c.category)} ${c.count}`).join('、'),
      },
      { label: t('withoutLead'), value: (p) => p.tasksWithoutLead, num: true },
      { label: t('divergenceBits'), value: (p) => p.divergence.toFixed(2), num: true },
    ],
    rows: topic.places,
  });
  adoption.update({
    option: null,
    columns: [
      // Undated places have no rank: they come last, marked.
      { label: t('rank'), value: (a) => a.rank ?? '', num: true },
      {
        label: t('place'),
        value: (a) => a.place?.name ?? '',
        render: (a) => link(href('place', a.place?.name ?? ''), a.place?.name ?? ''),
        nowrap: true,
      },
      {
        label: t('date'),
        value: (a) => (a.dated ? a.dateSource?.label ?? a.date : t('undatedLast')),
        render: (a) => (a.dated ? a.dateSource?.label ?? a.date : h('em', { class: 'undated' }, t('undatedLast'))),
        nowrap: true,
      },
      { label: t('dateSource'), value: (a) => dateSourceLabel(a.dateSource), nowrap: true },
      { label: t('document'), value: (a) => a.document?.title ?? '' },
      { label: t('firstTask'), value: (a) => a.firstTask ? `${a.firstTask.number ?? ''} ${a.firstTask.text}`.trim() : '' },
      {
        label: t('leads'),
        value: (a) => a.leads.map((d) => d.name).join('、'),
        render: (a) => a.leads.map((d, i) => [i ? '、' : '', link(href('department', d.id), d.name)]),
      },
      { label: t('tasks'), value: (a) => a.taskCount, num: true },
    ],
    rows: diffusion,
  });
  hits.update({
    option: null,
    columns: [
      { label: t('score'), value: (x) => x.score.toFixed(2), num: true },
      {
        label: t('place'),
        value: (x) => x.task.place?.name ?? '',
        render: (x) => link(href('place', x.task.place?.name ?? ''), x.task.place?.name ?? ''),
        nowrap: true,
      },
      { label: t('number'), value: (x) => x.task.number ?? '', nowrap: true },
      {
        label: t('task'),
        value: (x) => x.task.text,
        // The snippet adds something only when the match is outside the task's own text.
        render: (x) => h('span', {}, x.task.text, x.field === 'TEXT' ? null : h('small', { class: 'snippet' }, x.snippet)),
      },
      { label: t('deadline'), value: (x) => x.task.deadline ?? '' },
      { label: t('leads'), value: (x) => x.task.leads.map((l) => l.department?.name).join('、'), render: (x) => leads(x.task) },
    ],
    rows: search,
  });
  chart.update({
    option: counts.length
      ? barsOption({ labels: counts.map(([p]) => p), series: [{ name: t('count'), data: counts.map(([, n]) => n), color: '#3b6fb6' }] })
      : null,
    height: Math.max(180, 30 * counts.length + 24),
    columns: [
      { label: t('place'), value: ([p]) => p },
      { label: t('count'), value: ([, n]) => n, num: true },
    ],
    rows: counts,
  });
}
