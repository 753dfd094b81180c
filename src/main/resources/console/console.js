// The voice-routes console: reads the JSON API with the session cookie (same origin) and acts through it, every
// action marked X-Requested-With: voice-console (OperatorAccess refuses an action without it). No data is kept here.
'use strict';

const REFRESH_MS = 2000;
const FINAL = ['ANSWERED', 'NO_ANSWER', 'BUSY', 'FAILED', 'REJECTED', 'EXPIRED', 'CANCELLED'];
const COLORS = {
  ANSWERED: '#2e7d32', NO_ANSWER: '#f9a825', BUSY: '#ef6c00', FAILED: '#c62828', REJECTED: '#6a1b9a',
  EXPIRED: '#5d4037', CANCELLED: '#546e7a', SUBMITTED: '#90caf9', QUEUED: '#e0e0e0', HELD: '#cfd8dc'
};
const charts = new Map();
const shown = new Map();

// whether this part of the page shows this data already: it is drawn again only when the data changed, so a button
// is not replaced under the operator's pointer every few seconds
function unchanged(part, data) {
  const text = JSON.stringify(data);
  if (shown.get(part) === text) return true;
  shown.set(part, text);
  return false;
}

const $ = (selector, root = document) => root.querySelector(selector);

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined) continue;
    if (name === 'text') node.textContent = value; else if (name === 'onclick') node.addEventListener('click', value);
    else node.setAttribute(name, value);
  }
  children.forEach(child => node.append(child));
  return node;
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

function notice(text, bad) {
  const box = $('#notice');
  box.textContent = text;
  box.className = bad ? 'bad' : 'good';
}

async function api(method, path) {
  const response = await fetch(path, {
    method, credentials: 'same-origin', headers: method === 'GET' ? {} : { 'X-Requested-With': 'voice-console' }
  });
  if (response.status === 401 || response.status === 403) {
    // the session ended (expired, token changed): back to the sign-in form
    window.location.assign('/console');
    throw new Error('signed out');
  }
  const text = await response.text();
  const body = (response.headers.get('Content-Type') || '').includes('json') && text ? JSON.parse(text) : text;
  if (!response.ok) throw new Error(typeof body === 'string' ? body : (body.error || response.statusText));
  return body;
}

async function act(what, method, path) {
  try {
    const answer = await api(method, path);
    notice(what + ': ' + (typeof answer === 'string' ? answer : JSON.stringify(answer)));
  } catch (e) {
    notice(what + ' failed: ' + e.message, true);
  }
  refresh();
}

async function showProviders() {
  const cards = $('#providers .cards');
  // every provider the application declares, each with its key and name
  const states = await api('GET', '/api/providers');
  if (unchanged('providers', states)) return;
  cards.replaceChildren(...states.map(state => {
    const key = state.key, name = state.provider;
    const card = el('div', { class: 'card ' + (state.paused ? 'paused' : 'open'), 'data-provider': key },
      el('h3', { text: name }), el('p', { class: 'state', text: state.paused ? 'PAUSED' : 'OPEN' }));
    if (state.paused) {
      card.append(el('p', { text: (state.code || '') + ' ' + (state.reason || '') }),
        el('p', { class: 'muted', text: 'since ' + when(state.since) }),
        el('button', { type: 'button', class: 'resume', text: 'Resume ' + name,
          onclick: () => act('Resume ' + name, 'POST', '/api/providers/' + key + '/resume') }));
    }
    return card;
  }));
}

function progressBar(batch) {
  const bar = el('div', { class: 'progress', 'data-done': String(batch.done), role: 'img',
    'aria-label': batch.final + ' of ' + batch.registered + ' final' });
  const total = Math.max(batch.registered, 1);
  for (const status of [...FINAL, 'SUBMITTED', 'HELD', 'QUEUED']) {
    const count = batch.counts[status] || 0;
    if (!count) continue;
    const segment = el('span', { class: 'segment', title: status + ': ' + count });
    segment.style.width = (100 * count / total) + '%';
    segment.style.background = COLORS[status];
    bar.append(segment);
  }
  return bar;
}

