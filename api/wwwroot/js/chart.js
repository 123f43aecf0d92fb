// The candlestick chart: a period's bars from /api/search, volume below, the analytics overlays (SMA, EMA,
// Bollinger bands, VWAP), and the live candle moved by the hub's bar messages. The container's data attributes
// (data-state, data-symbol, data-period, data-interval, data-candles, data-first, data-last, data-loads) say what
// is drawn: the acceptance tests read them.

import {
  CandlestickSeries, ColorType, CrosshairMode, HistogramSeries, LineSeries, LineStyle, createChart,
} from '../vendor/lightweight-charts.standalone.production.mjs';
import { getJson, query } from './api.js';
import { aggregate, alignDown, candle, seconds, volume } from './bars.js';
import { compact, price } from './format.js';

const UP = '#22c55e';
const DOWN = '#ef4444';
const UP_VOLUME = 'rgba(34, 197, 94, 0.35)';
const DOWN_VOLUME = 'rgba(239, 68, 68, 0.35)';
const JOB_POLL_MS = 700;
const JOB_RETRY_MS = 5000;

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// A parameter the API ignores, unique per call: a cache key of its own, so that the answer is computed now rather
// than taken from the 2-second history cache (after a regeneration or a generated history).
export const freshness = (fresh) => (fresh ? Date.now() : null);

export class ChartView {
  #element;
  #message;
  #legend;
  #last = null; // the last candle and its volume, for the legend when the crosshair is off the chart
  #chart;
  #candles;
  #volume;
  #overlays;
  #vwapLine = null;
  #visible = { sma: true, ema: true, bollinger: true, vwap: true };
  #loadToken = 0;
  #loads = 0;
  #count = 0;
  #lastTime = null; // start of the last candle (unix seconds)
  #minutes = new Map(); // the last candle's 1-minute bars, when the interval is larger than a minute
  symbol = null;
  period = null;
  interval = null;

