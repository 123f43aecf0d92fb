// Cluster benchmarks of issue 7, run by bench/cluster/run.sh (which builds, starts PostgreSQL and RabbitMQ and sets
// ORLEANSTICKS_TEST_POSTGRES / ORLEANSTICKS_TEST_RABBITMQ): `node cluster-bench.mjs [throughput] [latency] [handover]`.
// Prints one JSON line per measurement, then a summary. Settings from the environment, see run.sh.
import { handover } from './handover.mjs';
import { latency } from './latency.mjs';
import { throughput } from './throughput.mjs';

const number = (name, fallback) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, not '${process.env[name]}'`);
  return value;
};

const settings = {
  silos: number('SILOS', 3),
  apis: number('APIS', 1),
  warmup: number('WARMUP', 10),
  duration: number('DURATION', 15),
  // Latency runs warm up longer: for 10-15 s after the client subscribes, every node still JIT-compiles hundreds of
  // methods a second (tier 1 of the notification and hub paths), which on a 2-core machine takes the tail with it.
  latencyWarmup: number('LATENCY_WARMUP', 30),
  latencyDuration: number('LATENCY_DURATION', 30),
  batchSizes: (process.env.BATCH_SIZES ?? '1024').split(',').map(Number),
  // rate/batch pairs: trades per second and trades per simulator batch of each latency run (cluster, then one process)
  latencyRuns: (process.env.LATENCY_RUNS ?? '5000/1').split(',').map((run) => run.split('/').map(Number)),
  connections: number('HUB_CONNECTIONS', 20),
  per: number('HUB_PER_CONNECTION', 5),
  handoverRate: number('HANDOVER_RATE', 2000),
};
if (settings.batchSizes.some((b) => !Number.isInteger(b) || b < 1)) throw new Error(`BATCH_SIZES must be positive integers, not '${process.env.BATCH_SIZES}'`);
if (settings.latencyRuns.some((r) => r.length !== 2 || !r.every((v) => Number.isInteger(v) && v > 0))) {
  throw new Error(`LATENCY_RUNS must be rate/batch pairs of positive integers (e.g. 5000/1,1000/1), not '${process.env.LATENCY_RUNS}'`);
}
const known = ['throughput', 'latency', 'handover'];
const parts = process.argv.slice(2).length ? process.argv.slice(2) : known;
for (const part of parts) {
  if (!known.includes(part)) throw new Error(`unknown part '${part}': the parts are ${known.join(', ')}`);
}

const print = (label, value) => console.log(`${label.padEnd(12)} ${JSON.stringify(value)}`);
const summary = [];
// Warnings and errors a node logged during a measurement (a grain's state write refused for a stale ETag, a stream
// message skipped as malformed) belong next to its figures: they may explain them.
const errorLines = (label, errors) => {
  for (const [node, found] of Object.entries(errors ?? {})) {
    for (const [event, { count, first }] of Object.entries(found)) summary.push(`logged in ${label}: ${node} ${event} ${count} times, first: ${first}`);
  }
};

if (parts.includes('throughput')) {
  for (const batchSize of settings.batchSizes) {
    const result = await throughput({ ...settings, batchSize });
    print('throughput', result);
    summary.push(`throughput, batches of ${batchSize}: ${result.appliedPerSecond.toLocaleString('en')} trades/s applied `
      + `(status: ${result.statusAppliedPerSecond?.toLocaleString('en') ?? 'no answer'}; published ${result.publishedPerSecond.toLocaleString('en')}/s); `
      + `silos ${result.cores.silosTotal} cores = ${result.silosCpuMicrosecondsPerTrade} µs/trade, api ${result.cores.api}, `
      + `RabbitMQ ${result.cores.rabbitmq}, PostgreSQL ${result.cores.postgres} cores; all ${result.allCpuMicrosecondsPerTrade} µs/trade`);
    errorLines(`throughput ${batchSize}`, result.nodeErrors);
  }
}

if (parts.includes('latency')) {
  for (const [rate, batchSize] of settings.latencyRuns) {
    const run = { ...settings, rate, batchSize, warmup: settings.latencyWarmup, duration: settings.latencyDuration };
    const byMode = {};
    for (const mode of ['cluster', 'single']) {
      byMode[mode] = await latency({ ...run, mode });
      print('latency', byMode[mode]);
    }
    const ms = (r, p) => r.latencyMs?.[p] ?? NaN;
    for (const mode of ['cluster', 'single']) {
      const r = byMode[mode];
      errorLines(`latency ${mode} ${rate}/${batchSize}`, r.nodeErrors);
      summary.push(`latency ${mode.padEnd(7)} ${rate} trades/s in batches of ${batchSize}, ${r.connectionsOpened} connections x ${run.per}: `
        + `p50 ${ms(r, 'p50').toFixed(2)} ms, p99 ${ms(r, 'p99').toFixed(2)} ms, max ${ms(r, 'max')} ms `
        + `(${r.latencyMs?.samples ?? 0} quotes, ${r.quotesPerSecond}/s), server ${r.serverCores} cores, RabbitMQ ${r.rabbitmqCores}; `
        + `GET /api/quotes/{symbol} round trip p50 ${r.callRoundTripMs.p50} ms, p99 ${r.callRoundTripMs.p99} ms (${r.callRoundTripMs.calls} calls)`);
    }
    // Fewer quotes than the one process got means symbols whose quotes did not reach the client: the percentiles then
    // describe only the rest.
    if (byMode.cluster.quotesPerSecond < byMode.single.quotesPerSecond / 2) {
      summary.push(`warning: the cluster delivered ${byMode.cluster.quotesPerSecond} quotes/s against ${byMode.single.quotesPerSecond} in one process`);
    }
    summary.push(`the cluster hop adds at ${rate}/${batchSize}: p50 ${(ms(byMode.cluster, 'p50') - ms(byMode.single, 'p50')).toFixed(2)} ms, `
      + `p99 ${(ms(byMode.cluster, 'p99') - ms(byMode.single, 'p99')).toFixed(2)} ms`);
  }
}

if (parts.includes('handover')) {
  for (const result of await handover({ ...settings, rate: settings.handoverRate })) {
    print('handover', result);
    if (result.nodeErrors) {
      errorLines('handover', result.nodeErrors);
    } else {
      summary.push(`handover: ${Object.entries(result).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    }
  }
}

console.log('\nsummary');
for (const line of summary) console.log(`  ${line}`);
process.exit(0);
