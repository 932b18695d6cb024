// Live updates: the API's Server-Sent Events stream (GET /api/events/stream) for what a view shows: event types
// (topics) and, where the view is narrower, devices or zones. While the stream is open the view does not poll; a burst
// of events becomes one refresh (coalesceMillis). The server says `resync` when this client fell behind or could not
// resume: the view then re-reads everything over REST. If the stream fails (refused, network, server gone) the view
// polls every pollMillis until the browser's reconnect (or our own retry of a refused stream) opens it again.
import { api, sessionLost } from './api.js';

const RETRY_REFUSED_MILLIS = 30000;

export function live(topics, { onEvent, refresh, refreshIf, devices, zones, pollMillis = 3000, coalesceMillis = 250 }) {
  let source = null, timer = null, pending = null, retry = null, stopped = false;
  const schedule = () => {
    if (pending || stopped || !refresh) return;
    pending = setTimeout(() => { pending = null; refresh(); }, coalesceMillis);
  };
  const poll = () => { if (!timer && refresh && !stopped) timer = setInterval(refresh, pollMillis); };
  const unpoll = () => { if (timer) { clearInterval(timer); timer = null; } };
  const handle = e => {
    let event;
    try { event = JSON.parse(e.data); } catch (err) { return; }
    if (onEvent) onEvent(event);
    if (!refreshIf || refreshIf(event)) schedule();
  };
  const open = () => {
    if (stopped || typeof EventSource !== 'function') { poll(); return; }
    source = new EventSource(api.streamUrl(topics, { devices, zones }));
    source.onopen = () => unpoll();
    source.addEventListener('event', handle);
    source.onmessage = handle;
    // fell behind, or the hub restarted since our last event: what we hold is stale, read it again
    source.addEventListener('resync', () => { if (refresh) refresh(); });
    source.addEventListener('session-ended', () => { close(); sessionLost(); });
    // this session opened more streams than the hub keeps for it (other tabs): this one polls from now on
    source.addEventListener('replaced', () => { close(); poll(); });
    source.onerror = () => {
      poll(); // the fallback while the stream is down
      if (source && source.readyState === EventSource.CLOSED) {
        // refused (401, 429, 503): the browser does not retry by itself
        close();
        if (!stopped) retry = setTimeout(open, RETRY_REFUSED_MILLIS);
      }
    };
  };
  const close = () => { if (source) { source.close(); source = null; } };
  open();
  return {
    mode: () => (source && source.readyState === 1 ? 'sse' : timer ? 'poll' : 'connecting'),
    stop() { stopped = true; close(); unpoll(); clearTimeout(pending); clearTimeout(retry); },
  };
}
