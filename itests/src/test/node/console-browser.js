// The console in headless Chromium (Debian's, driven by playwright-core), against a running hub.
// Usage: node console-browser.js <base url, e.g. http://127.0.0.1:8181> <screenshot folder>
// The log-in page in Japanese, English and back (remembered across a reload), no CSP violation, the floor-map
// sanitiser; then, through the REST API, the operator's and the viewer's scenarios (apiScenarios, below).
// Prints one JSON line of figures at the end; exits non-zero with the reason on the first failure.
'use strict';
const { chromium } = require('playwright-core');
const fs = require('fs');
const path = require('path');

const [base, outDir] = process.argv.slice(2);
const figures = {};

function executable() {
  for (const p of [process.env.CHROMIUM, '/usr/lib/chromium/chromium', '/usr/bin/chromium']) if (p && fs.existsSync(p)) return p;
  throw new Error('Chromium not found (apt-get install chromium, or set CHROMIUM to its binary)');
}
function check(ok, what) { if (!ok) throw new Error(what); }

async function messages(page, lang) {
  const res = await page.request.get(`${base}/console/i18n/${lang}.json`);
  check(res.ok(), `i18n/${lang}.json: HTTP ${res.status()}`);
  return res.json();
}

async function main() {
  fs.mkdirSync(outDir, { recursive: true });
  const browser = await chromium.launch({ executablePath: executable(), headless: true, args: ['--disable-dev-shm-usage'] });
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-GB' });
    const page = await context.newPage();
    const problems = [];
    page.on('console', m => { if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of (401|404)/.test(m.text())) problems.push(`console: ${m.text()}`); });
    page.on('pageerror', e => problems.push(`page error: ${e.message}`));
    let bytes = 0, responses = 0;
    page.on('response', async r => { responses++; try { bytes += Number(r.headers()['content-length'] || (await r.body()).length); } catch (e) { /* redirect */ } });
    const ja = await messages(page, 'ja');
    const en = await messages(page, 'en');

    // 1. First visit: Japanese, whatever the browser's own language (en-GB here).
    const t0 = Date.now();
    await page.goto(`${base}/console/`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
    figures.firstLoadMillis = Date.now() - t0;
    figures.firstLoadBytes = bytes;
    figures.firstLoadResponses = responses;
    // baseline in the same run: the same browser opening one small static file from the same server
    const bare = await context.newPage();
    const b0 = Date.now();
    await bare.goto(`${base}/console/vendor/uplot/1.6.30/LICENSE`);
    figures.bareFileMillis = Date.now() - b0;
    await bare.close();
    check(await page.getAttribute('html', 'lang') === 'ja', 'the first page is not in Japanese (html lang)');
    check(await page.textContent('#login-form h1') === ja['login.title'], `log-in title is not ${ja['login.title']}`);
    check(await page.textContent('label[for=login-user]') === ja['login.user'], 'user label not Japanese');
    check(await page.textContent('#lang-switch') === ja['lang.switch'], 'language button not labelled from ja.json');
    check(await page.title() === ja['app.title'], 'window title not Japanese');
    await page.screenshot({ path: path.join(outDir, 'login-ja.png') });

    // 2. Switch to English: every label follows, and the choice survives a reload.
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    check(await page.textContent('#login-form h1') === en['login.title'], `log-in title is not ${en['login.title']}`);
    check(await page.textContent('label[for=login-password]') === en['login.password'], 'password label not English');
    check(await page.textContent('#login-submit') === en['login.submit'], 'submit button not English');
    await page.screenshot({ path: path.join(outDir, 'login-en.png') });
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    check(await page.getAttribute('html', 'lang') === 'en', 'English was not remembered across a reload');

    // 3. And back to Japanese.
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'ja');
    check(await page.textContent('#login-form h1') === ja['login.title'], 'back to Japanese: title');
    await page.screenshot({ path: path.join(outDir, 'login-ja-again.png') });

    // 4. A floor map file is never a way to run script: the sanitiser the map view uses, on a hostile file. Chromium
    // may try the handlers of the parsed (inert) document and report that the CSP blocked them: those reports prove
    // the second wall and are not failures; anything else the browser reports is.
    const before = problems.length;
    const cleaned = await page.evaluate(async () => {
      const { sanitizeSvg } = await import('/console/app/svg.js');
      const hostile = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="window.pwned=1">
        <script>window.pwned=2</script>
        <foreignObject><div xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="window.pwned=3"/></div></foreignObject>
        <rect data-zone="L3" data-room="server-room" width="10" height="10" onclick="window.pwned=4" style="fill:url(http://evil/)"/>
        <a href="javascript:window.pwned=5"><text>x</text></a>
        <image href="http://evil.example/track.png"/><use xlink:href="http://evil.example/s.svg#a"/>
        <g data-device="door.2f.server-room" transform="translate(1,2)"><set attributeName="onclick" to="alert(1)"/></g>
      </svg>`;
      const svg = sanitizeSvg(hostile);
      document.body.append(svg);
      await new Promise(r => setTimeout(r, 200));
      const html = svg.outerHTML;
      svg.remove();
      return { html, pwned: window.pwned || 0 };
    });
    problems.push(...problems.splice(before).filter(p => !/violates the following Content Security Policy directive/.test(p)));
    check(cleaned.pwned === 0, `script ran from a floor map: ${cleaned.pwned}`);
    for (const bad of ['<script', 'foreignObject', 'onload', 'onclick', 'onerror', 'javascript:', 'evil', '<set', 'style=']) {
      check(!cleaned.html.includes(bad), `sanitised map still has ${bad}: ${cleaned.html}`);
    }
    check(cleaned.html.includes('data-zone="L3"') && cleaned.html.includes('data-device="door.2f.server-room"'), 'sanitiser dropped rooms or anchors');

    // 5. Every view's module loads under the CSP (parses, its imports resolve) and offers render().
    const views = ['login', 'map', 'events', 'alarms', 'shutters', 'doors', 'postures', 'access', 'devices', 'trend'];
    const loaded = await page.evaluate(async names => {
      const out = {};
      for (const n of names) {
        try { out[n] = typeof (await import(`/console/app/views/${n}.js`)).render; } catch (e) { out[n] = e.message; }
      }
      return out;
    }, views);
    for (const n of views) check(loaded[n] === 'function', `view ${n} did not load: ${loaded[n]}`);

    // 6. The trend view's chart library loads and draws under the strict CSP (uPlot styles through the CSSOM only).
    const chart = await page.evaluate(async () => {
      await new Promise((resolve, reject) => {
        const s = document.createElement('script');
        s.src = '/console/vendor/uplot/1.6.30/dist/uPlot.iife.min.js';
        s.onload = resolve; s.onerror = () => reject(new Error('uPlot did not load'));
        document.head.append(s);
      });
      const box = document.createElement('div');
      document.body.append(box);
      const plot = new window.uPlot({ width: 400, height: 200, series: [{}, { label: 'supply-temp', stroke: '#1f6feb' }] },
        [[1, 2, 3], [21.5, 21.7, 22.1]], box);
      const drawn = box.querySelectorAll('canvas').length;
      plot.destroy(); box.remove();
      return drawn;
    });
    check(chart === 1, `uPlot drew no canvas (${chart})`);

    // 7. The layout holds on a tablet held upright as well as at 1366x768.
    await page.setViewportSize({ width: 768, height: 1024 });
    check(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the log-in page scrolls sideways on a tablet');
    await page.screenshot({ path: path.join(outDir, 'login-tablet-ja.png') });
    await page.setViewportSize({ width: 1366, height: 768 });

    // 8. A wrong password is refused by the API, shown as an error in the user's language, and not kept in the form.
    await page.fill('#login-user', 'operator');
    await page.fill('#login-password', 'not-the-password');
    await page.click('#login-submit');
    await page.waitForSelector('#notice.notice-error:not([hidden])');
    const notice = await page.textContent('#notice');
    check(notice.trim().length > 0 && !notice.includes('{'), `no clear message for a refused log-in: ${notice}`);
    check(await page.inputValue('#login-password') === '', 'the password stayed in the form after a failed log-in');
    await page.screenshot({ path: path.join(outDir, 'login-refused-ja.png') });

    await apiScenarios(browser, ja, en, figures);
    check(problems.length === 0, `browser reported: ${problems.join(' | ')}`);
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(figures));
}

// The console's REST API through the UI, as security staff and as a viewer (the hub was started with one simulator
// fault injected: 1F power feed A lost, so the alarm "power.redundancy-lost@power.1f.feeds" stands):
// - operator: the floor map in Japanese and English (screenshots), view switches timed, a single shutter command as
//   the baseline, then "close all counters" from the floor map with its confirmation step, timed to every command
//   dispatched, and every counter shutter seen CLOSED; the alarm acknowledged; a door released and seen to relock;
// - viewer: no control drawn anywhere, and the API answering 403 when the page calls it directly.
const COUNTERS = [1, 2, 3, 4].map(i => `shutter.1f.counter-${i}`);
const ALARM = 'power.redundancy-lost@power.1f.feeds';
const DOOR = 'door.1f.back-office';

async function apiScenarios(browser, ja, en, figures) {
  const problems = [];
  const login = async (user) => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    page.on('console', m => { if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of (401|403|404)/.test(m.text())) problems.push(`${user} console: ${m.text()}`); });
    page.on('pageerror', e => problems.push(`${user} page error: ${e.message}`));
    await page.goto(`${base}/console/`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.fill('#login-user', user);
    await page.fill('#login-password', `${user}-demo`);
    await page.click('#login-submit');
    await page.waitForSelector('main[data-view="map"]', { timeout: 15000 });
    return page;
  };
  // the hub's own record of a command leaving for its device: command.issued, read back from the event store
  const issued = async (page, match, count) => {
    for (let i = 0; i < 50; i++) {
      const res = await page.request.get(`${base}/api/events?type=command.issued&last=10m&limit=200`);
      check(res.ok(), `GET /api/events: HTTP ${res.status()}`);
      const found = (await res.json()).events.filter(match);
      if (found.length >= count) return found;
      await page.waitForTimeout(200);
    }
    throw new Error(`fewer than ${count} command.issued events in the store after 10 s`);
  };
  // Date.now() of the next click on a confirmation's confirm button, taken in the page's capture phase (the same
  // system clock as the hub's event times: one machine)
  const stampConfirmClick = page => page.evaluate(() => {
    window.confirmClickedAt = null;
    document.addEventListener('click', e => { if (e.target.closest('[data-test="confirm"]')) window.confirmClickedAt = Date.now(); }, { capture: true, once: true });
  });
  const timing = response => { const t = response.request().timing(); return Math.round(t.responseEnd - t.requestStart); };

  const op = await login('operator');
  const symbol = id => `#floor-map svg.floor [data-device="${id}"] .sym`;
  await op.waitForSelector(symbol(COUNTERS[0]));
  await op.waitForSelector(`#floor-map [data-device="${COUNTERS[0]}"].shutter-open`, { timeout: 10000 });
  await op.waitForSelector('#floor-map [data-device="power.1f.feeds"].feeds-lost', { timeout: 10000 });
  check(await op.textContent('nav a[href="#/alarms"]') === ja['nav.alarms'], 'the operator\'s console is not in Japanese');
  await op.screenshot({ path: path.join(outDir, 'map-1f-ja.png') });
  await op.click('#lang-switch');
  await op.waitForFunction(() => document.documentElement.lang === 'en');
  check(await op.textContent('nav a[href="#/alarms"]') === en['nav.alarms'], 'the navigation did not switch to English');
  check(await op.textContent(`#map-actions button[data-group="all-counters"][data-action="close"]`) === en['shutter.group.close'].replace('{group}', 'All counters'), 'the map\'s group button did not switch to English');
  await op.screenshot({ path: path.join(outDir, 'map-1f-en.png') });
  await op.click('#lang-switch');
  await op.waitForFunction(() => document.documentElement.lang === 'ja');
  check(await op.textContent('nav a[href="#/alarms"]') === ja['nav.alarms'], 'back to Japanese: navigation');

  // View switches: from a click on the navigation to the frame after the view's content is in place (main.js sets
  // data-render-millis once the view's render() has drawn what the API answered). Baseline, same page: a click whose
  // handler draws one element, no module and no API call ("an empty view switch").
  const switchTimes = await op.evaluate(async () => {
    const frame = () => new Promise(r => requestAnimationFrame(() => r()));
    const main = document.getElementById('view');
    const one = async name => {
      delete main.dataset.renderMillis;
      const done = new Promise(resolve => {
        const obs = new MutationObserver(() => { if (main.dataset.view === name && main.dataset.renderMillis !== undefined) { obs.disconnect(); resolve(); } });
        obs.observe(main, { attributes: true });
      });
      const t0 = performance.now();
      document.querySelector(`nav a[href="#/${name}"]`).click();
      await done;
      await frame();
      return performance.now() - t0;
    };
    const empty = async () => {
      const box = document.createElement('div');
      document.body.append(box);
      const button = document.createElement('button');
      button.addEventListener('click', () => box.append(document.createElement('p')));
      box.append(button);
      const t0 = performance.now();
      button.click();
      await frame();
      const t = performance.now() - t0;
      box.remove();
      return t;
    };
    const out = { views: {}, empty: [] };
    for (let round = 0; round < 4; round++) {
      for (const name of ['alarms', 'shutters', 'doors', 'devices', 'events', 'map']) (out.views[name] = out.views[name] || []).push(await one(name));
      out.empty.push(await empty());
    }
    return out;
  });
  const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const r1 = x => Math.round(x * 10) / 10;
  figures.viewSwitchMillis = Object.fromEntries(Object.entries(switchTimes.views).map(([k, xs]) => [k, { median: r1(median(xs.slice(1))), max: r1(Math.max(...xs.slice(1))) }]));
  figures.viewSwitchAllMaxMillis = r1(Math.max(...Object.values(switchTimes.views).flatMap(xs => xs.slice(1))));
  figures.emptySwitchMillis = { median: r1(median(switchTimes.empty.slice(1))), max: r1(Math.max(...switchTimes.empty.slice(1))) };
  await op.waitForSelector(symbol(COUNTERS[0]));

  // Baseline: one shutter command from the map's side panel (stop on an open shutter: dispatched, and done at once)
  await op.click(`#floor-map [data-device="${COUNTERS[0]}"]`);
  await op.click('#map-details button[data-action="stop"]');
  await op.fill('#map-confirm #confirm-reason', 'browser test: baseline');
  await stampConfirmClick(op);
  const [single] = await Promise.all([
    op.waitForResponse(r => r.url().endsWith(`/api/devices/${COUNTERS[0]}/commands`) && r.request().method() === 'POST'),
    op.click('#map-confirm [data-test="confirm"]')]);
  check(single.ok(), `single stop: HTTP ${single.status()} ${await single.text()}`);
  const singleClick = await op.evaluate(() => window.confirmClickedAt);
  const singleId = (await single.json()).commandId;
  const [singleIssued] = await issued(op, e => e.subject === singleId, 1);
  figures.singleCommandClickToIssuedMillis = r1(Date.parse(singleIssued.time) - singleClick);
  figures.singleCommandApiMillis = timing(single);

  // "Close all counters" from the floor map, with its confirmation step
  await op.click('#map-actions button[data-group="all-counters"][data-action="close"]');
  await op.waitForSelector('#map-confirm .confirm');
  for (const id of COUNTERS) check((await op.textContent('#map-confirm .confirm .targets')).includes(id), `the confirmation does not name ${id}`);
  await op.fill('#map-confirm #confirm-reason', 'browser test: closing time');
  await stampConfirmClick(op);
  const t0 = Date.now();
  const [group] = await Promise.all([
    op.waitForResponse(r => r.url().endsWith('/api/shutters/groups/all-counters/close') && r.request().method() === 'POST'),
    op.click('#map-confirm [data-test="confirm"]')]);
  check(group.ok(), `close all: HTTP ${group.status()} ${await group.text()}`);
  const groupClick = await op.evaluate(() => window.confirmClickedAt);
  const answer = await group.json();
  check(answer.dispatched === COUNTERS.length, `close all dispatched ${answer.dispatched}, not ${COUNTERS.length}`);
  const closes = await issued(op, e => e.correlationid === answer.correlation && e.data.action === 'close', COUNTERS.length);
  check(COUNTERS.every(id => closes.some(e => e.source === id)), `not every counter got its close: ${closes.map(e => e.source)}`);
  figures.closeAllClickToLastIssuedMillis = r1(Math.max(...closes.map(e => Date.parse(e.time))) - groupClick);
  figures.closeAllApiMillis = timing(group);
  await op.waitForFunction(() => document.querySelector('section.map-view').dataset.dispatchMillis !== undefined);
  figures.closeAllUiDispatchMillis = Number(await op.getAttribute('section.map-view', 'data-dispatch-millis'));
  for (const id of COUNTERS) {
    await op.waitForSelector(`#floor-map [data-device="${id}"].shutter-closed`, { timeout: 30000 });
  }
  figures.closeAllToClosedMillis = Date.now() - t0;
  await op.screenshot({ path: path.join(outDir, 'map-1f-closed-ja.png') });
  await op.click('a[href="#/shutters"]');
  for (const id of COUNTERS) await op.waitForSelector(`#shutter-list tr[data-device="${id}"][data-state="CLOSED"]`, { timeout: 10000 });

  // Acknowledge the standing alarm
  await op.click('a[href="#/alarms"]');
  await op.waitForSelector(`tr[data-alarm="${ALARM}"] [data-state="ACTIVE_UNACKED"]`);
  await op.click(`button[data-action="acknowledge"][data-alarm="${ALARM}"]`);
  await op.fill('#confirm-comment', 'browser test: feed A known lost');
  await op.click('.confirm [data-test="confirm"]');
  await op.waitForSelector(`tr[data-alarm="${ALARM}"] [data-state="ACTIVE_ACKED"]`, { timeout: 10000 });
  check((await op.textContent(`tr[data-alarm="${ALARM}"]`)).includes('operator'), 'the alarm does not say who acknowledged it');
  await op.screenshot({ path: path.join(outDir, 'alarm-acknowledged-ja.png') });

  // Release a door for a moment: unlocked, then locked again by the hub's timed pulse
  await op.click('a[href="#/doors"]');
  const door = `tr:has(button[data-device="${DOOR}"])`;
  await op.waitForSelector(`${door} [data-state="locked"]`);
  await op.click(`button[data-action="unlock"][data-device="${DOOR}"]`);
  await op.fill('#confirm-seconds', '3');
  await op.fill('#confirm-reason', 'browser test: visitor at the back office');
  const released = Date.now();
  await op.click('.confirm [data-test="confirm"]');
  await op.waitForSelector(`${door} [data-state="unlocked"]`, { timeout: 10000 });
  await op.waitForSelector(`${door} [data-state="locked"]`, { timeout: 15000 });
  figures.doorReleaseToRelockedSeenMillis = Date.now() - released;

  // The viewer: every control absent, and the API refusing the same calls made from the page
  const viewer = await login('viewer');
  await viewer.waitForSelector(symbol(COUNTERS[0]));
  check(await viewer.$$eval('#map-actions button', b => b.length) === 0, 'viewer sees the map\'s group controls');
  await viewer.click(`#floor-map [data-device="${COUNTERS[0]}"]`);
  await viewer.waitForSelector('#map-details h2');
  check(await viewer.$('#map-side button[data-action]') === null, 'viewer sees shutter controls on the map');
  await viewer.click(`#floor-map [data-device="${DOOR}"]`);
  check(await viewer.$('#map-side button[data-action]') === null, 'viewer sees door controls on the map');
  await viewer.screenshot({ path: path.join(outDir, 'viewer-map-ja.png') });
  await viewer.click('a[href="#/shutters"]');
  await viewer.waitForSelector(`#shutter-list tr[data-device="${COUNTERS[0]}"]`);
  check(await viewer.$('#shutter-groups') === null && await viewer.$('#shutter-list button, #shutter-list input') === null, 'viewer sees shutter controls');
  await viewer.click('a[href="#/alarms"]');
  await viewer.waitForSelector(`tr[data-alarm="${ALARM}"]`);
  check(await viewer.$('button[data-action]') === null, 'viewer sees alarm controls');
  await viewer.click('a[href="#/doors"]');
  await viewer.waitForSelector(`tr:has-text("${DOOR}")`);
  check(await viewer.$('button[data-action]') === null, 'viewer sees door controls');
  const refusals = await viewer.evaluate(async ({ alarm, door, shutter }) => {
    const s = await (await fetch('/api/session')).json();
    const post = async (path, body) => {
      const r = await fetch(`/api${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrfToken }, body: JSON.stringify(body) });
      return { path, status: r.status, body: await r.json() };
    };
    return [await post('/shutters/groups/all-counters/open', { reason: 'viewer tries' }),
      await post(`/devices/${shutter}/commands`, { action: 'open', reason: 'viewer tries' }),
      await post(`/devices/${door}/commands`, { action: 'unlock', args: { seconds: 3 }, reason: 'viewer tries' }),
      await post(`/alarms/${alarm}/shelve`, { minutes: 5, reason: 'viewer tries' })];
  }, { alarm: ALARM, door: DOOR, shutter: COUNTERS[0] });
  for (const r of refusals) {
    check(r.status === 403 && r.body.error === 'forbidden' && /viewer/.test(r.body.message), `viewer POST ${r.path}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  figures.viewerRefusals = refusals.map(r => `${r.path} ${r.status}`);
  // The API's browsable page: Swagger UI under the same strict policy, every documented operation shown, and a
  // "try it out" that runs in the operator's session
  const docs = await op.context().newPage();
  const violations = [];
  docs.on('console', m => { if (m.type() === 'error') violations.push(m.text()); });
  docs.on('pageerror', e => violations.push(e.message));
  await docs.goto(`${base}/console/api.html`);
  await docs.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  const documentText = await (await docs.request.get(`${base}/api/openapi.json`)).json();
  const operations = Object.values(documentText.paths).flatMap(item => Object.keys(item).filter(k => ['get', 'post', 'put', 'patch', 'delete'].includes(k)));
  await docs.waitForSelector('.opblock');
  const shown = await docs.$$eval('.opblock', els => els.length);
  check(shown === operations.length, `the API page shows ${shown} operations, the document has ${operations.length}`);
  await docs.click('#operations-devices-listDevices .opblock-summary');
  await docs.click('#operations-devices-listDevices .try-out__btn');
  await docs.click('#operations-devices-listDevices .execute');
  await docs.waitForSelector('#operations-devices-listDevices .live-responses-table tbody .response-col_status', { timeout: 10000 });
  const status = (await docs.textContent('#operations-devices-listDevices .live-responses-table tbody .response-col_status')).trim();
  check(status.startsWith('200'), `"try it out" of GET /api/devices answered ${status}`);
  await docs.screenshot({ path: path.join(outDir, 'api-docs.png') });
  check(violations.length === 0, `the API page reported: ${violations.join(' | ')}`);
  figures.apiDocsOperations = shown;

  const states = await viewer.request.get(`${base}/api/shutters`);
  check((await states.json()).shutters.every(s => s.state === 'CLOSED'), 'a refused call moved a shutter');
  check(problems.length === 0, `browser reported: ${problems.join(' | ')}`);
}

main().catch(e => { console.error(`console browser test failed: ${e.message}`); process.exit(1); });