  constructor(element, message, legend) {
    this.#element = element;
    this.#message = message;
    this.#legend = legend;
    this.#chart = createChart(element, {
      autoSize: true,
      layout: {
        background: { type: ColorType.Solid, color: 'transparent' },
        textColor: '#9aa4b8',
        fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
        attributionLogo: true,
      },
      grid: { vertLines: { color: 'rgba(148, 163, 184, 0.07)' }, horzLines: { color: 'rgba(148, 163, 184, 0.07)' } },
      crosshair: { mode: CrosshairMode.Normal },
      rightPriceScale: { borderColor: 'rgba(148, 163, 184, 0.2)' },
      timeScale: { borderColor: 'rgba(148, 163, 184, 0.2)', timeVisible: true, secondsVisible: false },
    });
    this.#candles = this.#chart.addSeries(CandlestickSeries, {
      upColor: UP, downColor: DOWN, borderUpColor: UP, borderDownColor: DOWN, wickUpColor: UP, wickDownColor: DOWN,
    });
    this.#volume = this.#chart.addSeries(HistogramSeries, {
      priceFormat: { type: 'volume' }, priceScaleId: 'volume', lastValueVisible: false, priceLineVisible: false,
    });
    this.#chart.priceScale('volume').applyOptions({ scaleMargins: { top: 0.82, bottom: 0 } });
    this.#candles.priceScale().applyOptions({ scaleMargins: { top: 0.1, bottom: 0.22 } });
    const line = (color, style = LineStyle.Solid) => this.#chart.addSeries(LineSeries, {
      color, lineWidth: 1, lineStyle: style, priceLineVisible: false, lastValueVisible: false,
      crosshairMarkerVisible: false,
    });
    this.#overlays = {
      sma: [line('#f59e0b')],
      ema: [line('#38bdf8')],
      bollinger: [line('rgba(167, 139, 250, 0.9)', LineStyle.Dashed), line('rgba(167, 139, 250, 0.9)', LineStyle.Dashed)],
    };
    // Open, high, low, close and volume of the candle under the crosshair, else of the last one.
    this.#chart.subscribeCrosshairMove((param) => {
      const bar = param.time === undefined ? undefined : param.seriesData.get(this.#candles);
      this.#showLegend(bar ? { ...bar, volume: param.seriesData.get(this.#volume)?.value } : this.#last);
    });
  }

  // Draws a symbol's period. fresh: bypass the server's 2-second history cache (after a regeneration).
  async load(symbol, period, { fresh = false } = {}) {
    const token = ++this.#loadToken;
    const changed = symbol !== this.symbol || period !== this.period;
    this.symbol = symbol;
    this.period = period;
    this.#element.dataset.symbol = symbol;
    this.#element.dataset.period = period;
    this.#setState('loading');
    if (changed) {
      this.#clear();
    }
    try {
      let answer = await this.#search(symbol, period, fresh);
      while (answer.historyJobId) {
        // The simulated feed's first use of a symbol: its history is being generated (docs/API.md).
        this.#showMessage(`Generating ${symbol}'s history…`);
        this.#setState('generating');
        const outcome = await this.#waitForJob(answer.historyJobId, token);
        if (outcome === 'superseded') {
          return;
        }
        if (outcome !== 'completed') {
          // Failed (e.g. the server stopped under it): searching again starts a new job once that one is over.
          this.#showMessage(`Generating ${symbol}'s history failed (${outcome}); trying again…`);
          await delay(JOB_RETRY_MS);
          if (token !== this.#loadToken) {
            return;
          }
        }
        fresh = true; // the history is new: none of it may come from the cache
        answer = await this.#search(symbol, period, fresh);
      }
      if (token !== this.#loadToken) {
        return;
      }
      await this.#draw(answer, token, fresh);
    } catch (error) {
      if (token === this.#loadToken) {
        this.#showMessage(`Could not load ${symbol}: ${error.message}`);
        this.#setState('error');
      }
    }
  }

  // A hub bar message (a 1-minute bar of a watched symbol): moves the live candle.
  onBar(message) {
    if (message.symbol !== this.symbol || this.#lastTime === null || this.#element.dataset.state !== 'ready') {
      return;
    }
    const minute = seconds(message.bar.t);
    if (this.interval === '1m') {
      if (minute >= this.#lastTime) {
        this.#put(message.bar, minute);
      } else {
        this.#candles.update(candle(message.bar), true); // a late revision of a closed minute
        this.#volume.update(volume(message.bar, UP_VOLUME, DOWN_VOLUME), true);
      }
      return;
    }
    const start = alignDown(minute, this.interval);
    if (start < this.#lastTime) {
      return; // a revision of a minute of an earlier candle: drawn at the next load
    }
    if (start > this.#lastTime) {
      this.#minutes = new Map();
    }
    this.#minutes.set(minute, message.bar);
    this.#put({ t: message.bar.t, ...aggregate(this.#minutes) }, start);
  }

  // The analytics report of the drawn window: overlays aligned with the candles by time.
  setAnalytics(report) {
    if (!report || report.symbol !== this.symbol) {
      return;
    }
    const times = report.times.map(seconds);
    const series = (values) => values.flatMap((value, i) => (value === null ? [] : [{ time: times[i], value }]));
    this.#overlays.sma[0].setData(series(report.sma.values));
    this.#overlays.ema[0].setData(series(report.ema.values));
    this.#overlays.bollinger[0].setData(series(report.bollinger.upper));
    this.#overlays.bollinger[1].setData(series(report.bollinger.lower));
    if (this.#vwapLine) {
      this.#candles.removePriceLine(this.#vwapLine);
      this.#vwapLine = null;
    }
    if (report.vwap !== null) {
      this.#vwapLine = this.#candles.createPriceLine({
        price: report.vwap, color: '#e879f9', lineWidth: 1, lineStyle: LineStyle.Dotted, axisLabelVisible: true,
        title: 'VWAP', lineVisible: this.#visible.vwap,
      });
      this.#vwapLine.applyOptions({ axisLabelVisible: this.#visible.vwap });
    }
  }

  setOverlayVisible(name, visible) {
    this.#visible[name] = visible;
    if (name === 'vwap') {
      this.#vwapLine?.applyOptions({ lineVisible: visible, axisLabelVisible: visible });
      return;
    }
    for (const line of this.#overlays[name]) {
      line.applyOptions({ visible });
    }
  }

  async #search(symbol, period, fresh) {
    return getJson(`/api/search?${query({ symbol, period, fresh: freshness(fresh) })}`);
  }

  // Follows a history job: 'completed', 'superseded' (another load started meanwhile) or the job's error.
  async #waitForJob(jobId, token) {
    for (;;) {
      await delay(JOB_POLL_MS);
      if (token !== this.#loadToken) {
        return 'superseded';
      }
      let job;
      try {
        job = await getJson(`/api/regenerate/${encodeURIComponent(jobId)}`);
      } catch (error) {
        if (error.status === 404) {
          return 'the server no longer knows the job'; // it restarted meanwhile
        }
        throw error;
      }
      if (job.status === 'completed') {
        return 'completed';
      }
      if (job.status === 'failed') {
        return job.error || 'failed';
      }
      this.#showMessage(`Generating ${this.symbol}'s history… ${Math.round(job.progress * 100)}%`);
    }
  }

  async #draw(answer, token, fresh) {
    this.interval = answer.interval;
    this.#element.dataset.interval = answer.interval;
    const bars = answer.bars;
    this.#candles.setData(bars.map(candle));
    this.#volume.setData(bars.map((bar) => volume(bar, UP_VOLUME, DOWN_VOLUME)));
    this.#count = bars.length;
    this.#lastTime = bars.length > 0 ? seconds(bars[bars.length - 1].t) : null;
    const lastBar = bars.at(-1);
    this.#last = lastBar ? { ...candle(lastBar), volume: lastBar.v } : null;
    this.#showLegend(this.#last);
    this.#minutes = new Map();
    if (this.#lastTime !== null && this.interval !== '1m') {
      // The live candle is kept as the sum of its minutes: fetch the minutes it has so far.
      const from = new Date(this.#lastTime * 1000).toISOString();
      const minutes = await getJson(`/api/bars/${encodeURIComponent(answer.symbol)}?${query({ interval: '1m', from, fresh: freshness(fresh) })}`);
      if (token !== this.#loadToken) {
        return;
      }
      for (const bar of minutes.bars) {
        this.#minutes.set(seconds(bar.t), bar);
      }
    }
    this.#chart.applyOptions({ timeScale: { timeVisible: !['1d', '1wk', '1mo'].includes(answer.interval) } });
    this.#chart.timeScale().fitContent();
    this.#loads += 1;
    this.#element.dataset.loads = String(this.#loads);
    this.#updateRange(bars.length > 0 ? seconds(bars[0].t) : null);
    if (bars.length === 0) {
      this.#showMessage(`No trades of ${answer.symbol} in this period yet.`);
    } else {
      this.#hideMessage();
    }
    this.#setState('ready');
  }

  #put(bar, start) {
    if (start > this.#lastTime) {
      this.#count += 1;
      this.#lastTime = start;
    }
    this.#candles.update({ ...candle(bar), time: start });
    this.#volume.update({ ...volume(bar, UP_VOLUME, DOWN_VOLUME), time: start });
    this.#last = { ...candle(bar), time: start, volume: bar.v };
    this.#showLegend(this.#last);
    this.#updateRange();
  }

  #updateRange(first) {
    if (first !== undefined) {
      this.#element.dataset.first = first === null ? '' : String(first);
    }
    this.#element.dataset.candles = String(this.#count);
    this.#element.dataset.last = this.#lastTime === null ? '' : String(this.#lastTime);
  }

  #clear() {
    this.#candles.setData([]);
    this.#volume.setData([]);
    for (const lines of Object.values(this.#overlays)) {
      for (const line of lines) {
        line.setData([]);
      }
    }
    if (this.#vwapLine) {
      this.#candles.removePriceLine(this.#vwapLine);
      this.#vwapLine = null;
    }
    this.#count = 0;
    this.#lastTime = null;
    this.#last = null;
    this.#showLegend(null);
    this.#updateRange(null);
  }

  #showLegend(bar) {
    this.#legend.replaceChildren();
    if (!bar) {
      return;
    }
    const tone = bar.close >= bar.open ? 'up' : 'down';
    for (const [label, value] of [['O', price(bar.open)], ['H', price(bar.high)], ['L', price(bar.low)], ['C', price(bar.close)], ['V', compact(bar.volume)]]) {
      const item = document.createElement('span');
      item.className = tone;
      item.append(label);
      const number = document.createElement('b');
      number.textContent = value;
      item.append(number);
      this.#legend.append(item);
    }
  }

  #setState(state) {
    this.#element.dataset.state = state;
  }

  #showMessage(text) {
    this.#message.textContent = text;
    this.#message.hidden = false;
  }

  #hideMessage() {
    this.#message.hidden = true;
  }
}
