// The dashboard's entry point: wires the live connection, the watchlist, the search, the chart, the analytics and
// feed panels, regeneration and the API key dialog together. docs/DASHBOARD.md describes the page.

import { apiKey, getJson, onKeyNeeded, query, setApiKey } from './api.js';
import { fetchAnalytics, renderAnalytics } from './analytics.js';
import { ChartView, freshness } from './chart.js';
import { direction, percent, price, signed } from './format.js';
import { LiveConnection } from './live.js';
import { Regeneration } from './regenerate.js';
import { SymbolSearch } from './search.js';
import { FeedStatus } from './status.js';
import { toast } from './toast.js';
import { Watchlist } from './watchlist.js';

const PERIODS = ['1d', '5d', '1mo', '6mo', '1y', '5y'];
const ANALYTICS_REFRESH_MS = 30000;
const INTERVAL_NAMES = {
  '1m': '1-minute', '5m': '5-minute', '15m': '15-minute', '30m': '30-minute', '1h': 'Hourly', '1d': 'Daily', '1wk': 'Weekly', '1mo': 'Monthly',
};
const $ = (id) => document.getElementById(id);

const live = new LiveConnection();
const chart = new ChartView($('chart'), $('chart-message'), $('chart-legend'));
const descriptions = new Map();
let period = PERIODS.includes(localStorage.getItem('orleansticks.period')) ? localStorage.getItem('orleansticks.period') : '1d';
let analyticsTimer = 0;

const watchlist = new Watchlist({
  body: $('watchlist'),
  empty: $('watchlist-empty'),
  count: $('watchlist-count'),
  onSelect: (symbol) => show(symbol),
  onChange: (symbols) => live.want('watchlist', symbols),
});

new SymbolSearch($('search'), $('search-results'), (symbol, description) => {
  descriptions.set(symbol, description);
  try {
    watchlist.add(symbol);
  } catch (error) {
    toast({ kind: 'watchlist-full', tone: 'error', title: 'Watchlist full', body: error.message });
  }
  show(symbol);
});

// --- the chart's symbol and period ---

async function show(symbol) {
  localStorage.setItem('orleansticks.symbol', symbol);
  watchlist.select(symbol);
  $('chart-symbol').textContent = symbol;
  $('chart-price').textContent = '—';
  $('chart-change').textContent = '';
  $('chart-description').textContent = descriptions.get(symbol) ?? '';
  live.want('chart', [symbol]);
  describe(symbol);
  await loadChart();
}

async function loadChart({ fresh = false } = {}) {
  const symbol = localStorage.getItem('orleansticks.symbol');
  if (!symbol) {
    return;
  }
  renderAnalytics($('analytics'), $('analytics-window'), null);
  await chart.load(symbol, period, { fresh });
  $('chart-interval').textContent = chart.interval ? `${INTERVAL_NAMES[chart.interval] ?? chart.interval} candles` : '';
  await refreshAnalytics({ fresh });
}

async function refreshAnalytics({ fresh = false } = {}) {
  clearTimeout(analyticsTimer);
  const { symbol, period: window, interval } = chart;
  if (symbol && interval && $('chart').dataset.state === 'ready') {
    try {
      const report = await fetchAnalytics(symbol, window, interval, freshness(fresh));
      if (symbol === chart.symbol && window === chart.period) {
        renderAnalytics($('analytics'), $('analytics-window'), report);
        chart.setAnalytics(report);
      }
    } catch (error) {
      $('analytics-window').textContent = `unavailable: ${error.message}`;
    }
  }
  analyticsTimer = setTimeout(refreshAnalytics, ANALYTICS_REFRESH_MS);
}

async function describe(symbol) {
  if (descriptions.has(symbol)) {
    return;
  }
  try {
    const answer = await getJson(`/api/symbols?${query({ q: symbol, limit: 5 })}`);
    const match = answer.result.find((result) => result.symbol === symbol);
    if (match) {
      descriptions.set(symbol, match.description);
      if (chart.symbol === symbol) {
        $('chart-description').textContent = match.description;
      }
    }
  } catch {
    // The description is decoration: the symbol alone still reads.
  }
}

function showQuote(quote) {
  if (!quote || quote.symbol !== chart.symbol) {
    return;
  }
  const tone = direction(quote.change);
  $('chart-price').textContent = price(quote.price);
  // No change before the symbol has a previous close (its first day of trades).
  $('chart-change').textContent = quote.change === null ? '' : `${signed(quote.change)} (${percent(quote.changePercent)})`;
  $('chart-change').className = `change ${tone}`;
}

for (const button of $('periods').querySelectorAll('button')) {
  button.addEventListener('click', () => {
    period = button.dataset.period;
    localStorage.setItem('orleansticks.period', period);
    markPeriod();
    loadChart();
  });
}

