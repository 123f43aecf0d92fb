// SignalR load client for the OrleansTicks hub (/hubs/ticks), with the real @microsoft/signalr client.
// Opens N connections, each subscribing to K of the given symbols, and measures for every "quote" message the
// delay from the trade's time (quote.time, stamped by the server's feed) to its receipt here. Server and client
// run on one machine, so both read the same clock. Prints one JSON line of results.
//
//   node signalr-load.mjs --url http://127.0.0.1:5080 --connections 1000 --per 5 --symbols AAPL,MSFT,...
//                         --warmup 5 --duration 20 [--workers 2] [--key KEY] [--slow-ms 250]
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import * as signalR from '@microsoft/signalr';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) =>
  a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : 'true']] : pairs, []));
const url = args.url ?? 'http://127.0.0.1:5080';
const connections = Number(args.connections ?? 1000);
const per = Number(args.per ?? 5);
const symbols = (args.symbols ?? 'AAPL').split(',').filter(Boolean);
const warmup = Number(args.warmup ?? 5);
const duration = Number(args.duration ?? 20);
const workers = Number(args.workers ?? 1);

// Latencies in a histogram of 10 µs steps up to 10 s (and one overflow bucket): percentiles without keeping samples.
const STEP_MS = 0.01;
const BUCKETS = 1_000_000;

// Quotes slower than this are listed (the first SLOW_KEPT per worker) with their symbol and time of receipt.
const SLOW_MS = Number(args['slow-ms'] ?? 250);
const SLOW_KEPT = 40;

function newStats() {
  return { hist: new Uint32Array(BUCKETS + 1), quotes: 0, bars: 0, measured: 0, maxMs: 0, opened: 0, failed: 0, rejected: 0, errors: [], slow: [] };
}

// "2026-11-22T00:10:01.1234567Z" to epoch milliseconds with the sub-millisecond digits kept.
function parseTimeMs(text) {
  const m = /^(.*T\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)?$/u.exec(text);
  if (!m) return Date.parse(text);
  return Date.parse(m[1] + (m[3] ?? 'Z')) + (m[2] ? Number('0' + m[2]) * 1000 : 0);
}

const nowMs = () => performance.timeOrigin + performance.now();

async function runWorker(index, count) {
  const stats = newStats();
  let measuring = false;
  const hubs = [];
  const open = async (i) => {
    const builder = new signalR.HubConnectionBuilder()
      .withUrl(`${url}/hubs/ticks`, {
        transport: signalR.HttpTransportType.WebSockets,
        skipNegotiation: true,
        ...(args.key ? { accessTokenFactory: () => args.key } : {}),
      })
      .configureLogging(signalR.LogLevel.None);
    const hub = builder.build();
    hub.on('quote', (quote) => {
      const received = nowMs();
      stats.quotes++;
      if (!measuring) return;
      const ms = Math.max(0, received - parseTimeMs(quote.time));
      stats.hist[Math.min(BUCKETS, Math.floor(ms / STEP_MS))]++;
      stats.measured++;
      if (ms > stats.maxMs) stats.maxMs = ms;
      // When and where the slowest quotes were: one symbol alone, or every symbol at once, tells a stall apart.
      if (ms >= SLOW_MS && stats.slow.length < SLOW_KEPT) {
        stats.slow.push({ symbol: quote.symbol, receivedAt: new Date(received).toISOString(), ms: Number(ms.toFixed(1)) });
      }
    });
    hub.on('bar', () => { stats.bars++; });
    try {
      await hub.start();
      const global = index + i * workers;
      // Spread by the whole step floor(n/per), so that the per symbols are distinct (a rounded-up step wraps round:
      // with 11 of 100 it gave the 11th symbol the 1st one's name, and connections watched 10).
      const step = Math.max(1, Math.floor(symbols.length / per));
      const mine = Array.from({ length: per }, (_, k) => symbols[(global * 7 + k * step) % symbols.length]);
      const result = await hub.invoke('Subscribe', mine);
      stats.rejected += result?.rejected?.length ?? 0;
      stats.opened++;
      hubs.push(hub);
    } catch (error) {
      stats.failed++;
      if (stats.errors.length < 3) stats.errors.push(String(error?.message ?? error));
    }
  };
  for (let i = 0; i < count; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, count - i) }, (_, j) => open(i + j)));
  }
  await new Promise((r) => setTimeout(r, warmup * 1000));
  const quotesBefore = stats.quotes;
  const barsBefore = stats.bars;
  measuring = true;
  const started = nowMs();
  await new Promise((r) => setTimeout(r, duration * 1000));
  measuring = false;
  const seconds = (nowMs() - started) / 1000;
  stats.quotesInWindow = stats.quotes - quotesBefore;
  stats.barsInWindow = stats.bars - barsBefore;
  stats.seconds = seconds;
  await Promise.all(hubs.map((h) => h.stop().catch(() => {})));
  return stats;
}

