// The analytics panel: /api/analytics over the chart's window and interval (docs/ANALYTICS.md). The same report
// feeds the chart's overlays.

import { getJson, query } from './api.js';
import { compact, percent, price } from './format.js';

export async function fetchAnalytics(symbol, window, interval, fresh = null) {
  return getJson(`/api/analytics/${encodeURIComponent(symbol)}?${query({ window, interval, fresh })}`);
}

const TREND_ARROWS = { up: '▲', down: '▼', flat: '▶' };

function row(list, label, value, { tone = '', hint = '' } = {}) {
  const term = document.createElement('dt');
  term.textContent = label;
  const detail = document.createElement('dd');
  detail.textContent = value;
  if (tone) {
    detail.className = tone;
  }
  const stat = document.createElement('div');
  stat.className = 'stat';
  if (hint) {
    stat.title = hint;
  }
  stat.append(term, detail);
  list.append(stat);
}

export function renderAnalytics(list, caption, report) {
  list.replaceChildren();
  if (!report) {
    caption.textContent = '';
    return;
  }
  caption.textContent = `${report.symbol} · ${report.bars} bars of ${report.interval}`;
  const trend = report.trend;
  const volatility = report.volatility;
  const direction = trend.direction ?? 'flat';
  row(list, 'Trend', trend.direction ? `${TREND_ARROWS[direction]} ${direction}` : '—', { tone: direction });
  row(list, 'Trend change', percent(trend.changePercent), {
    tone: direction, hint: 'The least-squares line\'s move over the window',
  });
  row(list, 'R²', trend.r2 === null ? '—' : trend.r2.toFixed(3), { hint: 'How well the line fits the closes' });
  row(list, 'Volatility', volatility.annualized === null ? '—' : `${(volatility.annualized * 100).toFixed(1)}%`, {
    hint: `Annualised (${volatility.periodsPerYear} bars a year); per bar ${volatility.raw === null ? '—' : (volatility.raw * 100).toFixed(3)}%`,
  });
  row(list, 'VWAP', price(report.vwap));
  row(list, 'Volume', compact(report.volume));
  row(list, `SMA ${report.sma.period}`, price(report.sma.last), { tone: 'sma' });
  row(list, `EMA ${report.ema.period}`, price(report.ema.last), { tone: 'ema' });
  const upper = report.bollinger.upper.at(-1) ?? null;
  const lower = report.bollinger.lower.at(-1) ?? null;
  row(list, `Bollinger ${report.bollinger.period}, ${report.bollinger.k}σ`,
    upper === null ? '—' : `${price(lower)} – ${price(upper)}`, { tone: 'bollinger' });
}
