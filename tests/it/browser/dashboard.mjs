// Drives the dashboard in headless Chromium (Debian's /usr/bin/chromium)
// against a running dutygraph server loaded with the five seeds: every page
// renders with the right numbers, nothing is requested outside the server,
// nothing is logged as a console error, and a document loaded through the
// page shows up in the overview. One browser launch for the whole run.
//
//   node dashboard.mjs <server origin> <screenshot dir>
//   env: DUTYGRAPH_TOKEN (the server's write token), CHROMIUM (the browser)
//
// Prints one JSON report (checks, failures, timings) on standard output and
// exits 1 when a check failed. tests/it/dashboard.rs runs it.
//
//   node dashboard.mjs --bench <server origin> <place>
// instead times the network view of every place together (a generated
// corpus), for BENCHMARKS.md.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const bench = process.argv[2] === '--bench';
const [origin, outDir] = bench ? [process.argv[3], null] : process.argv.slice(2);
const token = process.env.DUTYGRAPH_TOKEN ?? '';
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';

const SAMPLE = [
  '韶关市养老服务工作任务分工表',
  '序号\t重点任务\t牵头单位\t配合单位\t完成时限',
  '1\t建设区域性养老服务中心。\t市民政局\t市财政局、市自然资源局\t2021年底前',
  '2\t推进医养结合机构建设。\t市卫生健康局\t市民政局\t持续实施',
  '3\t开展养老护理员职业技能培训。\t市人力资源社会保障局\t市民政局、市银龄互助协会\t2022年6月',
  '',
].join('\n');

// A later notice of the same place, dated by its date line: task 1 kept,
// task 2's lead and support swapped, task 3 replaced.
const LATER = [
  '韶关市养老服务工作任务分工表（2022年）',
  '韶关市人民政府办公室',
  '2022年3月1日',
  '序号\t重点任务\t牵头单位\t配合单位\t完成时限',
  '1\t建设区域性养老服务中心。\t市民政局\t市财政局、市自然资源局\t2023年底前',
  '2\t推进医养结合机构建设。\t市民政局\t市卫生健康局\t持续实施',
  '3\t建设智慧养老服务平台。\t市工业和信息化局\t市民政局\t2023年6月',
  '',
].join('\n');

const report = { checks: [], failures: [], externalRequests: [], consoleErrors: [], timings: {} };

function check(name, ok, detail = '') {
  report.checks.push(name);
  if (!ok) report.failures.push(`${name}${detail ? `: ${detail}` : ''}`);
}

const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'zh-CN' });
const page = await context.newPage();
page.on('request', (request) => {
  const url = request.url();
  if (!url.startsWith(`${origin}/`) && !url.startsWith('data:') && !url.startsWith('blob:')) {
    report.externalRequests.push(url);
  }
});
page.on('console', (message) => {
  if (message.type() === 'error') report.consoleErrors.push(`on ${page.url()}: ${message.text()}`);
});
page.on('pageerror', (error) => report.consoleErrors.push(`uncaught on ${page.url()}: ${error.stack ?? error.message}`));

/** Waits until the view is filled and every visible chart has drawn. */
async function settled() {
  await page.waitForSelector('main .view:not([aria-busy]) h1', { timeout: 20000 });
  await page.waitForFunction(
    () => [...document.querySelectorAll('.chart')].every((el) => el.hidden || el.dataset.rendered === 'true'),
    null,
    { timeout: 20000 },
  );
}

async function open(hash) {
  await page.goto(`${origin}/dashboard${hash}`);
  await settled();
}

async function shoot(name) {
  if (!outDir) return;
  await page.screenshot({ path: join(outDir, `${name}.png`), fullPage: true });
}

const text = (selector) => page.locator(selector).first().innerText();

/** The cells of a panel's table (the chart's text alternative), row by row. */
async function panelTable(title) {
  const panel = page.locator('section.panel', { has: page.locator('h2', { hasText: title }) }).first();
  const toggle = panel.locator('button.toggle');
  if (await toggle.isVisible()) await toggle.click();
  const rows = await panel.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim())),
  );
  if (await toggle.isVisible()) await toggle.click();
  return rows;
}

async function kpi(label) {
  return page.locator('.kpi', { has: page.locator('dt', { hasText: label }) }).first().locator('dd').innerText();
}