function percentile(hist, total, p) {
  const target = Math.ceil(total * p);
  let seen = 0;
  for (let i = 0; i < hist.length; i++) {
    seen += hist[i];
    if (seen >= target) return (i + 1) * STEP_MS;
  }
  return Infinity;
}

function report(all) {
  const hist = new Uint32Array(BUCKETS + 1);
  const sum = (k) => all.reduce((s, x) => s + (x[k] ?? 0), 0);
  for (const s of all) for (let i = 0; i < hist.length; i++) hist[i] += s.hist[i];
  const measured = sum('measured');
  const seconds = Math.max(...all.map((s) => s.seconds));
  const messages = sum('quotesInWindow') + sum('barsInWindow');
  return {
    connectionsOpened: sum('opened'), connectionsFailed: sum('failed'), symbolsRejected: sum('rejected'),
    errors: all.flatMap((s) => s.errors).slice(0, 3),
    seconds: Number(seconds.toFixed(1)),
    messagesPerSecond: Math.round(messages / seconds),
    quotesPerSecond: Math.round(sum('quotesInWindow') / seconds),
    barsPerSecond: Math.round(sum('barsInWindow') / seconds),
    latencyMs: measured === 0 ? null : {
      p50: percentile(hist, measured, 0.5), p90: percentile(hist, measured, 0.9), p99: percentile(hist, measured, 0.99),
      max: Number(Math.max(...all.map((s) => s.maxMs)).toFixed(2)), samples: measured,
    },
    ...(all.some((s) => s.slow.length > 0)
      ? { slowQuotes: all.flatMap((s) => s.slow).sort((a, b) => a.receivedAt.localeCompare(b.receivedAt)).slice(0, SLOW_KEPT) }
      : {}),
  };
}

if (process.env.LOAD_WORKER_INDEX !== undefined) {
  const index = Number(process.env.LOAD_WORKER_INDEX);
  const count = Math.floor(connections / workers) + (index < connections % workers ? 1 : 0);
  const stats = await runWorker(index, count);
  process.send({ ...stats, hist: Array.from(stats.hist) }, () => process.exit(0));
} else if (workers <= 1) {
  console.log(JSON.stringify(report([await runWorker(0, connections)])));
  process.exit(0);
} else {
  const self = fileURLToPath(import.meta.url);
  const results = await Promise.all(Array.from({ length: workers }, (_, i) => new Promise((resolve, reject) => {
    const child = fork(self, process.argv.slice(2), { env: { ...process.env, LOAD_WORKER_INDEX: String(i) } });
    child.on('message', (m) => resolve({ ...m, hist: Uint32Array.from(m.hist) }));
    child.on('exit', (code) => code === 0 || reject(new Error(`worker ${i} exited with ${code}`)));
  })));
  console.log(JSON.stringify(report(results)));
  process.exit(0);
}