// Pause / Resume / Stop of one campaign, as its state allows
function campaignButtons(batch) {
  if (!batch.controllable || batch.state === 'STOPPED' || batch.state === 'COMPLETED') return [];
  const path = '/api/campaigns/' + encodeURIComponent(batch.id) + '/';
  const buttons = [batch.state === 'PAUSED'
    ? el('button', { type: 'button', class: 'resume-campaign', text: 'Resume',
      onclick: () => act('Resume ' + batch.name, 'POST', path + 'resume') })
    : el('button', { type: 'button', class: 'pause-campaign', text: 'Pause',
      onclick: () => act('Pause ' + batch.name, 'POST', path + 'pause') })];
  buttons.push(el('button', { type: 'button', class: 'stop-campaign', text: 'Stop',
    onclick: () => { if (window.confirm('Stop ' + batch.name + '? Its calls not placed yet end cancelled.'))
      act('Stop ' + batch.name, 'POST', path + 'stop'); } }));
  return buttons;
}

async function showBatches() {
  const batches = await api('GET', '/api/campaigns?hours=' + $('#batch-hours').value);
  if (unchanged('batches', batches)) return;
  $('#batches tbody').replaceChildren(...batches.map(batch => {
    const counts = Object.entries(batch.counts).map(([status, n]) => status.toLowerCase().replace('_', ' ') + ' ' + n).join(', ');
    const summary = batch.registered + ' registered, ' + batch.sent + ' sent, ' + batch.final + ' final'
      + (batch.invalidRows ? ', ' + batch.invalidRows + ' invalid rows' : '') + (batch.done ? ' (done)' : '');
    const unsent = (batch.counts.QUEUED || 0) + (batch.counts.HELD || 0);
    const cancel = batch.kind === 'file' && unsent > 0
      ? el('button', { type: 'button', class: 'cancel', text: 'Cancel ' + unsent + ' unsent',
        onclick: () => { if (window.confirm('Cancel the ' + unsent + ' calls of ' + batch.source + ' not sent yet?'))
          act('Cancel ' + batch.source, 'POST', '/api/files/' + encodeURIComponent(batch.source) + '/cancel'); } })
      : '';
    const report = batch.report
      ? el('a', { href: '/api/batches/' + encodeURIComponent(batch.id) + '/report', download: batch.report, text: 'report' }) : '';
    return el('tr', { 'data-source': batch.source, 'data-batch': batch.id, 'data-done': String(batch.done), 'data-state': batch.state },
      el('td', {}, el('span', { text: batch.name }), el('br'), el('span', { class: 'muted', text: batch.kind + ', ' + when(batch.firstAt) })),
      el('td', { text: batch.channel }),
      el('td', { class: 'state ' + batch.state.toLowerCase(), text: batch.state }),
      el('td', {}, progressBar(batch), el('span', { class: 'summary', text: summary })),
      el('td', { class: 'counts', text: counts }),
      el('td', {}, report), el('td', { class: 'actions' }, ...campaignButtons(batch), cancel));
  }));
  $('#batches .legend').replaceChildren(...[...FINAL, 'SUBMITTED', 'QUEUED'].map(status => {
    const key = el('span', { class: 'key' });
    key.style.background = COLORS[status];
    return el('span', { class: 'legend-item' }, key, status.toLowerCase().replace('_', ' '));
  }));
}