async function run() {
  if (outDir) mkdirSync(outDir, { recursive: true });

  // Overview, cold: the first paint and the time until the numbers are in.
  await open('');
  const paint = await page.evaluate(() => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
    const fp = performance.getEntriesByName('first-paint')[0]?.startTime ?? null;
    const data = performance.getEntriesByName('dashboard:overview')[0]?.startTime ?? null;
    const ended = (part) =>
      performance.getEntriesByType('resource').find((r) => r.name.includes(part))?.responseEnd ?? null;
    return {
      firstPaint: fp,
      firstContentfulPaint: fcp,
      overviewData: data,
      echartsLoaded: ended('echarts.esm.min.js'),
      overviewQueryAnswered: ended('/graphql'),
    };
  });
  report.timings = paint;
  check('overview heading', (await text('h1')) === '概览');
  check('overview counts 5 places', (await kpi('地区数')) === '5', await kpi('地区数'));
  check('overview counts 185 tasks', (await kpi('任务数')) === '185', await kpi('任务数'));
  const leaders = await panelTable('牵头任务最多的职能类别（全部地区）');
  check('civil affairs leads most tasks overall', leaders[0]?.[0] === '民政' && leaders[0]?.[1] === '112', JSON.stringify(leaders[0]));
  await shoot('overview');

  // The English switch, by keyboard: Tab from the top of the page reaches
  // it through the skip link and the navigation, and it shows a focus ring.
  let reached = false;
  for (let i = 0; i < 20 && !reached; i += 1) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.id === 'lang');
  }
  check('Tab reaches the language switch', reached);
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  check('focused controls show a focus ring', outline !== 'none', outline);
  await page.keyboard.press('Enter');
  await settled();
  check('English interface', (await text('h1')) === 'Overview');
  check('category labels in English', (await panelTable('Categories leading most tasks (all places)'))[0]?.[0] === 'civil affairs');
  await page.focus('#lang');
  await page.keyboard.press('Enter');
  await settled();
  check('back to Chinese', (await text('h1')) === '概览');

  // A place: 江门市民政局 is the primary lead of most tasks (24).
  await open('#/place/江门市?by=PRIMARY_LEAD&asOf=2021-01-01');
  const ranking = await panelTable('部门排名');
  check('江门市民政局 ranks first in 江门', ranking[0]?.[1] === '江门市民政局', JSON.stringify(ranking[0]));
  check('with 24 primary leads', ranking[0]?.[3] === '24', JSON.stringify(ranking[0]));
  check('overdue tasks listed as of 2021-01-01', (await text('h2:has-text("截至 2021-01-01")')).includes('2021-01-01'));
  await shoot('place');
  // Documents in force on a day: the seeds are undated, so none counts.
  await page.getByLabel('有效文件截至').fill('2020-01-01');
  await page.waitForSelector('section.panel:has(h2:has-text("部门排名")) .note:has-text("2020-01-01")', { timeout: 20000 });
  await settled();
  check('no undated document is in force', (await panelTable('部门排名')).length === 0);
  check('the address keeps the date', page.url().includes('inForce=2020-01-01'), page.url());

  // 咸阳's network has 26 nodes, all drawn.
  await open('#/place/咸阳市');
  const nodes = await page.locator('.chart[data-nodes]').first().getAttribute('data-nodes');
  const total = await page.locator('.chart[data-nodes]').first().getAttribute('data-total-nodes');
  check('咸阳市 network draws 26 nodes', nodes === '26' && total === '26', `${nodes} of ${total}`);
  await page.locator('section.panel', { has: page.locator('h2', { hasText: '协同网络' }) }).first().screenshot({ path: outDir ? join(outDir, 'network.png') : undefined });

  // From the ranking to the department page, by its link.
  await open('#/place/江门市?by=PRIMARY_LEAD');
  const rankingPanel = page.locator('section.panel', { has: page.locator('h2', { hasText: '部门排名' }) }).first();
  await rankingPanel.locator('button.toggle').click();
  await rankingPanel.locator('tbody tr').first().locator('a').click();
  await settled();
  check('department page opens from the ranking', (await text('h1')) === '江门市民政局');
  check('department shows 24 primary leads', (await kpi('第一牵头')) === '24', await kpi('第一牵头'));
  check('department shows 37 led tasks', (await text('h2:has-text("牵头的任务")')).includes('37'));
  await shoot('department');

  // Comparing places.
  await open('#/compare?a=江门市&b=珠海市');
  const heat = await panelTable('职能类别 × 地区：牵头任务占比');
  check('compare heat map has a row per leading category', heat.length >= 10 && heat[0]?.[0] === '民政', `${heat.length} rows`);
  check('compare shows both places', (await page.locator('.side h3').allInnerTexts()).join() === '江门市,珠海市');
  // At the default minScore the seeds hold one topic in two places: the
  // planning task, led by civil affairs in both, so nothing diverges.
  const divided = await panelTable('分工分歧最大的主题');
  check(
    'one divergent topic: 2 places, 2 tasks, 0.00 bits, civil affairs leading in 江门',
    divided.length === 1 && divided[0][3] === '2' && divided[0][4] === '2' && divided[0][5] === '0.00' && divided[0][2].includes('江门市：民政 1'),
    JSON.stringify(divided),
  );
  await shoot('compare');

  // Search.
  await open('#/search?q=医养结合');
  const hits = await page.locator('section.panel h2', { hasText: '条结果' }).first().innerText();
  check('search finds hits', /共 \d+ 条结果/.test(hits) && !hits.includes('共 0 '), hits);
  // 医养结合 in 江门: 6 tasks, health leading 2 and four other categories 1
  // each, so H = 1/3·log2 3 + 4·1/6·log2 6 = 2.25 bits; 1.78 bits over all 21.
  const where = await panelTable('各地如何分工');
  const jiangmen = where.find((row) => row[0] === '江门市');
  check(
    'who leads 医养结合 where: 5 places, 江门 with 6 tasks at 2.25 bits',
    where.length === 5 && jiangmen?.[1] === '6' && jiangmen?.[4] === '2.25' && jiangmen?.[2].startsWith('卫生健康 2'),
    JSON.stringify(where),
  );
  check(
    'the overall divergence is in the note',
    (await page.locator('section.panel:has(h2:has-text("各地如何分工")) .note').innerText()).includes('1.78'),
  );
  const adopters = await panelTable('扩散');
  check(
    'diffusion lists the undated places last, marked',
    adopters.length > 0 && adopters.every((row) => row[0] === '' && row[2] === '未注明日期（排在最后）'),
    JSON.stringify(adopters[0]),
  );
  await shoot('search');

  // Loading a document: preview (nothing stored), then store; the overview shows it.
  await open('#/load');
  await page.getByLabel('写入令牌').fill(token);
  await page.getByLabel('粘贴文本').fill(SAMPLE);
  await page.getByRole('button', { name: '预览' }).click();
  await page.waitForSelector('[data-testid="preview-tasks"]', { timeout: 20000 });
  check('preview reads 3 tasks', (await text('[data-testid="preview-tasks"]')) === '3');
  check('the unknown unit is flagged on its line', (await page.locator('.lines li.flagged').first().getAttribute('value')) === '5');
  await shoot('load');
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForSelector('.status .ok', { timeout: 20000 });
  check('the document is stored', (await text('.status .ok')).includes('韶关市'));
  await page.getByRole('link', { name: '查看概览' }).click();
  await settled();
  check('the overview counts the new place', (await kpi('地区数')) === '6', await kpi('地区数'));
  check('the overview lists the new document', (await text('main')).includes('韶关市养老服务工作任务分工表'));

  // Changes between the loaded document and a later dated one of 韶关市.
  const ids = await page.evaluate(async ([later, token]) => {
    const post = (query, variables) =>
      fetch('/graphql', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      }).then((r) => r.json());
    const stored = await post('mutation($t: String!) { ingestDocument(text: $t, place: "韶关市") { documentId } }', { t: later });
    const docs = await post('{ documents(place: "韶关市") { id date } }');
    return {
      a: docs.data.documents.find((d) => !d.date)?.id,
      b: stored.data?.ingestDocument?.documentId,
      dated: docs.data.documents.some((d) => d.date === '2022-03-01'),
    };
  }, [LATER, token]);
  check('the later notice is stored with its date', Boolean(ids.a && ids.b && ids.dated), JSON.stringify(ids));
  await open(`#/changes/${encodeURIComponent('韶关市')}?a=${ids.a}&b=${ids.b}`);
  check('changes heading', (await text('h1')) === '文件变化');
  const counts = [await kpi('保留'), await kpi('删去'), await kpi('新增')];
  check('2 tasks kept, 1 dropped, 1 added', counts.join() === '2,1,1', counts.join());
  const departments = await panelTable('各部门');
  check('a role change is listed', departments.some((row) => row[5].includes('牵头 → 配合')), JSON.stringify(departments));
  await shoot('changes');
}

