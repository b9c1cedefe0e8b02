// The registry's dashboard: plain JavaScript, no build step, no third-party code.
// Data: GET /api/v1/registry, /api/v1/protection, /api/v1/propagation, and the watch stream of every service
// (read with fetch, so a bearer token can go with it; an EventSource cannot send one).
'use strict';

const TOKEN_KEY = 'discovery.token';
const state = {
  token: sessionStorage.getItem(TOKEN_KEY),
  info: null,
  services: new Map(), // name -> Map(instanceId -> InstanceView)
  index: 0,
  epoch: null,
  connected: false,
  protection: null,
  propagation: new Map(), // name -> PropagationReport
  sort: { key: 'instanceId', descending: false },
  filter: '',
  pendingDeregister: null,
  stream: null,
  clockOffset: 0, // the registry's clock minus the browser's, in milliseconds
};

const $ = (id) => document.getElementById(id);

class Unauthorized extends Error {}

async function api(path, options = {}) {
  const headers = Object.assign({ Accept: 'application/json' }, options.headers || {});
  if (state.token) {
    headers.Authorization = 'Bearer ' + state.token;
  }
  const response = await fetch(path, Object.assign({}, options, { headers }));
  if (response.status === 401) {
    throw new Unauthorized();
  }
  if (!response.ok) {
    let detail = response.statusText;
    try {
      detail = (await response.json()).detail || detail;
    } catch (ignored) {
      // not a problem document
    }
    throw new Error(response.status + ': ' + detail);
  }
  return response.status === 204 ? null : response.json();
}

// ---- start, token -------------------------------------------------------------------------------------------

async function start() {
  try {
    setInfo(await api('/api/v1/registry'));
  } catch (ex) {
    if (ex instanceof Unauthorized) {
      showLogin(state.token ? 'The registry did not accept this token.' : '');
      return;
    }
    setLive(false, 'Registry unreachable: ' + ex.message + '. Retrying…');
    setTimeout(start, 2000);
    return;
  }
  $('login').hidden = true;
  $('forget-token').hidden = !state.token;
  connect();
  poll();
  route();
}

function setInfo(info) {
  state.info = info;
  // Times are shown against the registry's clock, so a browser whose clock is off does not skew them.
  state.clockOffset = Date.parse(info.now) - Date.now();
}

function showLogin(message) {
  stopStream();
  $('overview').hidden = true;
  $('service').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message || '';
  $('forget-token').hidden = true;
  setLive(false, 'Not signed in');
  $('token').focus();
}

$('login-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const token = $('token').value.trim();
  if (!token) {
    return;
  }
  state.token = token;
  sessionStorage.setItem(TOKEN_KEY, token);
  $('token').value = '';
  start();
});

$('forget-token').addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  state.token = null;
  state.info = null;
  showLogin('');
});

function isAdmin() {
  return !!state.info && state.info.roles.includes('ADMIN');
}

// ---- the watch stream ---------------------------------------------------------------------------------------

function stopStream() {
  if (state.stream) {
    state.stream.abort();
    state.stream = null;
  }
}

async function connect() {
  stopStream();
  const controller = new AbortController();
  state.stream = controller;
  const headers = { Accept: 'text/event-stream' };
  if (state.token) {
    headers.Authorization = 'Bearer ' + state.token;
  }
  try {
    const response = await fetch('/api/v1/watch?services=*&passing=false', { headers, signal: controller.signal });
    if (response.status === 401) {
      showLogin('The registry did not accept this token.');
      return;
    }
    if (!response.ok) {
      throw new Error('status ' + response.status);
    }
    setLive(true, 'Live');
    await readEvents(response.body.getReader(), controller.signal);
    throw new Error('stream ended');
  } catch (ex) {
    if (controller.signal.aborted && state.stream !== controller) {
      return;
    }
    setLive(false, 'Reconnecting to the watch stream…');
    setTimeout(() => {
      if (state.stream === controller) {
        connect();
      }
    }, 1000);
  }
}

async function readEvents(reader, signal) {
  const decoder = new TextDecoder();
  let buffer = '';
  let event = { name: 'message', data: '' };
  while (!signal.aborted) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += decoder.decode(value, { stream: true });
    let newline;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      if (line === '') {
        if (event.data) {
          onEvent(event.name, event.data);
        }
        event = { name: 'message', data: '' };
      } else if (line.startsWith('event:')) {
        event.name = line.slice(6).trim();
      } else if (line.startsWith('data:')) {
        event.data += line.slice(5).trim();
      }
    }
  }
}

