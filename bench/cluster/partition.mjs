// The key → partition hash of docs/CLUSTER.md ("The partition hash"), so that the harness knows which symbols a silo's
// partitions hold without asking the cluster: fmix32(fnv1a32(utf8(key))) mod P. Checked against the documented test
// vectors at load, so a drift from the C# code stops the harness instead of measuring the wrong symbols.
const encoder = new TextEncoder();

export function partitionHash(key) {
  let h = 2166136261;
  for (const byte of encoder.encode(key)) {
    h = Math.imul(h ^ byte, 16777619) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

export const partitionOf = (key, partitions) => partitionHash(key) % partitions;

for (const [key, hash, partition] of [['AAPL', 0x877aebfa, 26], ['MSFT', 0x5df58aea, 10], ['BRK.B', 0xe908befa, 26], ['Ünïcode', 0xc4d2870a, 10]]) {
  if (partitionHash(key) !== hash || partitionOf(key, 32) !== partition) {
    throw new Error(`partition hash of ${key} is ${partitionHash(key).toString(16)}, docs/CLUSTER.md says ${hash.toString(16)}`);
  }
}
