// ECharts (vendored, see vendor/VENDORED.md): mounting charts, the colour of
// each functional category, and the options the views share.

import { categoryOrder } from './i18n.js';

// Loaded beside the page's first queries rather than before them: the page
// can ask for its data while the 1 MB library arrives (index.html preloads it).
let echarts = null;
const loading = import('./vendor/echarts.esm.min.js').then((module) => {
  echarts = module;
  return module;
});

// One colour per category, in the model's category order; grey for OTHER (last).
const PALETTE = [
  '#3b6fb6', '#e07b39', '#2e9e6a', '#c9434f', '#7b5ea7', '#c39a1c', '#1f9bb5', '#d45d9c',
  '#6b8e23', '#8c564b', '#4c5fd5', '#b07aa1', '#17becf', '#bcbd22', '#9c755f', '#e15759',
  '#59a14f', '#edc948', '#76b7b2', '#f28e2b', '#4e79a7', '#af7aa1', '#ff9da7', '#86bcb6',
  '#d37295', '#a0cbe8', '#8cd17d', '#b6992d', '#499894', '#9d9d9d',
];

export function categoryColor(category) {
  const order = categoryOrder();
  const i = order.indexOf(category);
  if (i < 0) return PALETTE[PALETTE.length - 1];
  return i === order.length - 1 ? PALETTE[PALETTE.length - 1] : PALETTE[i % (PALETTE.length - 1)];
}

const FONT = 'system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';

/** Options every chart shares: the page's font, short animations. */
export function base(option) {
  return {
    textStyle: { fontFamily: FONT },
    animationDuration: 250,
    animationDurationUpdate: 200,
    aria: { enabled: true },
    ...option,
  };
}

const mounted = new Set();
// A chart hidden behind its table measures 0 × 0: resizing it to nothing
// would leave it without a layout to draw from when it is shown again.
const observer = new ResizeObserver((entries) => {
  for (const entry of entries) {
    if (entry.contentRect.width > 0 && entry.contentRect.height > 0) {
      echarts?.getInstanceByDom(entry.target)?.resize();
    }
  }
});

/** Draws `option` into `el` (creating the chart once), after `el` is laid out. */
export function mountChart(el, option, frames = 30) {
  if (!echarts) {
    el.dataset.rendered = 'false';
    loading.then(() => mountChart(el, option, frames));
    return;
  }
  if (!el.isConnected || el.clientWidth === 0) {
    // Not laid out yet (just created, or its view is being replaced): try
    // again on the next frames, then give up on an element left behind.
    if (frames > 0) requestAnimationFrame(() => mountChart(el, option, frames - 1));
    return;
  }
  let chart = echarts.getInstanceByDom(el);
  if (!chart) {
    chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.on('finished', () => {
      el.dataset.rendered = 'true';
    });
    chart.on('click', (params) => el.dispatchEvent(new CustomEvent('chartclick', { detail: params })));
    observer.observe(el);
    mounted.add(el);
  }
  el.dataset.rendered = 'false';
  // The size may have changed while the chart was hidden.
  chart.resize();
  chart.setOption(option, true);
}

/** Frees every chart of the page being left. */
export function disposeCharts() {
  for (const el of mounted) {
    observer.unobserve(el);
    echarts?.getInstanceByDom(el)?.dispose();
  }
  mounted.clear();
}

/** A horizontal bar chart of `rows` (largest at the top). */
export function barsOption({ labels, series, percent = false, colors }) {
  return base({
    grid: { left: 8, right: 24, top: series.length > 1 ? 32 : 8, bottom: 8, containLabel: true },
    legend: series.length > 1 ? { top: 0 } : undefined,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: fmt(percent) },
    // Counts are whole: no 0.5 ticks on a count axis.
    xAxis: { type: 'value', minInterval: percent ? undefined : 1, axisLabel: { formatter: percent ? (v) => `${Math.round(v * 100)}%` : undefined } },
    yAxis: { type: 'category', data: labels, inverse: true, axisLabel: { width: 200, overflow: 'truncate' } },
    series: series.map((s) => ({
      type: 'bar',
      name: s.name,
      data: s.data.map((value, i) => (colors ? { value, itemStyle: { color: colors[i] } } : value)),
      itemStyle: s.color ? { color: s.color } : undefined,
      label: series.length === 1 ? { show: true, position: 'right', formatter: (p) => fmt(percent)(p.value) } : undefined,
    })),
  });
}

/** A vertical bar chart with one bar group per label. */
export function columnsOption({ labels, series, stack = false, percent = false }) {
  return base({
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, type: 'scroll' },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: fmt(percent) },
    xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, hideOverlap: true } },
    yAxis: { type: 'value', minInterval: percent ? undefined : 1, axisLabel: { formatter: percent ? (v) => `${Math.round(v * 100)}%` : undefined } },
    series: series.map((s) => ({
      type: 'bar',
      name: s.name,
      stack: stack ? 'all' : undefined,
      data: s.data,
      itemStyle: s.color ? { color: s.color } : undefined,
    })),
  });
}