function onEvent(name, data) {
  const payload = JSON.parse(data);
  if (name === 'snapshot') {
    state.services = new Map();
    for (const [service, instances] of Object.entries(payload.services)) {
      state.services.set(service, new Map(instances.map((i) => [i.instanceId, i])));
    }
    state.index = payload.index;
    state.epoch = payload.epoch;
  } else if (name === 'change') {
    let instances = state.services.get(payload.service);
    if (!instances) {
      instances = new Map();
      state.services.set(payload.service, instances);
    }
    if (payload.instance) {
      instances.set(payload.instanceId, payload.instance);
    } else {
      instances.delete(payload.instanceId);
    }
    state.index = Math.max(state.index, payload.index);
  } else if (name === 'resync') {
    connect();
    return;
  }
  scheduleRender();
}

function setLive(on, text) {
  state.connected = on;
  const live = $('live');
  live.textContent = text;
  live.className = 'live ' + (on ? 'on' : 'off');
}

// ---- polling what the stream does not carry ------------------------------------------------------------------

let pollTimer = null;

async function poll() {
  clearTimeout(pollTimer);
  try {
    const service = currentService();
    const [info, protection, propagation] = await Promise.all([
      api('/api/v1/registry'),
      api('/api/v1/protection'),
      service ? api('/api/v1/services/' + encodeURIComponent(service) + '/propagation').then((r) => [r])
        : api('/api/v1/propagation'),
    ]);
    setInfo(info);
    state.protection = protection;
    for (const report of propagation) {
      state.propagation.set(report.service, report);
    }
    if (service) {
      // Heartbeats do not move the index, so the stream does not carry them: refresh leases here.
      const instances = await api('/api/v1/services/' + encodeURIComponent(service) + '/instances?passing=false&view=full');
      const known = state.services.get(service) || new Map();
      for (const instance of instances) {
        const current = known.get(instance.instanceId);
        if (current && current.index <= instance.index) {
          known.set(instance.instanceId, instance);
        }
      }
    }
    scheduleRender();
  } catch (ex) {
    if (ex instanceof Unauthorized) {
      showLogin('The registry no longer accepts this token.');
      return;
    }
  }
  pollTimer = setTimeout(poll, 2000);
}

// ---- rendering ------------------------------------------------------------------------------------------------

let renderQueued = false;

function scheduleRender() {
  if (!renderQueued) {
    renderQueued = true;
    requestAnimationFrame(() => {
      renderQueued = false;
      render();
    });
  }
}

function currentService() {
  const match = /^#\/services\/([^/]+)$/.exec(location.hash);
  return match ? decodeURIComponent(match[1]) : null;
}

function route() {
  state.filter = '';
  $('filter').value = '';
  state.pendingDeregister = null;
  $('action-result').textContent = '';
  render();
  poll();
  $('main').focus();
}

window.addEventListener('hashchange', route);

function render() {
  if (!state.info) {
    return;
  }
  renderHeader();
  const service = currentService();
  $('overview').hidden = !!service;
  $('service').hidden = !service;
  if (service) {
    renderService(service);
  } else {
    renderOverview();
  }
}

function renderHeader() {
  const info = state.info;
  $('identity').textContent = info.name + ' · ' + info.node + ' · ' + info.store + ' store · epoch '
    + (state.epoch || info.epoch) + ' · ' + (isAdmin() ? (info.tokensRequired ? 'admin' : 'open registry')
      : 'read-only');
  const banner = $('protection');
  const protection = state.protection;
  if (protection && (protection.registry || protection.services.length)) {
    const scopes = [];
    if (protection.registry) {
      scopes.push('Whole registry: ' + protection.registry.reason);
    }
    for (const scope of protection.services) {
      scopes.push(scope.name + ': ' + scope.reason + ' (' + scope.held.length + ' held)');
    }
    banner.textContent = 'Protection mode is holding back instance losses. ' + scopes.join(' · ');
    banner.hidden = false;
  } else {
    banner.hidden = true;
    banner.textContent = '';
  }
}

function fact(list, label, value) {
  const item = document.createElement('div');
  const term = document.createElement('dt');
  term.textContent = label;
  const definition = document.createElement('dd');
  definition.textContent = value;
  item.append(term, definition);
  list.append(item);
}

