// The time to hand partitions over when a silo goes: SIGTERM (it leaves membership, the others start consuming, it
// hands its partitions over and exits), SIGKILL (the others wait until membership declares it dead, Cluster:DeadAfter),
// and SIGKILL of the feed leader (another silo takes the advisory lock and runs the feed). Each step is measured from
// the signal to: the surviving silos logging (event 3390) that they own every partition of the victim; the first quote
// of a trade made after the signal for every one of the victim's symbols (read through the api, polled every 50 ms);
// and, for the leader, the first "Leading role" (event 3351) of another silo and its first status report.
import { Cluster, freshQuotes, parseTimeMs, waitFor } from './cluster.mjs';
import { feedSettings, simulatorSymbols } from './latency.mjs';
import { partitionOf } from './partition.mjs';

const PARTITIONS = 32; // Cluster:Partitions' default, which the harness leaves as it is

const seconds = (from, to) => (to == null ? null : Number(((to - from) / 1000).toFixed(2)));

/** Waits until the live silos' latest ownership (event 3390) covers every partition exactly once. */
function steady(silos) {
  return waitFor('every partition owned by exactly one live silo', () => {
    const owners = new Map();
    for (const silo of silos.filter((s) => !s.exited)) {
      for (const p of silo.ownedAt()?.partitions ?? []) owners.set(p, (owners.get(p) ?? 0) + 1);
    }
    return owners.size === PARTITIONS && [...owners.values()].every((n) => n === 1);
  }, 120_000, 100);
}

/** When every one of `partitions` first appeared in an event 3390 of one of `silos` after `after` (epoch ms). */
function takenAt(silos, partitions, after) {
  let latest = 0;
  for (const p of partitions) {
    let first = Infinity;
    for (const silo of silos) {
      const line = silo.lines.find((l) => l.at > after && /\[3390\]/u.test(l.text)
        && /now owns ?(.*)$/u.exec(l.text)[1].split(',').map(Number).includes(p));
      if (line && line.at < first) first = line.at;
    }
    if (first === Infinity) return null;
    latest = Math.max(latest, first);
  }
  return latest;
}

/** The first line matching `pattern` after `after` among `silos`' logs: { at, silo }, or null. */
function firstLine(silos, pattern, after) {
  let first = null;
  for (const silo of silos) {
    const line = silo.lines.find((l) => l.at > after && pattern.test(l.text));
    if (line && (first === null || line.at < first.at)) first = { at: line.at, silo: silo.name };
  }
  return first;
}

async function step(cluster, victim, signal, symbols, wasLeader) {
  await steady(cluster.silos);
  await freshQuotes(cluster.api, symbols, Date.now()); // every symbol trades before the signal
  const owned = victim.ownedAt().partitions;
  // The victim's symbols; when it leads, the feed stops too, so every symbol waits for the new leader.
  const watched = wasLeader ? symbols : symbols.filter((s) => owned.includes(partitionOf(s, PARTITIONS)));
  const others = cluster.silos.filter((s) => s !== victim && !s.exited);
  const at = victim.signal(signal);
  const [exited, quotesAt, , status] = await Promise.all([
    victim.exitedPromise,
    freshQuotes(cluster.api, watched, at),
    waitFor('the others to own its partitions', () => takenAt(others, owned, at) !== null, 120_000, 50),
    wasLeader ? waitFor('a new leader reporting', async () => {
      const s = (await cluster.status()).cluster;
      return s.ingestorNode !== victim.name && parseTimeMs(s.ingestorReportedAt) > at ? s : null;
    }, 120_000, 50) : null,
  ]);
  const leading = wasLeader ? firstLine(others, /\[3351\]/u, at) : null;
  return {
    step: `${signal} of ${victim.name}${wasLeader ? ' (the feed leader)' : ''}`,
    partitions: owned.length,
    symbols: watched.length,
    exitedAfter: seconds(at, exited.at),
    exitCode: exited.code ?? exited.signal,
    partitionsOwnedByOthersAfter: seconds(at, takenAt(others, owned, at)),
    quotesFlowAgainAfter: seconds(at, quotesAt),
    ...(wasLeader ? {
      newLeader: status.ingestorNode,
      newLeaderLoggedLeadingIn: leading?.silo,
      newLeaderLeadingAfter: seconds(at, leading?.at),
      newLeaderReportedAfter: seconds(at, parseTimeMs(status.ingestorReportedAt)),
    } : {}),
  };
}

async function rejoin(cluster, silo, symbols) {
  const at = Date.now();
  await silo.start();
  await silo.ready();
  const readyAt = Date.now();
  const owned = await waitFor(`${silo.name} to own partitions again`, () => silo.ownedAt()?.partitions.length ? silo.ownedAt() : null, 120_000, 50);
  const mine = symbols.filter((s) => owned.partitions.includes(partitionOf(s, PARTITIONS)));
  const quotesAt = mine.length ? await freshQuotes(cluster.api, mine, owned.at) : null;
  return {
    step: `restart of ${silo.name}`,
    readyAfter: seconds(at, readyAt),
    partitions: owned.partitions.length,
    ownsPartitionsAfter: seconds(at, owned.at),
    quotesAfterOwning: seconds(owned.at, quotesAt),
  };
}

export async function handover({ silos, apis, rate }) {
  const symbols = simulatorSymbols(100);
  const cluster = new Cluster('handover', feedSettings(rate, symbols.length, 64));
  const results = [];
  try {
    await cluster.start(silos, apis);
    let leader = await cluster.leader();
    const follower = () => cluster.silos.find((s) => s.name !== leader && !s.exited);

    const terminated = follower();
    results.push(await step(cluster, terminated, 'SIGTERM', symbols, false));
    results.push(await rejoin(cluster, terminated, symbols));

    const killed = follower();
    results.push(await step(cluster, killed, 'SIGKILL', symbols, false));
    results.push(await rejoin(cluster, killed, symbols));

    leader = await cluster.leader();
    results.push(await step(cluster, cluster.silos.find((s) => s.name === leader), 'SIGKILL', symbols, true));
    results.push({ step: 'errors the nodes logged (the restarted silos: since their restart)', nodeErrors: cluster.failures() });
    return results;
  } catch (error) {
    for (const node of [...cluster.silos, ...cluster.apis]) console.error(`--- ${node.name}:\n${node.tail(15)}`);
    console.error('measured so far:', JSON.stringify(results));
    throw error;
  } finally {
    await cluster.stop();
  }
}
