// The dnsplane dashboard. It polls GET /dashboard/state once a second with the API token and
// redraws. Everything from the server is written with textContent (never as HTML): decision
// reasons and names are data. When the API does not answer, the last picture stays on screen,
// marked with how old it is.

const TOKEN_KEY = 'dnsplane.api-token';
const POLL_MS = 1000;
const REQUEST_TIMEOUT_MS = 4000;
const DECISIONS_SHOWN = 60;
const PROVIDER_COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];

const state = { token: null, last: null, lastOkAtMs: null, failingSinceMs: null, timer: null };

// ---- the token: once from the URL fragment, then from sessionStorage -----------------------

function takeTokenFromFragment() {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (match === null) return;
  sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
  // Out of the address bar and the history: the fragment never reaches a server, but it could
  // reach a screenshot or a shared link.
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
}

function showLogin(message) {
  document.getElementById('main').hidden = true;
  document.getElementById('login').hidden = false;
  document.getElementById('login-error').textContent = message ?? '';
  setConnection('login', 'token needed');
}

function onLogin(event) {
  event.preventDefault();
  const input = document.getElementById('token');
  const token = input.value.trim();
  if (token === '') return;
  sessionStorage.setItem(TOKEN_KEY, token);
  input.value = '';
  start();
}

// ---- polling -------------------------------------------------------------------------------

function start() {
  state.token = sessionStorage.getItem(TOKEN_KEY);
  if (state.token === null) {
    showLogin();
    return;
  }
  document.getElementById('login').hidden = true;
  document.getElementById('main').hidden = false;
  if (state.timer === null) void poll();
}