function renderOverview() {
  const info = state.info;
  let instances = 0;
  for (const of of state.services.values()) {
    instances += of.size;
  }
  const facts = $('facts');
  facts.replaceChildren();
  fact(facts, 'Services', String([...state.services.values()].filter((s) => s.size > 0).length));
  fact(facts, 'Instances', String(instances));
  fact(facts, 'Index', String(Math.max(state.index, info.index)));
  fact(facts, 'Uptime', duration(info.uptimeSeconds));
  fact(facts, 'Started', new Date(info.startedAt).toLocaleString());
  fact(facts, 'State', info.restored ? 'restored' : (info.warmingUp ? 'warming up' : 'fresh'));
  const body = $('services').tBodies[0];
  const names = [...state.services.keys()].filter((name) => state.services.get(name).size > 0).sort();
  const rows = keyedRows(body, names, 'service', (name) => {
    const row = document.createElement('tr');
    const link = document.createElement('a');
    link.href = '#/services/' + encodeURIComponent(name);
    link.textContent = name;
    row.insertCell().append(link);
    for (let i = 0; i < 9; i++) {
      row.insertCell().className = 'num';
    }
    return row;
  });
  for (const name of names) {
    const list = [...state.services.get(name).values()];
    const count = (test) => String(list.filter(test).length);
    const report = state.propagation.get(name);
    const row = rows.get(name);
    setTexts(row, 1, [String(list.length), count((i) => i.status === 'UP'),
      count((i) => i.status === 'OUT_OF_SERVICE'), count((i) => i.health === 'PASSING'),
      count((i) => i.health === 'WARNING'), count((i) => i.health === 'CRITICAL'),
      millis(report && report.timeToTruth.p50Millis), millis(report && report.timeToTruth.p99Millis),
      report ? String(report.lagging.length) : '0']);
    row.cells[9].classList.toggle('lagging', !!report && report.lagging.length > 0);
  }
  $('no-services').hidden = names.length > 0;
  $('services').hidden = names.length === 0;
}

const COLUMNS = [
  { key: 'instanceId', label: 'Instance', value: (i) => i.instanceId },
  { key: 'address', label: 'Address', value: (i) => i.host + ':' + i.port + (i.secure ? ' (TLS)' : '') },
  { key: 'zone', label: 'Zone', value: (i) => i.zone || '' },
  { key: 'version', label: 'Version', value: (i) => (i.metadata && i.metadata.version) || '' },
  { key: 'weight', label: 'Weight', value: (i) => i.weight, numeric: true },
  { key: 'tags', label: 'Tags', value: (i) => (i.tags || []).join(', ') },
  { key: 'status', label: 'Status', value: (i) => i.status },
  { key: 'health', label: 'Health', value: (i) => i.health },
  { key: 'lastHeartbeat', label: 'Last heartbeat', value: (i) => i.lastHeartbeat || '' },
  { key: 'leaseExpiresAt', label: 'Lease expires', value: (i) => i.leaseExpiresAt || '' },
];

function renderService(service) {
  $('service-title').textContent = service;
  document.title = service + ' · Discovery registry';
  renderInstanceHead();
  const all = [...(state.services.get(service) || new Map()).values()];
  const filter = state.filter.toLowerCase();
  const shown = all.filter((i) => !filter || COLUMNS.some((c) => String(c.value(i)).toLowerCase().includes(filter))
    || (i.healthOutput || '').toLowerCase().includes(filter));
  const column = COLUMNS.find((c) => c.key === state.sort.key);
  shown.sort((a, b) => {
    const x = column.value(a);
    const y = column.value(b);
    const order = column.numeric ? x - y : String(x).localeCompare(String(y));
    return state.sort.descending ? -order : order;
  });
  $('shown').textContent = shown.length + ' of ' + all.length + ' shown';
  const body = $('instances').tBodies[0];
  const rows = keyedRows(body, shown.map((i) => i.instanceId), 'instance', () => {
    const row = document.createElement('tr');
    for (let i = 0; i < COLUMNS.length + 1; i++) {
      row.insertCell();
    }
    row.cells[4].className = 'num';
    return row;
  });
  for (const instance of shown) {
    updateInstanceRow(rows.get(instance.instanceId), service, instance);
  }
  renderPropagation(state.propagation.get(service));
}