/** A heat map of `values[row][column]`. */
export function heatmapOption({ rows, columns, values, percent = false, digits = 0 }) {
  const data = [];
  let max = 0;
  values.forEach((row, y) =>
    row.forEach((v, x) => {
      data.push([x, y, v]);
      if (v > max) max = v;
    }),
  );
  const show = (v) => (percent ? `${Math.round(v * 100)}%` : Number(v).toFixed(digits));
  return base({
    grid: { left: 8, right: 16, top: 8, bottom: 76, containLabel: true },
    tooltip: {
      formatter: (p) => `${rows[p.value[1]]} × ${columns[p.value[0]]}<br>${show(p.value[2])}`,
    },
    xAxis: {
      type: 'category',
      data: columns,
      axisLabel: { rotate: columns.length > 8 ? 40 : 0, interval: 0, width: 120, overflow: 'truncate' },
      splitArea: { show: true },
    },
    yAxis: { type: 'category', data: rows, inverse: true, axisLabel: { interval: 0, width: 160, overflow: 'truncate' }, splitArea: { show: true } },
    visualMap: {
      min: 0,
      max: max || 1,
      calculable: true,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 120,
      inRange: { color: ['#f4f7fb', '#9ec5e8', '#2b6cb0', '#1a365d'] },
      formatter: (v) => show(v),
    },
    series: [
      {
        type: 'heatmap',
        data,
        // Numbers in the cells while they fit; zeros left blank so the
        // pattern reads (the table and the tooltip still say 0).
        label: {
          show: columns.length <= 16 && rows.length * columns.length <= 400,
          formatter: (p) => (p.value[2] ? show(p.value[2]) : ''),
          fontSize: 11,
        },
        emphasis: { itemStyle: { borderColor: '#222', borderWidth: 1 } },
      },
    ],
  });
}

/**
 * A force-directed network: `nodes` `{ id, name, category, size, value }`,
 * `links` `{ source, target, weight }`. Nodes start on a circle in a fixed
 * order, so the same data always gives the same drawing, and the layout
 * runs to rest before the first frame (no animation to wait for).
 */
export function networkOption({ nodes, links, categories, labelOf }) {
  const maxSize = Math.max(1, ...nodes.map((n) => n.size));
  const maxWeight = Math.max(1, ...links.map((l) => l.weight));
  const index = new Map(categories.map((c, i) => [c, i]));
  const big = nodes.length > 60;
  return base({
    tooltip: {
      formatter: (p) =>
        p.dataType === 'edge'
          ? `${p.data.sourceLabel} — ${p.data.targetLabel}<br>${p.data.value}`
          : `${p.data.name}<br>${labelOf(p.data.cat)}<br>${p.data.valueText}`,
    },
    legend: { type: 'scroll', bottom: 0, data: categories.map(labelOf) },
    series: [
      {
        type: 'graph',
        layout: 'force',
        // A little smaller than the panel, so nodes pushed outwards by the
        // layout stay clear of the edges and of the legend.
        zoom: 0.85,
        labelLayout: { hideOverlap: true },
        roam: true,
        draggable: true,
        force: {
          repulsion: big ? 160 : 700,
          edgeLength: big ? [30, 140] : [90, 260],
          gravity: big ? 0.1 : 0.06,
          layoutAnimation: false,
        },
        categories: categories.map((c) => ({ name: labelOf(c), itemStyle: { color: categoryColor(c) } })),
        data: nodes.map((n, i) => {
          const angle = (2 * Math.PI * i) / nodes.length;
          return {
            id: n.id,
            name: n.name,
            category: index.get(n.category),
            x: 300 + 250 * Math.cos(angle),
            y: 300 + 250 * Math.sin(angle),
            symbolSize: 8 + 42 * Math.sqrt(n.size / maxSize),
            value: n.size,
            valueText: n.valueText,
            label: { show: !big || n.size >= maxSize * 0.35 },
            cat: n.category,
            department: n.department,
          };
        }),
        links: links.map((l) => ({
          source: l.source,
          target: l.target,
          value: l.weight,
          sourceLabel: l.sourceLabel,
          targetLabel: l.targetLabel,
          lineStyle: { width: 0.6 + 7 * (l.weight / maxWeight), opacity: 0.45 },
        })),
        label: { position: 'right', fontSize: 11 },
        emphasis: { focus: 'adjacency', lineStyle: { opacity: 0.9 } },
        lineStyle: { color: 'source', curveness: 0.08 },
      },
    ],
  });
}

function fmt(percent) {
  return (v) => (percent ? `${(v * 100).toFixed(1)}%` : String(v));
}
