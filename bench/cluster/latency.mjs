// Trade-to-client latency with a paced feed, in cluster mode and then the same in one process: the difference is what
// the cluster hop adds (ingestor → partition queue → owning silo's symbol grain → the api node's queue → the client).
// The client is bench/load/signalr-load.mjs (the real @microsoft/signalr client), which measures receipt time minus
// the quote's `time`, the wall clock the simulator stamped on the trade.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { Cluster, startSingleProcess } from './cluster.mjs';
import { cores, cpuSample } from './throughput.mjs';

const root = new URL('../..', import.meta.url).pathname.replace(/\/$/u, '');

/** The first `count` S&P 500 tickers in the file's order: the ones the simulator's Feed:Simulator:SymbolCount picks
 *  (Sp500Universe.Select takes the first N of the file, which is ordered by company name, not by ticker). */
export function simulatorSymbols(count) {
  const tickers = readFileSync(`${root}/grains/Data/symbols/sp500-constituents.csv`, 'utf8')
    .split('\n').slice(1).map((line) => line.split(',')[0].trim()).filter(Boolean);
  return tickers.slice(0, count);
}

export function feedSettings(rate, symbolCount, batchSize) {
  return {
    Feed__Kind: 'simulator',
    Feed__Simulator__SymbolCount: String(symbolCount),
    Feed__Simulator__TradesPerSecond: String(rate),
    Feed__Simulator__BatchSize: String(batchSize),
    // Every quote goes out: conflation would hold quotes back up to 100 ms and measure itself.
    Hub__MaxQuotesPerSecond: '0',
  };
}

async function measure(base, { connections, per, symbols, warmup, duration }) {
  const { stdout } = await promisify(execFile)('node', [
    `${root}/bench/load/signalr-load.mjs`, '--url', base, '--connections', String(connections), '--per', String(per),
    '--symbols', symbols.join(','), '--warmup', String(warmup), '--duration', String(duration), '--workers', '1',
  ], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop());
}

/** Round trips of a grain call through the api (GET /api/quotes/{symbol}, one at a time, cycling over `symbols`) for
 *  `seconds`: in cluster mode each goes over the symbol's partition queue to its silo and back by direct reply-to, a
 *  hop without persistence or confirms, next to the stream hop the trades take. */
async function callRoundTrips(base, symbols, seconds) {
  const times = [];
  const end = performance.now() + seconds * 1000;
  for (let i = 0; performance.now() < end; i++) {
    const started = performance.now();
    const response = await fetch(`${base}/api/quotes/${symbols[i % symbols.length]}`);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`GET /api/quotes/${symbols[i % symbols.length]} answered ${response.status}`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (p) => Number(times[Math.min(times.length - 1, Math.floor(times.length * p))].toFixed(2));
  return { calls: times.length, p50: at(0.5), p99: at(0.99), max: at(1) };
}

/** One run: mode 'cluster' (silos + api processes) or 'single' (the api alone, silo embedded). */
export async function latency({ mode, silos, apis, rate, batchSize, connections, per, warmup, duration }) {
  const symbols = simulatorSymbols(100);
  const settings = feedSettings(rate, symbols.length, batchSize);
  let cluster = null;
  let single = null;
  try {
    if (mode === 'cluster') {
      cluster = await new Cluster(`lat${rate}`, settings).start(silos, apis);
      await cluster.leader();
    } else {
      single = await startSingleProcess(`lat${rate}_single`, settings);
    }
    const servers = cluster ? { silos: cluster.silos, apis: cluster.apis } : { silos: [], apis: [single] };
    const before = cpuSample(servers.silos, servers.apis);
    const result = await measure((cluster?.api ?? single).base, { connections, per, symbols, warmup, duration });
    const used = cores(before, cpuSample(servers.silos, servers.apis)); // over warm-up and window: a rough figure
    const calls = await callRoundTrips((cluster?.api ?? single).base, symbols, 3);
    return {
      mode, rate, batchSize, connections, per, ...result, callRoundTripMs: calls,
      serverCores: Number((used.silosTotal + used.apis).toFixed(2)),
      rabbitmqCores: Number(used.rabbitmq.toFixed(2)),
      nodeErrors: cluster ? cluster.failures() : { [single.name]: single.failures() },
    };
  } catch (error) {
    for (const node of cluster ? [...cluster.silos, ...cluster.apis] : [single].filter(Boolean)) {
      console.error(`--- ${node.name}:\n${node.tail(15)}`);
    }
    throw error;
  } finally {
    await cluster?.stop();
    await single?.stop();
  }
}