function renderInstanceHead() {
  const head = $('instances').tHead.rows[0];
  if (head.cells.length) {
    for (const cell of head.cells) {
      if (cell.dataset.key) {
        const sorted = cell.dataset.key === state.sort.key;
        cell.setAttribute('aria-sort', sorted ? (state.sort.descending ? 'descending' : 'ascending') : 'none');
      }
    }
    const actions = head.querySelector('[data-actions]');
    if (actions) {
      actions.hidden = !isAdmin();
    }
    return;
  }
  for (const column of COLUMNS) {
    const cell = document.createElement('th');
    cell.scope = 'col';
    cell.dataset.key = column.key;
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = column.label;
    button.title = 'Sort by ' + column.label.toLowerCase();
    button.addEventListener('click', () => {
      state.sort = { key: column.key, descending: state.sort.key === column.key && !state.sort.descending };
      render();
    });
    cell.append(button);
    head.append(cell);
  }
  const actions = document.createElement('th');
  actions.scope = 'col';
  actions.textContent = 'Actions';
  actions.dataset.actions = 'true';
  head.append(actions);
  renderInstanceHead();
}

function updateInstanceRow(row, service, instance) {
  setTexts(row, 0, [instance.instanceId, COLUMNS[1].value(instance), instance.zone || '—',
    (instance.metadata && instance.metadata.version) || '—', String(instance.weight),
    (instance.tags || []).join(', ') || '—']);
  replaceIfChanged(row.cells[6], instance.status, () => [badge(instance.status)]);
  const checked = (instance.healthOutput || '') + '|' + (instance.lastCheckAt || '');
  replaceIfChanged(row.cells[7], instance.health + '|' + checked, () => {
    const parts = [badge(instance.health)];
    if (instance.healthOutput || instance.lastCheckAt) {
      const detail = document.createElement('span');
      detail.className = 'detail';
      detail.append((instance.healthOutput || '') + (instance.lastCheckAt ? ' (checked ' : ''));
      if (instance.lastCheckAt) {
        detail.append(timeElement(instance.lastCheckAt), ')');
      }
      parts.push(detail);
    }
    return parts;
  });
  replaceIfChanged(row.cells[8], instance.lastHeartbeat || '', () => [timeOrDash(instance.lastHeartbeat)]);
  replaceIfChanged(row.cells[9], instance.leaseExpiresAt || '', () => [timeOrDash(instance.leaseExpiresAt)]);
  const admin = isAdmin();
  row.cells[10].hidden = !admin;
  const actionKey = admin ? instance.status + '|' + (state.pendingDeregister === instance.instanceId) : 'none';
  replaceIfChanged(row.cells[10], actionKey, () => (admin ? [actionsFor(service, instance)] : []));
}

function actionsFor(service, instance) {
  const box = document.createElement('div');
  box.className = 'actions';
  const outOfService = instance.status === 'OUT_OF_SERVICE';
  const toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.textContent = outOfService ? 'Put in service' : 'Take out of service';
  toggle.setAttribute('aria-label', toggle.textContent + ' ' + instance.instanceId);
  toggle.addEventListener('click', () => act(service, instance.instanceId, outOfService ? 'UP' : 'OUT_OF_SERVICE'));
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.className = 'danger';
  const confirming = state.pendingDeregister === instance.instanceId;
  remove.textContent = confirming ? 'Confirm deregister' : 'Deregister';
  remove.setAttribute('aria-label', remove.textContent + ' ' + instance.instanceId);
  remove.addEventListener('click', () => {
    if (state.pendingDeregister === instance.instanceId) {
      state.pendingDeregister = null;
      act(service, instance.instanceId, null);
    } else {
      state.pendingDeregister = instance.instanceId;
      render();
      const again = document.querySelector('tr[data-instance="' + CSS.escape(instance.instanceId) + '"] .danger');
      if (again) {
        again.focus();
      }
    }
  });
  box.append(toggle, remove);
  return box;
}

async function act(service, instanceId, status) {
  const path = '/api/v1/services/' + encodeURIComponent(service) + '/instances/' + encodeURIComponent(instanceId);
  const result = $('action-result');
  try {
    if (status) {
      await api(path + '/status', { method: 'PUT', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ status }) });
      result.textContent = instanceId + (status === 'UP' ? ' is back in service.' : ' is out of service.');
    } else {
      await api(path, { method: 'DELETE' });
      result.textContent = instanceId + ' was deregistered.';
    }
  } catch (ex) {
    result.textContent = 'Could not change ' + instanceId + ': ' + (ex instanceof Unauthorized ? 'token refused' : ex.message);
  }
}