async function poll() {
  state.timer = null;
  try {
    const response = await fetch('/dashboard/state', {
      headers: { authorization: `Bearer ${state.token}` },
      cache: 'no-store',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (response.status === 401 || response.status === 403) {
      sessionStorage.removeItem(TOKEN_KEY);
      const body = await response.json().catch(() => ({}));
      showLogin(`refused (${response.status}): ${body.error ?? 'the token is not valid'}`);
      return;
    }
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const view = await response.json();
    state.last = view;
    state.lastOkAtMs = Date.now();
    state.failingSinceMs = null;
    render(view);
  } catch (error) {
    state.failingSinceMs ??= Date.now();
    renderDisconnected(error instanceof Error ? error.message : String(error));
  }
  state.timer = setTimeout(() => void poll(), POLL_MS);
}

// ---- rendering -----------------------------------------------------------------------------

/** h('div', { class: 'x', data: { a: 1 } }, child, 'text'): an element, children appended. */
function h(tag, attributes = {}, ...children) {
  const element = tag === 'svg' || SVG_TAGS.has(tag) ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'data') for (const [key, data] of Object.entries(value)) element.dataset[key] = String(data);
    else element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  return element;
}
const SVG_TAGS = new Set(['g', 'line', 'polyline', 'path', 'circle', 'text', 'rect', 'title']);

function setConnection(kind, text) {
  const element = document.getElementById('connection');
  element.dataset.state = kind;
  element.textContent = text;
}

function render(view) {
  const status = view.status;
  document.getElementById('zone').textContent = status === null ? '' : `${status.zone} (${status.region})`;
  const age = view.statusAtMs === null ? null : view.atMs - view.statusAtMs;
  if (view.statusError !== null) setConnection('stale', `status ${age === null ? 'never read' : `${duration(age)} old`}: ${view.statusError}`);
  else setConnection('live', `live · ${clock(view.atMs)}`);
  renderAlarms(view.alarms);
  if (status !== null) {
    renderEndpoints(status);
    renderZones(view.zones, view.demo);
    renderGenerations(view.timeline.events, status);
  }
  renderDecisions(view.timeline);
}

function renderDisconnected(message) {
  const since = state.failingSinceMs ?? Date.now();
  const last = state.lastOkAtMs === null ? 'nothing shown yet' : `showing the picture of ${clock(state.lastOkAtMs)}`;
  setConnection('down', `API not answering for ${duration(Date.now() - since)} (${message}); ${last}`);
  const apiDown = { severity: 'critical', kind: 'api-down', title: 'dnsplane API not answering', detail: `since ${clock(since)}: ${message}; the rest of this page is the last picture received` };
  renderAlarms([apiDown, ...(state.last?.alarms ?? [])]);
}

function renderAlarms(alarms) {
  const section = document.getElementById('alarms');
  if (alarms.length === 0) {
    section.replaceChildren(h('div', { class: 'alarm ok', data: { kind: 'none' } }, 'No alarms'));
    return;
  }
  section.replaceChildren(...alarms.map((alarm) => h('div', { class: `alarm ${alarm.severity}`, data: { kind: alarm.kind } },
    h('strong', {}, alarm.title), h('span', {}, alarm.detail))));
}

function renderEndpoints(status) {
  const providers = status.providers.map((p) => p.provider);
  const newest = status.store.latestGeneration;
  const header = h('tr', {}, h('th', {}, 'endpoint'), providers.map((id) => h('th', {}, id, providerState(status, id))));
  const rows = status.endpoints.map((endpoint) => h('tr', { data: { endpoint: endpoint.name } },
    h('th', { scope: 'row' }, endpoint.name),
    providers.map((id) => endpointCell(endpoint.providers[id], id, newest))));
  const plan = newest === null ? `plan store: ${status.store.error ?? 'no plan yet'}` : `newest plan: generation ${newest}`;
  document.getElementById('endpoints').replaceChildren(
    h('p', { class: 'note' }, plan),
    h('table', { class: 'endpoints' }, h('thead', {}, header), h('tbody', {}, rows)));
}

function providerState(status, id) {
  const provider = status.providers.find((p) => p.provider === id);
  if (provider === undefined || provider.reachable) return null;
  return h('span', { class: 'badge critical' }, 'DOWN');
}

function endpointCell(live, provider, newest) {
  if (live === undefined) return h('td', { data: { provider } }, '—');
  const behind = newest !== null && live.generation < newest;
  const classes = ['live', live.error ? 'has-error' : '', live.stale ? 'stale' : '', behind ? 'behind' : ''].join(' ');
  return h('td', { class: classes, data: { provider, generation: live.generation } },
    h('div', { class: 'generation' }, `gen ${live.generation}`, live.by ? h('span', { class: 'by' }, ` by ${live.by}`) : null, behind ? h('span', { class: 'badge warning' }, 'behind') : null, live.stale ? h('span', { class: 'badge warning' }, 'stale') : null),
    h('ul', { class: 'addresses' }, live.addresses.length === 0 ? h('li', { class: 'empty' }, 'no address') : live.addresses.map((a) => h('li', { class: 'address' }, a))),
    live.error ? h('div', { class: 'error' }, live.error) : null);
}

function renderZones(zones, demo) {
  const running = new Map((demo ?? []).map((lb) => [lb.id, lb.running]));
  document.getElementById('zones').replaceChildren(...zones.map((zone) => h('div', { class: 'zone', data: { zone: zone.zone } },
    h('h3', {}, zone.zone, h('small', {}, ` ${zone.loadBalancers.filter((lb) => lb.healthy).length}/${zone.loadBalancers.length} healthy`)),
    h('div', { class: 'tiles' }, zone.loadBalancers.map((lb) => h('div', {
      class: `tile ${!lb.checked ? 'unknown' : lb.healthy ? 'healthy' : 'unhealthy'}${lb.held ? ' held' : ''}`,
      data: { lb: lb.id, healthy: lb.healthy },
      title: lb.detail,
    },
    h('strong', {}, lb.id), h('span', {}, lb.addresses.join(' ')),
    h('span', { class: 'detail' }, !lb.checked ? 'not checked yet' : `${lb.healthy ? 'healthy' : 'UNHEALTHY'}${lb.held ? ' (held)' : ''}${lb.detail ? `: ${lb.detail}` : ''}`),
    running.has(lb.id) ? h('span', { class: 'detail' }, running.get(lb.id) ? 'demo: running' : 'demo: stopped') : null))))));
}

// ---- the generations chart: the newest plan and each provider's live generation over time ----

const CHART = { width: 960, height: 220, left: 48, right: 130, top: 12, bottom: 28 };

function renderGenerations(events, status) {
  const series = generationSeries(events, status);
  const container = document.getElementById('generations');
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) {
    container.replaceChildren(h('p', { class: 'note' }, 'no generations in the timeline yet'));
    return;
  }
  const now = Date.now();
  const x0 = Math.min(...all.map((p) => p.atMs));
  const x1 = Math.max(now, x0 + 1000);
  const g0 = Math.min(...all.map((p) => p.generation));
  const g1 = Math.max(...all.map((p) => p.generation), g0 + 1);
  const x = (atMs) => CHART.left + ((atMs - x0) / (x1 - x0)) * (CHART.width - CHART.left - CHART.right);
  const y = (generation) => CHART.top + (1 - (generation - g0) / (g1 - g0)) * (CHART.height - CHART.top - CHART.bottom);
  // The plan is drawn last (dashed, on top): where a provider is at the newest plan, both show.
  const ordered = [...series.filter((s) => s.kind !== 'plan'), ...series.filter((s) => s.kind === 'plan')];
  const labels = spreadLabels(ordered.map((s) => y(s.points[s.points.length - 1].generation)), LABEL_GAP_PX);
  const lines = ordered.map((s, i) => {
    const steps = stepPoints(s.points, now).map((p) => `${x(p.atMs).toFixed(1)},${y(p.generation).toFixed(1)}`).join(' ');
    const last = s.points[s.points.length - 1];
    return h('g', { class: `series ${s.kind}`, data: { series: s.name } },
      h('polyline', { points: steps, fill: 'none', stroke: s.colour, 'stroke-width': s.kind === 'plan' ? 2 : 3, 'stroke-dasharray': s.kind === 'plan' ? '6 4' : null }),
      h('text', { x: CHART.width - CHART.right + 6, y: labels[i] + 4, fill: s.colour, class: 'label' }, `${s.name} ${last.generation}`));
  });
  const ticks = generationTicks(g0, g1).map((g) => h('g', {},
    h('line', { x1: CHART.left, x2: CHART.width - CHART.right, y1: y(g), y2: y(g), class: 'grid' }),
    h('text', { x: CHART.left - 6, y: y(g) + 4, class: 'axis', 'text-anchor': 'end' }, String(g))));
  const times = [x0, (x0 + x1) / 2, x1].map((t) => h('text', { x: x(t), y: CHART.height - 8, class: 'axis', 'text-anchor': 'middle' }, clock(t)));
  container.replaceChildren(h('svg', { viewBox: `0 0 ${CHART.width} ${CHART.height}`, class: 'chart', role: 'img', 'aria-label': 'generations over time' }, ticks, times, lines));
}

