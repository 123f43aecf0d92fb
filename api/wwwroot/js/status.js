// The feed status panel: GET /api/metrics/status every few seconds (feed, trades per second, clients, bad messages,
// uptime). It is a server-wide figure, not a stream: polling it is the API's intended use.

import { getJson } from './api.js';
import { ago, compact, duration, integer } from './format.js';

const POLL_MS = 5000;

export class FeedStatus {
  #list;
  #badge;
  #timer = 0;
  #polling = false;
  #again = false;

  constructor(list, badge) {
    this.#list = list;
    this.#badge = badge;
  }

  start() {
    this.#poll();
  }

  /** Polls now rather than at the next turn: when the live connection (re)opens, the client count and the server's
   * uptime just changed, and the first poll of a page load goes out before its connection is up. */
  refresh() {
    this.#poll();
  }

  async #poll() {
    if (this.#polling) {
      this.#again = true; // one poll at a time, so that there is only ever one timer
      return;
    }

    this.#polling = true;
    clearTimeout(this.#timer);
    try {
      const answer = await getJson('/api/metrics/status');
      this.#render(answer.data);
    } catch (error) {
      this.#badge.textContent = error.status === 401 ? 'key needed' : 'unreachable';
      this.#badge.dataset.state = 'down';
    } finally {
      this.#polling = false;
    }

    if (this.#again) {
      this.#again = false;
      this.#poll();
      return;
    }

    this.#timer = setTimeout(() => this.#poll(), POLL_MS);
  }

  #render(status) {
    const feed = status.feed;
    this.#badge.textContent = feed ? feed.state : 'no feed';
    this.#badge.dataset.state = feed?.state === 'Connected' ? 'up' : feed ? 'warn' : 'down';
    const rows = [
      ['Source', feed ? `${feed.kind} · ${feed.source}` : 'none'],
      ['Trades / s', status.trades.perSecond.toFixed(1)],
      ['Trades applied', compact(status.trades.applied)],
      ['Last trade', ago(status.lastAggregation?.lastTradeAt ?? feed?.lastMessageAt)],
      ['Clients', integer(status.clients.connections)],
      ['Messages sent', compact(status.clients.messagesSent)],
      ['Conflated', compact(status.clients.conflated)],
      ['Bad messages', integer(status.badMessages.total)],
      ['Uptime', duration(status.uptimeSeconds)],
    ];
    if (feed?.lastError) {
      rows.push(['Last error', feed.lastError]);
    }
    this.#list.replaceChildren();
    for (const [label, value] of rows) {
      const term = document.createElement('dt');
      term.textContent = label;
      const detail = document.createElement('dd');
      detail.textContent = value;
      const stat = document.createElement('div');
      stat.className = 'stat';
      stat.append(term, detail);
      this.#list.append(stat);
    }
  }
}