function renderPropagation(report) {
  const list = $('propagation');
  list.replaceChildren();
  const body = $('laggers').tBodies[0];
  body.replaceChildren();
  if (!report) {
    fact(list, 'Subscribers', '—');
    $('no-laggers').hidden = false;
    $('laggers').hidden = true;
    return;
  }
  const ttt = report.timeToTruth;
  fact(list, 'Subscribers', String(report.subscribers));
  fact(list, 'Not acknowledging', String(report.unacknowledged));
  fact(list, 'Time to truth p50', millis(ttt.p50Millis));
  fact(list, 'p99', millis(ttt.p99Millis));
  fact(list, 'max', millis(ttt.maxMillis));
  fact(list, 'Changes in ' + ttt.window, String(ttt.changes));
  fact(list, 'Not yet applied by all', String(ttt.open));
  for (const lagger of report.lagging) {
    const row = body.insertRow();
    cells(row, [lagger.watcher, lagger.address]);
    cells(row, [String(lagger.appliedIndex), String(lagger.behind)], 'num');
    row.insertCell().append(timeOrDash(lagger.since));
    cells(row, [millis(lagger.lagMillis)], 'num');
  }
  $('no-laggers').hidden = report.lagging.length > 0;
  $('laggers').hidden = report.lagging.length === 0;
}

$('filter').addEventListener('input', (event) => {
  state.filter = event.target.value;
  render();
});

// ---- small helpers ----------------------------------------------------------------------------------------------

function cells(row, values, className) {
  for (const value of values) {
    const cell = row.insertCell();
    cell.textContent = value;
    if (className) {
      cell.className = className;
    }
  }
}

function badge(value) {
  const span = document.createElement('span');
  span.className = 'badge ' + value;
  span.textContent = value.replaceAll('_', ' ');
  return span;
}

function timeElement(iso) {
  const time = document.createElement('time');
  time.dateTime = iso;
  time.title = new Date(iso).toLocaleString();
  time.textContent = ago(iso);
  return time;
}

function timeOrDash(iso) {
  return iso ? timeElement(iso) : document.createTextNode('—');
}

// Rows are kept and updated in place, keyed by a data attribute, so a focused button survives updates.
function keyedRows(body, keys, attribute, create) {
  const existing = new Map();
  for (const row of [...body.rows]) {
    existing.set(row.dataset[attribute], row);
  }
  const rows = new Map();
  for (const key of keys) {
    let row = existing.get(key);
    if (!row) {
      row = create(key);
      row.dataset[attribute] = key;
    }
    existing.delete(key);
    rows.set(key, row);
  }
  existing.forEach((row) => row.remove());
  const inOrder = [...body.rows].every((row, i) => row === rows.get(keys[i]));
  if (!inOrder || body.rows.length !== keys.length) {
    keys.forEach((key, i) => {
      if (body.rows[i] !== rows.get(key)) {
        body.insertBefore(rows.get(key), body.rows[i] || null);
      }
    });
  }
  return rows;
}

function setTexts(row, from, values) {
  values.forEach((value, i) => {
    const cell = row.cells[from + i];
    if (cell.textContent !== value) {
      cell.textContent = value;
    }
  });
}

function replaceIfChanged(cell, key, build) {
  if (cell.dataset.key !== key) {
    cell.dataset.key = key;
    cell.replaceChildren(...build());
  }
}

// Relative times move on without data changing: update their text in place.
function refreshTimes() {
  for (const time of document.querySelectorAll('time[datetime]')) {
    const text = ago(time.dateTime);
    if (time.textContent !== text) {
      time.textContent = text;
    }
  }
}

function ago(iso) {
  const seconds = Math.round((Date.parse(iso) - (Date.now() + state.clockOffset)) / 1000);
  if (Math.abs(seconds) < 1) {
    return 'now';
  }
  return seconds < 0 ? duration(-seconds) + ' ago' : 'in ' + duration(seconds);
}

function duration(seconds) {
  if (seconds < 60) {
    return seconds + ' s';
  }
  if (seconds < 3600) {
    return Math.floor(seconds / 60) + ' min ' + (seconds % 60) + ' s';
  }
  const hours = Math.floor(seconds / 3600);
  return hours < 48 ? hours + ' h ' + Math.floor((seconds % 3600) / 60) + ' min' : Math.floor(hours / 24) + ' d';
}

function millis(value) {
  if (value === null || value === undefined) {
    return '—';
  }
  return value < 10 ? value.toFixed(1) + ' ms' : Math.round(value) + ' ms';
}

setInterval(refreshTimes, 1000);
start();
