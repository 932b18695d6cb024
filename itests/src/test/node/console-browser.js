// The console in headless Chromium (Debian's, driven by playwright-core), against a running hub.
// Usage: node console-browser.js <base url, e.g. http://127.0.0.1:8181> <screenshot folder> [--api]
// Without --api it checks what needs no REST API: the log-in page in Japanese, English and back (remembered across a
// reload), no CSP violation, the floor-map sanitiser. With --api it also logs in as operator and viewer (see below).
// Prints one JSON line of figures at the end; exits non-zero with the reason on the first failure.
'use strict';
const { chromium } = require('playwright-core');
const fs = require('fs');
const path = require('path');

const [base, outDir, ...flags] = process.argv.slice(2);
const withApi = flags.includes('--api');
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

    if (withApi) {
      await apiScenarios(browser, ja, en, figures);
    } else {
      // 8. A wrong password is refused by the API, shown as an error in the user's language, and not kept in the form.
      await page.fill('#login-user', 'operator');
      await page.fill('#login-password', 'not-the-password');
      await page.click('#login-submit');
      await page.waitForSelector('#notice.notice-error:not([hidden])');
      const notice = await page.textContent('#notice');
      check(notice.trim().length > 0 && !notice.includes('{'), `no clear message for a refused log-in: ${notice}`);
      check(await page.inputValue('#login-password') === '', 'the password stayed in the form after a failed log-in');
      await page.screenshot({ path: path.join(outDir, 'login-refused-ja.png') });
    }

    check(problems.length === 0, `browser reported: ${problems.join(' | ')}`);
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(figures));
}

// With the console's REST API: operator closes all counter shutters from the UI and sees each reach CLOSED; the
// viewer finds no shutter control.
async function apiScenarios(browser, ja, en, figures) {
  const login = async (user) => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await page.goto(`${base}/console/`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.fill('#login-user', user);
    await page.fill('#login-password', `${user}-demo`);
    await page.click('#login-submit');
    await page.waitForSelector('main[data-view="map"]', { timeout: 15000 });
    return page;
  };
  const op = await login('operator');
  await op.waitForSelector('#floor-map svg.floor [data-device="shutter.1f.counter-1"] .sym', { timeout: 15000 });
  await op.screenshot({ path: path.join(outDir, 'map-1f-ja.png') });
  await op.click('#lang-switch');
  await op.waitForFunction(() => document.documentElement.lang === 'en');
  await op.screenshot({ path: path.join(outDir, 'map-1f-en.png') });
  await op.click('#lang-switch');
  await op.click('a[href="#/shutters"]');
  await op.waitForSelector('#shutter-list tr[data-device="shutter.1f.counter-1"]');
  const t0 = Date.now();
  await op.click('button[data-group="all-counters"][data-action="close"]');
  await op.fill('#confirm-reason', 'browser test: closing time');
  await op.click('.confirm button[data-test="confirm"]');
  await op.waitForFunction(() => document.querySelector('section.shutters').dataset.dispatchMillis !== undefined, null, { timeout: 10000 });
  figures.closeAllDispatchMillis = Number(await op.getAttribute('section.shutters', 'data-dispatch-millis'));
  for (let i = 1; i <= 4; i++) {
    await op.waitForSelector(`#shutter-list tr[data-device="shutter.1f.counter-${i}"][data-state="CLOSED"]`, { timeout: 30000 });
  }
  figures.closeAllToClosedMillis = Date.now() - t0;
  await op.screenshot({ path: path.join(outDir, 'shutters-closed-ja.png') });

  const viewer = await login('viewer');
  await viewer.click('a[href="#/shutters"]');
  await viewer.waitForSelector('#shutter-list tr[data-device="shutter.1f.counter-1"]');
  check(await viewer.$('#shutter-groups') === null && await viewer.$('button[data-action="close"]') === null, 'viewer sees shutter controls');
  await viewer.click('a[href="#/map/1F"]');
  await viewer.waitForSelector('#floor-map [data-device="shutter.1f.counter-1"] .sym');
  await viewer.click('#floor-map [data-device="shutter.1f.counter-1"]');
  check(await viewer.$('#map-side button[data-action]') === null, 'viewer sees device controls on the map');
  await viewer.screenshot({ path: path.join(outDir, 'viewer-map-ja.png') });
}

main().catch(e => { console.error(`console browser test failed: ${e.message}`); process.exit(1); });