const LABEL_GAP_PX = 15;

/** Label heights moved apart (at least gapPx) so that series ending at the same generation stay readable. */
function spreadLabels(ys, gapPx) {
  const order = ys.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const placed = new Array(ys.length);
  let previous = -Infinity;
  for (const { value, index } of order) {
    previous = Math.max(value, previous + gapPx);
    placed[index] = previous;
  }
  // Pushed below the plot: shift the whole stack up.
  const overflow = Math.max(0, Math.max(...placed) - (CHART.height - CHART.bottom));
  return placed.map((value) => value - overflow);
}

/** The newest plan (plan.created) and, per provider, the newest generation written (enact.*). */
function generationSeries(events, status) {
  const plan = { name: 'plan', kind: 'plan', colour: '#555', points: [] };
  const providers = new Map(status.providers.map((p, i) => [p.provider, { name: p.provider, kind: 'provider', colour: PROVIDER_COLOURS[i % PROVIDER_COLOURS.length], points: [] }]));
  for (const event of events) {
    if (typeof event.generation !== 'number') continue;
    if (event.kind === 'plan.created') pushMax(plan.points, event.atMs, event.generation);
    const written = event.kind === 'enact.applied' || event.kind === 'enact.repaired' || event.kind === 'enact.adopted' || event.kind === 'enact.empty-repaired';
    if (written && providers.has(event.provider)) pushMax(providers.get(event.provider).points, event.atMs, event.generation);
  }
  return [plan, ...providers.values()].filter((s) => s.points.length > 0);
}

/** A running maximum: generations never go back on a provider, and a repeat adds nothing. */
function pushMax(points, atMs, generation) {
  const last = points[points.length - 1];
  if (last !== undefined && generation <= last.generation) return;
  points.push({ atMs, generation });
}

/** Steps: each value holds until the next one, the last until now. */
function stepPoints(points, now) {
  const steps = [];
  points.forEach((p, i) => {
    if (i > 0) steps.push({ atMs: p.atMs, generation: points[i - 1].generation });
    steps.push(p);
  });
  steps.push({ atMs: now, generation: points[points.length - 1].generation });
  return steps;
}

function generationTicks(g0, g1) {
  const step = Math.max(1, Math.ceil((g1 - g0) / 5));
  const ticks = [];
  for (let g = Math.ceil(g0); g <= g1; g += step) ticks.push(g);
  return ticks;
}

function renderDecisions(timeline) {
  const source = timeline.source === 'audit-log' ? 'from the audit log' : `from memory (audit log: ${timeline.error ?? 'unavailable'})`;
  document.getElementById('timeline-source').textContent = source;
  const newestFirst = [...timeline.events].reverse().slice(0, DECISIONS_SHOWN);
  document.getElementById('decisions').replaceChildren(...newestFirst.map((event) => h('li', { class: `decision ${event.kind.split('.')[0]}`, data: { kind: event.kind } },
    h('time', { datetime: new Date(event.atMs).toISOString() }, clock(event.atMs)),
    h('span', { class: 'kind' }, event.kind),
    h('span', { class: 'actor' }, event.actor),
    event.endpoint ? h('span', { class: 'endpoint' }, event.endpoint) : null,
    typeof event.generation === 'number' ? h('span', { class: 'gen' }, `gen ${event.generation}${event.provider ? ` on ${event.provider}` : ''}`) : null,
    h('span', { class: 'reason' }, event.reason))));
}

// ---- formatting ------------------------------------------------------------------------------

/** 21:40:03 (UTC): the page and the logs speak the same time. */
function clock(atMs) {
  return `${new Date(atMs).toISOString().slice(11, 19)}Z`;
}

function duration(ms) {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.floor(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

takeTokenFromFragment();
document.getElementById('login').addEventListener('submit', onLogin);
start();
