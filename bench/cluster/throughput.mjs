// Ingestion through RabbitMQ: the simulator unpaced on the elected silo, trades over the partition queues to the silos
// that own their symbols. Trades applied per second over a steady window, from every silo's own
// orleansticks_trades_applied_total (read at the window's two ends) and, as a cross-check, from /api/metrics/status
// (which the silos refresh every 2 s); CPU of every process on the machine that takes part, from /proc.
import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { Cluster } from './cluster.mjs';
import { cpuSeconds, treeCpuSeconds } from './nodes.mjs';

function pidFrom(file) {
  try {
    return Number(readFileSync(file, 'utf8').split('\n')[0]);
  } catch {
    return 0;
  }
}

/** CPU seconds of everything that takes part; read first and together so the window's ends are close in time. */
export function cpuSample(silos, apis) {
  return {
    at: performance.now(),
    silos: silos.map((s) => cpuSeconds(s.pid)),
    apis: apis.map((a) => cpuSeconds(a.pid)),
    rabbitmq: cpuSeconds(pidFrom(process.env.BENCH_RABBITMQ_PID_FILE ?? '')),
    postgres: treeCpuSeconds(pidFrom(process.env.BENCH_POSTGRES_PID_FILE ?? '')),
  };
}

async function sample(cluster) {
  const cpu = cpuSample(cluster.silos, cluster.apis);
  const [applied, published, status] = await Promise.all([
    Promise.all(cluster.silos.map((s) => s.counter('orleansticks_trades_applied_total'))),
    Promise.all(cluster.silos.map((s) => s.counter('orleansticks_trades_published_total'))),
    // The status grain is called over its partition queue, behind that partition's trades: when the unpaced feed has
    // filled the queues it may not answer in time. The silos' own counters are the figure; the status only a check.
    cluster.status().catch(() => null),
  ]);
  return { cpu, applied, published: published.reduce((a, b) => a + b, 0), status: status?.trades };
}

/** Cores used over the window, per group. */
export function cores(before, after) {
  const seconds = (after.at - before.at) / 1000;
  const sum = (values) => values.reduce((a, b) => a + b, 0);
  const silos = after.silos.map((v, i) => (v - before.silos[i]) / seconds);
  return {
    silos,
    silosTotal: sum(silos),
    apis: sum(after.apis) / seconds - sum(before.apis) / seconds,
    rabbitmq: (after.rabbitmq - before.rabbitmq) / seconds,
    postgres: (after.postgres - before.postgres) / seconds,
  };
}

export async function throughput({ silos, apis, batchSize, warmup, duration }) {
  const cluster = new Cluster(`tput${batchSize}`, {
    Feed__Kind: 'simulator',
    Feed__Simulator__TradesPerSecond: '0',
    Feed__Simulator__BatchSize: String(batchSize),
  });
  try {
    await cluster.start(silos, apis);
    const leader = await cluster.leader();
    await delay(warmup * 1000);
    const before = await sample(cluster);
    await delay(duration * 1000);
    const after = await sample(cluster);
    const seconds = (after.cpu.at - before.cpu.at) / 1000;
    const perSilo = after.applied.map((v, i) => (v - before.applied[i]) / seconds);
    const applied = perSilo.reduce((a, b) => a + b, 0);
    const used = cores(before.cpu, after.cpu);
    return {
      silos, apis, batchSize, leader, seconds: Number(seconds.toFixed(1)),
      appliedPerSecond: Math.round(applied),
      appliedPerSecondBySilo: Object.fromEntries(cluster.silos.map((s, i) => [s.name, Math.round(perSilo[i])])),
      publishedPerSecond: Math.round((after.published - before.published) / seconds),
      statusAppliedPerSecond: before.status && after.status ? Math.round((after.status.applied - before.status.applied) / seconds) : null,
      statusPublishedPerSecond: before.status && after.status ? Math.round((after.status.published - before.status.published) / seconds) : null,
      duplicates: after.status?.duplicates ?? null,
      cores: {
        silos: Object.fromEntries(cluster.silos.map((s, i) => [s.name, Number(used.silos[i].toFixed(2))])),
        silosTotal: Number(used.silosTotal.toFixed(2)),
        api: Number(used.apis.toFixed(2)),
        rabbitmq: Number(used.rabbitmq.toFixed(2)),
        postgres: Number(used.postgres.toFixed(2)),
      },
      silosCpuMicrosecondsPerTrade: applied > 0 ? Number((used.silosTotal * 1e6 / applied).toFixed(2)) : null,
      nodeErrors: cluster.failures(),
      allCpuMicrosecondsPerTrade: applied > 0
        ? Number(((used.silosTotal + used.apis + used.rabbitmq + used.postgres) * 1e6 / applied).toFixed(2)) : null,
    };
  } catch (error) {
    for (const node of [...cluster.silos, ...cluster.apis]) console.error(`--- ${node.name}:\n${node.tail(15)}`);
    throw error;
  } finally {
    await cluster.stop();
  }
}
