// Number and time formatting shared by the panels. Prices keep two decimals at least (cents), more for prices
// under a dollar; large counts are shortened (12.3K, 4.56M).

const priceFormats = new Map();

export function price(value) {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return '—';
  }
  const digits = Math.abs(value) < 1 ? 4 : 2;
  let format = priceFormats.get(digits);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    priceFormats.set(digits, format);
  }
  return format.format(value);
}

export function signed(value, digits = 2) {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return '—';
  }
  const text = Math.abs(value).toFixed(digits);
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text;
}

export function percent(value, digits = 2) {
  return value === null || value === undefined ? '—' : `${signed(value, digits)}%`;
}

const compactFormat = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 });
const integerFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function compact(value) {
  return value === null || value === undefined ? '—' : compactFormat.format(value);
}

export function integer(value) {
  return value === null || value === undefined ? '—' : integerFormat.format(value);
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined) {
    return '—';
  }
  const s = Math.floor(seconds);
  const days = Math.floor(s / 86400);
  const hours = Math.floor((s % 86400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  if (days > 0) {
    return `${days}d ${hours}h`;
  }
  if (hours > 0) {
    return `${hours}h ${minutes}m`;
  }
  return minutes > 0 ? `${minutes}m ${s % 60}s` : `${s % 60}s`;
}

// "12 s ago", "3 min ago"; a time in the future (clock skew) reads "just now".
export function ago(iso) {
  if (!iso) {
    return '—';
  }
  const seconds = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
  if (seconds < 2) {
    return 'just now';
  }
  if (seconds < 120) {
    return `${Math.round(seconds)} s ago`;
  }
  return seconds < 7200 ? `${Math.round(seconds / 60)} min ago` : new Date(iso).toLocaleString();
}

// "up" / "down" / "flat" for the sign of a change: the class that colours it.
export function direction(value) {
  return value > 0 ? 'up' : value < 0 ? 'down' : 'flat';
}