async function showOutcomes() {
  const data = await api('GET', '/api/outcomes?hours=' + $('#outcome-hours').value);
  const box = $('#outcomes .charts');
  const channels = Object.keys(data.channels);
  if (!channels.length) {
    box.replaceChildren(el('p', { class: 'muted', text: 'No call has ended in this period.' }));
    charts.clear();
    return;
  }
  if ([...charts.keys()].some(channel => !channels.includes(channel)) || box.querySelector('p.muted')) {
    box.replaceChildren();
    charts.clear();
  }
  for (const channel of channels) {
    const statuses = FINAL.filter(status => data.channels[channel][status]);
    const series = statuses.map(status => data.channels[channel][status]);
    const points = series.reduce((sum, values) => sum + values.reduce((a, b) => a + b, 0), 0);
    let chart = charts.get(channel);
    if (chart && chart.statuses.join() !== statuses.join()) {
      chart.plot.destroy();
      chart.figure.remove();
      chart = null;
    }
    if (!chart) {
      const figure = el('figure', { class: 'chart', 'data-channel': channel }, el('figcaption', { text: channel }));
      box.append(figure);
      const plot = new uPlot({
        width: Math.min(900, box.clientWidth || 900), height: 220,
        series: [{}, ...statuses.map(status => ({ label: status.toLowerCase().replace('_', ' '), stroke: COLORS[status], width: 2 }))],
        axes: [{}, { label: 'calls per ' + Math.round(data.bucketSeconds / 60) + ' min' }]
      }, [data.times, ...series], figure);
      chart = { plot, figure, statuses };
      charts.set(channel, chart);
    } else {
      chart.plot.setData([data.times, ...series]);
    }
    chart.figure.setAttribute('data-points', String(points));
  }
}

async function showDeadLetters() {
  const letters = await api('GET', '/api/dead-letters');
  if (unchanged('dead-letters', letters)) return;
  $('#replay-all').disabled = letters.length === 0;
  $('#dead-letters tbody').replaceChildren(...letters.map(letter => el('tr', { 'data-id': letter.id },
    el('td', { text: when(letter.at) }), el('td', { text: letter.requestId || '' }), el('td', { text: letter.channel || '' }),
    el('td', { text: letter.phone || '' }), el('td', { class: 'reason', text: letter.reason || '' }),
    el('td', {}, el('button', { type: 'button', class: 'replay', text: 'Replay',
      onclick: () => act('Replay ' + (letter.requestId || letter.id), 'POST', '/api/dead-letters/' + encodeURIComponent(letter.id) + '/replay') })))));
}

// the customer's webhook receivers (URLs masked by the API), what waits for them and what was given up on
async function showWebhooks() {
  const hooks = await api('GET', '/api/webhooks');
  if (unchanged('webhooks', hooks)) return;
  $('#replay-webhooks').disabled = hooks.dead.length === 0;
  $('#webhook-summary').textContent = !hooks.enabled ? 'off: no voice.webhook.url is set'
    : hooks.receivers.map(r => r.url + ' (' + r.channels.join(', ') + ')').join('; ') + ' \u2014 ' + hooks.pending
      + ' not delivered yet' + (hooks.pending ? ', the oldest waiting ' + hooks.oldestPendingSeconds + ' s' : '') + ', ' + hooks.deadCount + ' given up on';
  $('#webhooks tbody').replaceChildren(...hooks.dead.map(dead => el('tr', { 'data-id': dead.id },
    el('td', { text: when(dead.deadAt) }), el('td', { text: dead.id }), el('td', { text: dead.type }), el('td', { text: dead.channel }),
    el('td', { text: String(dead.tries) }), el('td', { class: 'reason', text: dead.lastError || '' }),
    el('td', {}, el('button', { type: 'button', class: 'replay', text: 'Replay',
      onclick: () => act('Replay webhook ' + dead.id, 'POST', '/api/webhooks/' + encodeURIComponent(dead.id) + '/replay') })))));
}

async function showActions() {
  const actions = await api('GET', '/api/operator-actions');
  if (unchanged('actions', actions)) return;
  $('#actions tbody').replaceChildren(...actions.map(action => el('tr', {},
    el('td', { text: when(action.at) }), el('td', { text: action.operator }), el('td', { text: action.action }),
    el('td', { text: action.target }), el('td', { text: action.outcome }))));
}

