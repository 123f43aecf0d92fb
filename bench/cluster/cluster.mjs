// A cluster of silo and api processes over the throwaway RabbitMQ and PostgreSQL that run.sh started: each measurement
// gets a database and a queue prefix of its own, so that no backlog or membership row of an earlier one is left in it.
import { execFileSync } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { Node } from './nodes.mjs';

const root = new URL('../..', import.meta.url).pathname.replace(/\/$/u, '');
export const siloDll = `${root}/silo/bin/Release/net10.0/OrleansTicks.Silo.dll`;
export const apiDll = `${root}/api/bin/Release/net10.0/OrleansTicks.Api.dll`;
// A build (unlike a publish) has no wwwroot beside the dll: the api node serves the dashboard from the source tree.
const apiWebRoot = `${root}/api/wwwroot`;

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run bench/cluster/run.sh, which starts the servers and sets it`);
  return value;
}

let databases = 0;

/** A fresh PostgreSQL database; returns its Npgsql connection string. */
export function createDatabase(label) {
  const server = required('ORLEANSTICKS_TEST_POSTGRES');
  const port = /Port=(\d+)/u.exec(server)?.[1];
  const name = `bench_${label}_${process.pid}_${++databases}`;
  execFileSync(`${process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin'}/createdb`, ['-h', '127.0.0.1', '-p', port, '-U', 'postgres', name]);
  return `${server};Database=${name}`;
}

export async function waitFor(what, test, timeoutMs = 120_000, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await test();
      if (last) return last;
    } catch (error) {
      last = error.message;
    }
    await delay(everyMs);
  }
  throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what} (last: ${JSON.stringify(last)})`);
}

export class Cluster {
  /** settings: environment variables every node gets (the feed's, the hub's). */
  constructor(label, settings) {
    this.label = label;
    this.settings = settings;
    this.prefix = `bench-${label}-${process.pid}`;
    this.postgres = createDatabase(label.replace(/\W/gu, '_'));
    this.silos = [];
    this.apis = [];
  }

  environment(id) {
    return {
      Cluster__Mode: 'rabbitmq',
      Cluster__SiloId: id,
      Cluster__QueuePrefix: this.prefix,
      ConnectionStrings__RabbitMq: required('ORLEANSTICKS_TEST_RABBITMQ'),
      ConnectionStrings__Postgres: this.postgres,
      Storage__Provider: 'Postgres',
      RateLimit__ExemptLoopback: 'true',
      ...this.settings,
    };
  }

  async start(silos, apis) {
    for (let i = 0; i < silos; i++) this.silos.push(await new Node(`silo-${i}`, siloDll, this.environment(`silo-${i}`)).start());
    for (let i = 0; i < apis; i++) {
      this.apis.push(await new Node(`api-${i}`, apiDll, { ASPNETCORE_WEBROOT: apiWebRoot, ...this.environment(`api-${i}`) }).start());
    }
    await Promise.all([...this.silos, ...this.apis].map((n) => n.ready()));
    return this;
  }

  get api() {
    return this.apis[0];
  }

  async status() {
    return (await this.api.json('/api/metrics/status')).data;
  }

  /** Waits until the feed runs: a leader has reported after `since` and has published trades. */
  async leader(since = 0, timeoutMs = 120_000) {
    return waitFor('a feed leader', async () => {
      const status = await this.status();
      const at = status.cluster?.ingestorReportedAt ? Date.parse(status.cluster.ingestorReportedAt) : 0;
      return at > since && status.trades.published > 0 ? status.cluster.ingestorNode : null;
    }, timeoutMs, 100);
  }

  /** The warnings and errors every node logged, by node; empty when none did. */
  failures() {
    return Object.fromEntries([...this.silos, ...this.apis].map((n) => [n.name, n.failures()]).filter(([, f]) => Object.keys(f).length));
  }

  async stop() {
    await Promise.all([...this.silos, ...this.apis].map((n) => n.stop()));
  }
}

/** The api as one process (embedded silo, no cluster), on its own database, for the same measurement without the hop. */
export async function startSingleProcess(label, settings) {
  const node = new Node('api (one process)', apiDll, {
    ASPNETCORE_WEBROOT: apiWebRoot,
    Storage__Provider: 'Postgres',
    ConnectionStrings__Postgres: createDatabase(label),
    RateLimit__ExemptLoopback: 'true',
    ...settings,
  });
  await node.start();
  await node.ready();
  return node;
}

// "2026-11-22T00:10:01.1234567Z" to epoch milliseconds with the sub-millisecond digits kept.
export function parseTimeMs(text) {
  const m = /^(.*T\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)?$/u.exec(text);
  if (!m) return Date.parse(text);
  return Date.parse(m[1] + (m[3] ?? 'Z')) + (m[2] ? Number(`0${m[2]}`) * 1000 : 0);
}

/** Waits until every one of `symbols` has a quote of a trade made after `after` (epoch ms), through `api`; returns
 *  when that was first seen (epoch ms). Polled every 50 ms: the figure is good to about that. */
export async function freshQuotes(api, symbols, after, timeoutMs = 120_000) {
  let missing = symbols;
  await waitFor(() => `quotes after ${new Date(after).toISOString()} of ${symbols.length} symbols (missing ${missing.slice(0, 5)})`, async () => {
    const body = await api.json(`/api/quotes?symbols=${symbols.join(',')}`);
    const fresh = new Set(body.result.filter((q) => parseTimeMs(q.time) > after).map((q) => q.symbol));
    missing = symbols.filter((s) => !fresh.has(s));
    return missing.length === 0;
  }, timeoutMs, 50);
  return Date.now();
}
