// The API's browsable page (api.html): Swagger UI (the swagger-ui WebJar, served under /console/vendor/) showing
// GET /api/openapi.json. "Try it out" runs in the user's own session: the cookie goes along by itself, and commands
// carry the session's CSRF token like the console's own calls, so the command policy decides them the same way.
import { setLanguage, initialLanguage, t } from './i18n.js';

async function start() {
  await setLanguage(initialLanguage());
  let csrfToken = null;
  try {
    const res = await fetch('/api/session', { headers: { Accept: 'application/json' } });
    if (res.ok) csrfToken = (await res.json()).csrfToken;
  } catch (e) { /* not logged in: reads answer 401, as the page says */ }
  if (!csrfToken) {
    const notice = document.getElementById('notice');
    notice.textContent = t('apidocs.loggedOut');
    notice.className = 'notice notice-info';
    notice.hidden = false;
  }
  window.ui = window.SwaggerUIBundle({
    url: '/api/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null, // nothing leaves the hub
    requestInterceptor: request => {
      if (csrfToken && request.method && request.method.toUpperCase() !== 'GET') request.headers['X-CSRF-Token'] = csrfToken;
      return request;
    },
    onComplete: () => { document.body.dataset.ready = 'true'; },
  });
}

start();
