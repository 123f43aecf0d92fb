// Bars as the chart wants them: API bars ({t, o, h, l, c, v}) to candles ({time, open, high, low, close}, time in
// unix seconds), interval alignment (UTC: days at midnight, weeks on Monday, months on the 1st, as the API aligns),
// and the aggregation of 1-minute bars into the current candle of a larger interval.

const SECONDS = { '1m': 60, '5m': 300, '15m': 900, '30m': 1800, '1h': 3600, '1d': 86400 };

export function seconds(iso) {
  return Math.floor(Date.parse(iso) / 1000);
}

export function candle(bar) {
  return { time: seconds(bar.t), open: bar.o, high: bar.h, low: bar.l, close: bar.c };
}

export function volume(bar, upColor, downColor) {
  return { time: seconds(bar.t), value: bar.v, color: bar.c >= bar.o ? upColor : downColor };
}

// The start of the interval that holds the time (unix seconds).
export function alignDown(time, interval) {
  const length = SECONDS[interval];
  if (length) {
    return time - (((time % length) + length) % length);
  }
  if (interval === '1wk') {
    const day = Math.floor(time / 86400);
    const sinceMonday = (day + 3) % 7; // 1970-01-01 was a Thursday
    return (day - sinceMonday) * 86400;
  }
  if (interval === '1mo') {
    const date = new Date(time * 1000);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / 1000;
  }
  throw new Error(`Unknown interval '${interval}'.`);
}

// One bar of the 1-minute bars (a Map of minute start -> API bar) of an interval: each minute's bar is the latest
// state of that minute, so the sum is exact without counting a trade twice.
export function aggregate(minutes) {
  const times = [...minutes.keys()].sort((a, b) => a - b);
  const first = minutes.get(times[0]);
  const last = minutes.get(times[times.length - 1]);
  let high = -Infinity;
  let low = Infinity;
  let total = 0;
  for (const time of times) {
    const bar = minutes.get(time);
    high = Math.max(high, bar.h);
    low = Math.min(low, bar.l);
    total += bar.v;
  }
  return { o: first.o, h: high, l: low, c: last.c, v: total };
}