function markPeriod() {
  for (const button of $('periods').querySelectorAll('button')) {
    button.setAttribute('aria-pressed', String(button.dataset.period === period));
  }
}

for (const input of $('overlays').querySelectorAll('input')) {
  input.addEventListener('change', () => chart.setOverlayVisible(input.dataset.overlay, input.checked));
}

// "/" focuses the search, as on most sites with one.
document.addEventListener('keydown', (event) => {
  if (event.key === '/' && !event.target.closest('input, select, textarea, dialog')) {
    event.preventDefault();
    $('search').focus();
  }
});

// --- live updates ---

live.on('state', (state) => {
  document.body.dataset.connection = state; // prices dim while they are not live
  if (state === 'connected' && started) {
    feedStatus.refresh();
  }

  const badge = $('connection');
  badge.dataset.state = state;
  badge.querySelector('.label').textContent = { connected: 'Live', reconnecting: 'Reconnecting', offline: 'Offline' }[state] ?? state;
  badge.title = {
    connected: 'Connected to the live feed',
    reconnecting: 'Connection lost: reconnecting',
    offline: 'Offline: retrying every few seconds',
  }[state] ?? state;
});
live.on('snapshot', (snapshot) => {
  if (snapshot.quote) {
    watchlist.onQuote(snapshot.quote);
    showQuote(snapshot.quote);
  }
  if (snapshot.bar) {
    chart.onBar({ symbol: snapshot.symbol, bar: snapshot.bar, final: false });
  }
});
live.on('quote', (quote) => {
  watchlist.onQuote(quote);
  showQuote(quote);
});
live.on('bar', (message) => chart.onBar(message));
live.on('rejected', (rejection) => {
  toast({ kind: 'subscription-rejected', tone: 'error', title: `${rejection.symbol} not watched`, body: rejection.message });
  if (rejection.code !== 'limit_exceeded') {
    watchlist.remove(rejection.symbol);
  }
});

new Regeneration(live, {
  button: $('regenerate'),
  dialog: $('regen-dialog'),
  symbol: $('regen-symbol'),
  period: $('regen-period'),
  seed: $('regen-seed'),
  progress: $('regen-progress'),
  label: $('regen-label'),
  percent: $('regen-percent'),
  bar: $('regen-bar'),
}, {
  symbol: () => chart.symbol,
  onCompleted: (job) => {
    if (job.symbol === chart.symbol) {
      loadChart({ fresh: true });
    }
  },
});

// --- the API key ---

let keyAsked = false;
onKeyNeeded((reason) => {
  if (!keyAsked) {
    keyAsked = true;
    openKeyDialog(reason);
  }
});
$('key-button').addEventListener('click', () => openKeyDialog());
$('key-dialog').addEventListener('close', () => {
  const action = $('key-dialog').returnValue;
  if (action === 'save' || action === 'clear') {
    setApiKey(action === 'save' ? $('key-input').value.trim() : '');
    keyAsked = false;
    if (!started) {
      start();
      return;
    }
    live.restart();
    watchlist.fetchQuotes();
    loadChart();
  }
});

function openKeyDialog(reason) {
  $('key-reason').textContent = reason
    ? `${reason} Enter a key from the server's Auth:ApiKeys; it is kept in this browser's local storage.`
    : 'With Auth:ApiKeys configured the server needs a key. It is kept in this browser\'s local storage and sent with every request.';
  $('key-input').value = apiKey();
  $('key-dialog').returnValue = '';
  if (!$('key-dialog').open) {
    $('key-dialog').showModal();
  }
}

// --- start ---

let started = false;

function start() {
  started = true;
  live.want('watchlist', watchlist.symbols);
  watchlist.fetchQuotes();
  feedStatus.start();
  live.start();
  const initial = localStorage.getItem('orleansticks.symbol');
  const first = initial && /^[A-Z0-9.\-^=/$]{1,32}$/.test(initial) ? initial : watchlist.symbols[0];
  if (first) {
    show(first);
  } else {
    $('chart-message').textContent = 'Search for a symbol to chart it.';
    $('chart-message').hidden = false;
  }
}

// Whether the server wants a key (an open call): without one the page asks first rather than collect refusals.
async function apiKeyRequired() {
  try {
    const response = await fetch('dashboard/settings.json', { cache: 'no-store' });
    return response.ok && (await response.json()).apiKeyRequired === true;
  } catch {
    return false; // the calls themselves will tell
  }
}

const feedStatus = new FeedStatus($('feed-status'), $('feed-state'));
markPeriod();
if (!apiKey() && (await apiKeyRequired())) {
  keyAsked = true;
  openKeyDialog('This server requires an API key.');
} else {
  start();
}
