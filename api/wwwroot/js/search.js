// Symbol search with autocomplete over /api/symbols: type-ahead with a short debounce, arrow keys and Enter to
// pick, Escape to close. Picking calls onPick(symbol, description).

import { getJson, query } from './api.js';

const DEBOUNCE_MS = 120;

export class SymbolSearch {
  #input;
  #list;
  #onPick;
  #timer = 0;
  #abort = null;
  #results = [];
  #active = -1;

  constructor(input, list, onPick) {
    this.#input = input;
    this.#list = list;
    this.#onPick = onPick;
    input.addEventListener('input', () => this.#schedule());
    input.addEventListener('keydown', (event) => this.#onKey(event));
    input.addEventListener('focus', () => this.#results.length > 0 && this.#open());
    document.addEventListener('click', (event) => {
      if (!event.target.closest('.search')) {
        this.#close();
      }
    });
  }

  #schedule() {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#search(), DEBOUNCE_MS);
  }

  async #search() {
    const q = this.#input.value.trim();
    this.#abort?.abort();
    if (!q) {
      this.#render([]);
      return;
    }
    this.#abort = new AbortController();
    try {
      const answer = await getJson(`/api/symbols?${query({ q: q.slice(0, 64), limit: 10 })}`, { signal: this.#abort.signal });
      this.#render(answer.result);
    } catch (error) {
      if (error.name !== 'AbortError') {
        this.#renderMessage(error.message);
      }
    }
  }

  #render(results) {
    this.#results = results;
    this.#active = results.length > 0 ? 0 : -1;
    this.#list.replaceChildren();
    if (results.length === 0) {
      if (this.#input.value.trim()) {
        this.#renderMessage('No matching symbol');
      } else {
        this.#close();
      }
      return;
    }
    results.forEach((result, index) => {
      const item = document.createElement('li');
      item.role = 'option';
      item.id = `search-option-${index}`;
      item.dataset.symbol = result.symbol;
      const symbol = document.createElement('span');
      symbol.className = 'result-symbol';
      symbol.textContent = result.displaySymbol || result.symbol;
      const description = document.createElement('span');
      description.className = 'result-description';
      description.textContent = result.description;
      const exchange = document.createElement('span');
      exchange.className = 'result-exchange';
      exchange.textContent = result.exchange ?? '';
      item.append(symbol, description, exchange);
      item.addEventListener('mousedown', (event) => event.preventDefault()); // keep focus in the input
      item.addEventListener('click', () => this.#pick(index));
      this.#list.append(item);
    });
    this.#highlight();
    this.#open();
  }

  #renderMessage(text) {
    this.#results = [];
    this.#active = -1;
    const item = document.createElement('li');
    item.className = 'search-message';
    item.textContent = text;
    this.#list.replaceChildren(item);
    this.#open();
  }

  #onKey(event) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (this.#results.length > 0) {
        const step = event.key === 'ArrowDown' ? 1 : -1;
        this.#active = (this.#active + step + this.#results.length) % this.#results.length;
        this.#highlight();
        this.#open();
      }
      event.preventDefault();
    } else if (event.key === 'Enter') {
      if (this.#active >= 0) {
        this.#pick(this.#active);
      }
      event.preventDefault();
    } else if (event.key === 'Escape') {
      this.#close();
    }
  }

  #highlight() {
    [...this.#list.children].forEach((item, index) => item.setAttribute('aria-selected', String(index === this.#active)));
    this.#input.setAttribute('aria-activedescendant', this.#active >= 0 ? `search-option-${this.#active}` : '');
  }

  #pick(index) {
    const result = this.#results[index];
    this.#input.value = '';
    this.#render([]);
    this.#close();
    this.#input.blur();
    this.#onPick(result.symbol, result.description);
  }

  #open() {
    this.#list.hidden = false;
    this.#input.setAttribute('aria-expanded', 'true');
  }

  #close() {
    this.#list.hidden = true;
    this.#input.setAttribute('aria-expanded', 'false');
  }
}
