// The live connection to the SignalR hub /hubs/ticks (docs/LIVE.md): watched symbols, the per-symbol sequence
// numbers that drop stale messages, and reconnection. SignalR's automatic reconnect handles short outages; when it
// gives up, a retry loop keeps trying, and every new connection subscribes the wanted symbols again.

import { apiKey, keyNeeded } from './api.js';

const signalR = window.signalR;

// SignalR's reconnect schedule: 1 s, 2 s, 2 s, then every 5 s for about a minute; after that the retry loop below.
// Not at once: a server that is shutting down closes the hub's sockets first, and an immediate reconnect could still
// reach it over a kept-alive connection and hold up its shutdown.
const RECONNECT_DELAYS = [1000, 2000, 2000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000];
const RETRY_DELAY_MS = 5000;

// The page handles connection failures itself (state badge, retries): SignalR's own reports of them are warnings.
const quietLogger = {
  log(level, message) {
    if (level >= signalR.LogLevel.Critical) {
      console.error(`[live] ${message}`);
    } else if (level >= signalR.LogLevel.Warning) {
      console.warn(`[live] ${message}`);
    }
  },
};

export class LiveConnection {
  #connection;
  #owners = new Map(); // owner -> Set of symbols it wants watched
  #subscribed = new Set(); // symbols the current connection watches
  #lastSeq = new Map(); // symbol -> sequence number of the last update applied
  #listeners = new Map();
  #retryTimer = 0;
  #stopped = false;
  state = 'connecting';
  epoch = 0; // +1 per established connection: pushes meant for an earlier one never arrive

  constructor(url = '/hubs/ticks') {
    this.#connection = new signalR.HubConnectionBuilder()
      .withUrl(url, { accessTokenFactory: () => apiKey() })
      .withAutomaticReconnect({
        nextRetryDelayInMilliseconds: (context) => RECONNECT_DELAYS[context.previousRetryCount] ?? null,
      })
      .configureLogging(quietLogger)
      .build();
    this.#connection.on('quote', (quote) => this.#onUpdate('quote', quote.symbol, quote.seq, quote));
    this.#connection.on('bar', (message) => this.#onUpdate('bar', message.symbol, message.seq, message));
    this.#connection.on('regenerationCompleted', (job) => this.#emit('regenerationCompleted', job));
    this.#connection.onreconnecting(() => this.#setState('reconnecting'));
    this.#connection.onreconnected(() => this.#onConnected());
    this.#connection.onclose(() => {
      if (!this.#stopped) {
        this.#setState('offline');
        this.#scheduleRetry();
      }
    });
    window.addEventListener('online', () => this.retryNow());
  }

  // Events: state(name), snapshot({symbol, quote, bar, seq}), quote(quote), bar(message),
  // rejected({symbol, code, message}), regenerationCompleted(job).
  on(event, listener) {
    if (!this.#listeners.has(event)) {
      this.#listeners.set(event, []);
    }
    this.#listeners.get(event).push(listener);
  }

  async start() {
    this.#stopped = false;
    try {
      await this.#connection.start();
    } catch (error) {
      this.#onStartFailed(error);
      return;
    }
    await this.#onConnected();
  }

  // Tries again at once (after a new key, or when the browser comes back online).
  retryNow() {
    if (this.#connection.state === signalR.HubConnectionState.Disconnected && !this.#stopped) {
      clearTimeout(this.#retryTimer);
      this.#retryTimer = 0;
      this.start();
    }
  }

  // Reconnects with the current key (a key was entered or removed).
  async restart() {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    await this.#connection.stop();
    await this.start();
  }

  // Sets the symbols one part of the page wants watched; the connection watches the union over all parts.
  want(owner, symbols) {
    this.#owners.set(owner, new Set(symbols));
    return this.#sync();
  }

  // Starts a regeneration job; its end arrives as the regenerationCompleted event. Answers the job id.
  regenerate(request) {
    return this.#connection.invoke('Regenerate', request);
  }

  get connected() {
    return this.#connection.state === signalR.HubConnectionState.Connected;
  }

  #wanted() {
    const all = new Set();
    for (const symbols of this.#owners.values()) {
      for (const symbol of symbols) {
        all.add(symbol);
      }
    }
    return all;
  }

  async #sync() {
    if (!this.connected) {
      return; // the next connection subscribes everything wanted
    }
    const wanted = this.#wanted();
    const added = [...wanted].filter((symbol) => !this.#subscribed.has(symbol));
    const removed = [...this.#subscribed].filter((symbol) => !wanted.has(symbol));
    for (const symbol of added) {
      this.#subscribed.add(symbol);
    }
    for (const symbol of removed) {
      this.#subscribed.delete(symbol);
    }
    try {
      if (removed.length > 0) {
        await this.#connection.invoke('Unsubscribe', removed);
      }
      if (added.length > 0) {
        this.#applySubscribeResult(await this.#connection.invoke('Subscribe', added));
      }
    } catch (error) {
      for (const symbol of added) {
        this.#subscribed.delete(symbol); // subscribed again by the next sync or connection
      }
      console.warn(`[live] subscription change failed: ${error.message}`);
    }
  }

  #applySubscribeResult(result) {
    for (const snapshot of result.accepted) {
      const last = this.#lastSeq.get(snapshot.symbol);
      // A live message with a higher number may have come before the answer: it is newer than the snapshot.
      if (last === undefined || snapshot.seq >= last) {
        this.#lastSeq.set(snapshot.symbol, snapshot.seq);
        this.#emit('snapshot', snapshot);
      }
    }
    for (const rejection of result.rejected) {
      this.#subscribed.delete(rejection.symbol);
      this.#emit('rejected', rejection);
    }
  }

  #onUpdate(kind, symbol, seq, payload) {
    const last = this.#lastSeq.get(symbol);
    if (last !== undefined && seq <= last) {
      return; // already reflected by the snapshot or an earlier message
    }
    this.#lastSeq.set(symbol, seq);
    this.#emit(kind, payload);
  }

  async #onConnected() {
    // A new connection (maybe to a restarted server, whose numbers start again): forget what the old one saw.
    this.#subscribed.clear();
    this.#lastSeq.clear();
    this.epoch += 1;
    this.#setState('connected');
    await this.#sync();
  }

  #onStartFailed(error) {
    const unauthorized = error?.statusCode === 401 || /\b401\b/.test(error?.message ?? '');
    if (unauthorized) {
      this.#setState('offline');
      keyNeeded('The live connection was refused: this server requires an API key.');
      return; // retried when a key is entered
    }
    this.#setState('offline');
    this.#scheduleRetry();
  }

  #scheduleRetry() {
    if (this.#retryTimer || this.#stopped) {
      return;
    }
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = 0;
      this.start();
    }, RETRY_DELAY_MS);
  }

  #setState(state) {
    if (this.state !== state) {
      this.state = state;
      this.#emit('state', state);
    }
  }

  #emit(event, payload) {
    for (const listener of this.#listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        console.error(error);
      }
    }
  }
}