function historyOf(call) {
  const steps = [[call.createdAt, 'registered', (call.sourceType === 'file' ? 'file ' + call.sourceName + ', line ' + call.sourceLine
    : 'queue ' + call.sourceName) + (call.attempts ? ', ' + call.attempts + ' attempt(s)' : '')]];
  if (call.submittedAt) {
    steps.push([call.submittedAt, 'request sent, provider answered',
      'code ' + (call.providerCode || '-') + (call.providerRef ? ', reference ' + call.providerRef : '')]);
  }
  if (call.lastError) steps.push([call.submittedAt || call.createdAt, 'last fault', call.lastError]);
  for (const past of call.pastAttempts || []) {
    steps.push([past.finishedAt, 'attempt ' + past.attempt + ' ended ' + past.status,
      (past.providerRef ? 'reference ' + past.providerRef + ', ' : '') + 'attempt ' + (past.attempt + 1) + ' due ' + when(past.redialAt)]);
  }
  for (const event of call.events) {
    steps.push([event.receivedAt, event.kind + ' (' + event.provider + ')', (event.status || '') + ' ' + event.payload]);
  }
  if (call.finishedAt) steps.push([call.finishedAt, 'final: ' + call.status, call.reason || '']);
  steps.sort((a, b) => new Date(a[0]) - new Date(b[0]));
  return el('div', { class: 'history', 'data-request-id': call.requestId },
    el('h3', { text: call.requestId + ' to ' + call.phone + ': ' + call.status
      + (call.maxAttempts ? ' (attempt ' + call.attempt + ' of ' + call.maxAttempts + ')' : '') }),
    el('ol', {}, ...steps.map(([at, what, detail]) => el('li', {}, el('time', { text: when(at) }), el('b', { text: what }),
      el('span', { text: detail })))));
}

async function showCall(requestId) {
  try {
    $('#history').replaceChildren(historyOf(await api('GET', '/api/calls/' + encodeURIComponent(requestId))));
  } catch (e) {
    $('#history').replaceChildren(el('p', { class: 'bad', text: e.message }));
  }
}

async function search(event) {
  event.preventDefault();
  const text = $('#search-text').value.trim();
  const byPhone = /^[+\d][\d .()-]{6,}$/.test(text);
  let calls = [];
  try {
    calls = byPhone ? (await api('GET', '/api/calls?size=100&phone=' + encodeURIComponent(text))).calls : [];
    if (!calls.length) {
      calls = [await api('GET', '/api/calls/' + encodeURIComponent(text))].map(call => { delete call.events; return call; });
    }
  } catch (e) {
    $('#search-results tbody').replaceChildren(el('tr', {}, el('td', { colspan: '6', text: 'Nothing found: ' + e.message })));
    $('#history').replaceChildren();
    return;
  }
  $('#search-results tbody').replaceChildren(...calls.map(call => el('tr', { 'data-request-id': call.requestId },
    el('td', { text: when(call.createdAt) }),
    el('td', {}, el('a', { href: '#', text: call.requestId, onclick: e => { e.preventDefault(); showCall(call.requestId); } })),
    el('td', { text: call.channel }), el('td', { text: call.phone }), el('td', { text: call.status }), el('td', { text: call.reason || '' }))));
  if (calls.length === 1) showCall(calls[0].requestId); else $('#history').replaceChildren();
}

let refreshing = false;
async function refresh() {
  if (refreshing) return;
  refreshing = true;
  try {
    await Promise.all([showProviders(), showBatches(), showOutcomes(), showDeadLetters(), showWebhooks(), showActions()]);
    $('#updated').textContent = 'updated ' + new Date().toLocaleTimeString();
  } catch (e) {
    if (e.message !== 'signed out') notice('Could not refresh: ' + e.message, true);
  } finally {
    refreshing = false;
  }
}

// who is signed in, and the role that decides which buttons show (body[data-role])
async function showWho() {
  const me = await api('GET', '/api/me');
  document.body.dataset.role = me.role;
  $('#who').textContent = me.name + ' (' + me.role + ')';
}

document.addEventListener('DOMContentLoaded', () => {
  showWho().catch(e => notice('Could not tell who is signed in: ' + e.message, true));
  $('#search-form').addEventListener('submit', search);
  $('#replay-all').addEventListener('click', () => act('Replay all', 'POST', '/api/dead-letters/all/replay'));
  $('#replay-webhooks').addEventListener('click', () => act('Replay all webhooks', 'POST', '/api/webhooks/all/replay'));
  $('#batch-hours').addEventListener('change', refresh);
  $('#outcome-hours').addEventListener('change', refresh);
  refresh();
  window.setInterval(refresh, REFRESH_MS);
});
