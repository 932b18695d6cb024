// Live updates: the API's Server-Sent Events stream for the topics a view shows; if the stream cannot be opened
// (no SSE route yet, or a proxy that refuses it) the view polls instead. Bursts are coalesced into one refresh.
import { api } from './api.js';

export function live(topics, { onEvent, refresh, pollMillis = 3000, coalesceMillis = 250 }) {
  let source = null, timer = null, pending = null, opened = false, stopped = false;
  const schedule = () => {
    if (pending || stopped || !refresh) return;
    pending = setTimeout(() => { pending = null; refresh(); }, coalesceMillis);
  };
  const poll = () => { if (!timer && refresh && !stopped) timer = setInterval(refresh, pollMillis); };
  const handle = e => {
    let event;
    try { event = JSON.parse(e.data); } catch (err) { return; }
    if (onEvent) onEvent(event);
    schedule();
  };
  if (typeof EventSource === 'function') {
    source = new EventSource(api.streamUrl(topics));
    source.onopen = () => { opened = true; if (timer) { clearInterval(timer); timer = null; } };
    source.onmessage = handle;
    source.addEventListener('event', handle);
    source.onerror = () => { if (!opened) { source.close(); source = null; poll(); } };
  } else {
    poll();
  }
  return {
    mode: () => (source && opened ? 'sse' : timer ? 'poll' : 'connecting'),
    stop() { stopped = true; if (source) source.close(); clearInterval(timer); clearTimeout(pending); },
  };
}
