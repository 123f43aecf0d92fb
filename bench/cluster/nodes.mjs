// Silo and api processes started from their Release dlls (as tests/OrleansTicks.Cluster.Tests/ProcessCluster.cs does),
// their logs kept with the time each line arrived, and what the harness reads from them: health, /metrics,
// /api/metrics/status, and CPU time from /proc.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { createInterface } from 'node:readline';

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux the harness runs on (getconf CLK_TCK)

export async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** One `dotnet X.dll` process on 127.0.0.1 with its own port. */
export class Node {
  constructor(name, dll, environment) {
    this.name = name;
    this.dll = dll;
    this.environment = environment;
    this.lines = []; // { at: epoch ms, text }
    this.exited = null; // { at, code, signal }
  }

  async start() {
    this.port = await freePort();
    this.base = `http://127.0.0.1:${this.port}`;
    this.lines = [];
    this.exited = null;
    this.process = spawn('dotnet', [this.dll], {
      cwd: this.dll.replace(/\/[^/]+$/u, ''),
      env: {
        ...process.env,
        ASPNETCORE_URLS: this.base,
        DOTNET_ENVIRONMENT: 'Production',
        ASPNETCORE_ENVIRONMENT: 'Production',
        Logging__LogLevel__Default: 'Warning',
        Logging__LogLevel__OrleansTicks: 'Information',
        // One line per event, so that the harness reads "Partitions gained ..." with its event id in one piece.
        Logging__Console__FormatterName: 'simple',
        Logging__Console__FormatterOptions__SingleLine: 'true',
        ...this.environment,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.pid = this.process.pid;
    for (const stream of [this.process.stdout, this.process.stderr]) {
      createInterface({ input: stream }).on('line', (text) => {
        this.lines.push({ at: Date.now(), text });
        if (this.lines.length > 20_000) this.lines.splice(0, 10_000);
      });
    }
    this.exitedPromise = new Promise((resolve) => this.process.on('exit', (code, signal) => {
      this.exited = { at: Date.now(), code, signal };
      resolve(this.exited);
    }));
    return this;
  }

  /** Waits until /health/ready answers 200. */
  async ready(timeoutMs = 120_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`${this.name} exited (${this.exited.code ?? this.exited.signal}) before it was ready:\n${this.tail()}`);
      try {
        const response = await fetch(`${this.base}/health/ready`, { signal: AbortSignal.timeout(2_000) });
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await delay(200);
    }
    throw new Error(`${this.name} was not ready after ${timeoutMs / 1000} s:\n${this.tail()}`);
  }

  signal(name) {
    process.kill(this.pid, name);
    return Date.now();
  }

  async stop() {
    if (this.process && !this.exited) {
      this.process.kill('SIGKILL');
      await this.exitedPromise;
    }
  }

  /** Warnings and errors the process logged ("warn:", "fail:" or "crit:" lines), counted by level, category and event
   *  id, with the first of each. */
  failures() {
    const found = {};
    for (const { text } of this.lines) {
      const match = /^((?:warn|fail|crit): [\w.]+\[\d+\])/u.exec(text);
      if (match) (found[match[1]] ??= { count: 0, first: text.slice(0, 240) }).count++;
    }
    return found;
  }

  tail(count = 30) {
    return this.lines.slice(-count).map((l) => l.text).join('\n');
  }

  /** The partitions this silo owned by its latest event 3390 at or before `at` (null: no such event yet). */
  ownedAt(at = Infinity) {
    let owned = null;
    for (const line of this.lines) {
      if (line.at > at) break;
      const match = /\[3390\].*this silo now owns ?(.*)$/u.exec(line.text);
      if (match) owned = { at: line.at, partitions: match[1].split(',').filter(Boolean).map(Number) };
    }
    return owned;
  }

  /** The value of a counter on this node's /metrics (Prometheus text), summed over its labels. */
  async counter(name) {
    const text = await (await fetch(`${this.base}/metrics`, { signal: AbortSignal.timeout(15_000) })).text();
    let sum = 0;
    for (const line of text.split('\n')) {
      if (line.startsWith(name) && (line[name.length] === ' ' || line[name.length] === '{')) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
    return sum;
  }

  async json(path) {
    const response = await fetch(`${this.base}${path}`, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`GET ${path} on ${this.name} answered ${response.status}`);
    return response.json();
  }
}

/** user + system CPU seconds of a process (0 when it has gone). */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the 3rd (state) on
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime, stime: fields 14 and 15
  } catch {
    return 0;
  }
}

/** A process and its children (PostgreSQL's backends), CPU seconds together. */
export function treeCpuSeconds(pid) {
  let total = cpuSeconds(pid);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/u.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) total += cpuSeconds(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}