async function runBench() {
  const place = process.argv[4];
  const timed = async (hash) => {
    const started = Date.now();
    await page.goto(`${origin}/dashboard${hash}`);
    await settled();
    const elapsed = Date.now() - started;
    const chart = page.locator('.chart[data-nodes]').first();
    const shown = await chart.getAttribute('data-nodes');
    const all = await chart.getAttribute('data-total-nodes');
    // Responsiveness after drawing: how long one frame takes to come back.
    const frame = await page.evaluate(
      () => new Promise((resolve) => {
        const start = performance.now();
        requestAnimationFrame(() => resolve(performance.now() - start));
      }),
    );
    return { hash, elapsedMs: elapsed, nodesDrawn: Number(shown), nodesInScope: Number(all), nextFrameMs: Math.round(frame) };
  };
  report.bench = [
    await timed(`#/place/${encodeURIComponent(place)}`),
    await timed(`#/place/${encodeURIComponent(place)}?scope=all&merge=1`),
    await timed(`#/place/${encodeURIComponent(place)}?scope=all&merge=0`),
  ];
}

try {
  await (bench ? runBench() : run());
} catch (error) {
  report.failures.push(`the run stopped: ${error.message}`);
} finally {
  await browser.close();
}
check('no request left the server', report.externalRequests.length === 0, report.externalRequests.join(', '));
check('no console error', report.consoleErrors.length === 0, report.consoleErrors.join(' | '));
console.log(JSON.stringify(report, null, 2));
process.exit(report.failures.length ? 1 : 0);
