// The watchlist: symbols kept in local storage, one row each with the live price (flashing green or red as it
// moves), the day's change and change %, and how many clients watch the symbol. Quotes come from the hub
// (snapshot, then quote messages); a REST call fills the rows at once while the hub connects.

import { getJson, query } from './api.js';
import { direction, integer, percent, price, signed } from './format.js';

const STORAGE = 'orleansticks.watchlist';
const DEFAULT_SYMBOLS = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL'];
const MAX_SYMBOLS = 50;

export class Watchlist {
  #body;
  #empty;
  #count;
  #onSelect;
  #onChange;
  #rows = new Map(); // symbol -> {row, cells, price}
  #selected = null;
  symbols;

  constructor({ body, empty, count, onSelect, onChange }) {
    this.#body = body;
    this.#empty = empty;
    this.#count = count;
    this.#onSelect = onSelect;
    this.#onChange = onChange;
    this.symbols = load();
    for (const symbol of this.symbols) {
      this.#addRow(symbol);
    }
    this.#refreshEmpty();
  }

  add(symbol) {
    if (this.symbols.includes(symbol)) {
      return false;
    }
    if (this.symbols.length >= MAX_SYMBOLS) {
      throw new Error(`The watchlist holds at most ${MAX_SYMBOLS} symbols.`);
    }
    this.symbols.push(symbol);
    this.#addRow(symbol);
    this.#changed();
    this.fetchQuotes([symbol]);
    return true;
  }

  remove(symbol) {
    const index = this.symbols.indexOf(symbol);
    if (index < 0) {
      return;
    }
    this.symbols.splice(index, 1);
    this.#rows.get(symbol)?.row.remove();
    this.#rows.delete(symbol);
    this.#changed();
  }

  select(symbol) {
    this.#selected = symbol;
    for (const [name, { row }] of this.#rows) {
      row.classList.toggle('selected', name === symbol);
      row.setAttribute('aria-selected', String(name === symbol));
    }
  }

  // A quote (hub or REST) of any symbol: updates its row if it is listed.
  onQuote(quote) {
    const entry = this.#rows.get(quote?.symbol);
    if (!entry) {
      return;
    }
    const { row, cells } = entry;
    if (entry.price !== null && quote.price !== entry.price) {
      const flash = quote.price > entry.price ? 'flash-up' : 'flash-down';
      row.classList.remove('flash-up', 'flash-down');
      void row.offsetWidth; // restart the animation
      row.classList.add(flash);
      row.dataset.moves = String(Number(row.dataset.moves ?? 0) + 1);
    }
    entry.price = quote.price;
    row.dataset.price = String(quote.price);
    const tone = direction(quote.change);
    cells.price.textContent = price(quote.price);
    cells.change.textContent = signed(quote.change);
    cells.percent.textContent = percent(quote.changePercent);
    cells.change.className = `num ${tone}`;
    cells.percent.className = `num ${tone}`;
    const noChange = quote.change === null ? 'No previous close yet: the symbol has not traded on an earlier UTC day' : '';
    cells.change.title = noChange;
    cells.percent.title = noChange;
    cells.subscribers.textContent = integer(quote.subscribers);
    cells.subscribers.title = `${integer(quote.subscribers)} client${quote.subscribers === 1 ? '' : 's'} watch ${quote.symbol}`;
  }

  // Quotes over REST, for rows that have none yet (the hub's snapshots replace them).
  async fetchQuotes(symbols = this.symbols) {
    if (symbols.length === 0) {
      return;
    }
    try {
      const answer = await getJson(`/api/quotes?${query({ symbols: symbols.join(',') })}`);
      for (const quote of answer.result) {
        if (this.#rows.get(quote.symbol)?.price === null) {
          this.onQuote(quote);
        }
      }
      for (const symbol of answer.noTrade) {
        this.#noTrade(symbol);
      }
    } catch {
      // Offline or refused: the hub fills the rows when it connects.
    }
  }

  #noTrade(symbol) {
    const entry = this.#rows.get(symbol);
    if (entry && entry.price === null) {
      entry.cells.price.textContent = 'no trade yet';
    }
  }

  #addRow(symbol) {
    const row = document.createElement('tr');
    row.dataset.symbol = symbol;
    row.tabIndex = 0;
    row.setAttribute('aria-selected', 'false');
    const cell = (className, text = '') => {
      const td = document.createElement('td');
      td.className = className;
      td.textContent = text;
      row.append(td);
      return td;
    };
    cell('symbol', symbol);
    const cells = {
      price: cell('num price', '—'),
      change: cell('num', ''),
      percent: cell('num', ''),
      subscribers: cell('num subscribers', ''),
    };
    const actions = cell('actions');
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'remove';
    remove.title = `Remove ${symbol}`;
    remove.setAttribute('aria-label', `Remove ${symbol}`);
    remove.textContent = '×';
    remove.addEventListener('click', (event) => {
      event.stopPropagation();
      this.remove(symbol);
    });
    actions.append(remove);
    row.addEventListener('click', () => this.#onSelect(symbol));
    row.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        this.#onSelect(symbol);
      } else if (event.key === 'Delete') {
        this.remove(symbol);
      }
    });
    row.addEventListener('animationend', () => row.classList.remove('flash-up', 'flash-down'));
    this.#body.append(row);
    this.#rows.set(symbol, { row, cells, price: null });
    if (symbol === this.#selected) {
      this.select(symbol);
    }
  }

  #changed() {
    localStorage.setItem(STORAGE, JSON.stringify(this.symbols));
    this.#refreshEmpty();
    this.#onChange(this.symbols);
  }

  #refreshEmpty() {
    this.#empty.hidden = this.symbols.length > 0;
    this.#count.textContent = this.symbols.length > 0 ? String(this.symbols.length) : '';
  }
}

function load() {
  const stored = localStorage.getItem(STORAGE);
  if (stored === null) {
    return [...DEFAULT_SYMBOLS];
  }
  try {
    const symbols = JSON.parse(stored);
    if (Array.isArray(symbols)) {
      return [...new Set(symbols.filter((symbol) => typeof symbol === 'string' && symbol))].slice(0, MAX_SYMBOLS);
    }
  } catch {
    // A value some other page wrote: start again from the defaults.
  }
  return [...DEFAULT_SYMBOLS];
}
