// REST calls to /api with the API key, if one is set. The key lives in local storage: with Auth:ApiKeys configured
// every call needs one (docs/SECURITY.md); without, none is sent. A 401 asks the page for a key (onKeyNeeded).

const KEY_STORAGE = 'orleansticks.apiKey';
const keyListeners = [];

export class ApiError extends Error {
  constructor(status, problem, fallback) {
    super(problem?.detail || problem?.title || fallback);
    this.status = status;
    this.problem = problem;
  }
}

export function apiKey() {
  return localStorage.getItem(KEY_STORAGE) || '';
}

export function setApiKey(key) {
  if (key) {
    localStorage.setItem(KEY_STORAGE, key);
  } else {
    localStorage.removeItem(KEY_STORAGE);
  }
}

// Called with the reason whenever the server refuses a request for want of a (valid) key.
export function onKeyNeeded(listener) {
  keyListeners.push(listener);
}

export function keyNeeded(reason) {
  for (const listener of keyListeners) {
    listener(reason);
  }
}

export async function getJson(path, { signal } = {}) {
  const headers = { Accept: 'application/json' };
  const key = apiKey();
  if (key) {
    headers['X-Api-Key'] = key;
  }
  const response = await fetch(path, { headers, signal, cache: 'no-store' });
  if (response.ok) {
    return response.json();
  }
  let problem = null;
  try {
    problem = await response.json();
  } catch {
    // Not a problem document (a proxy's error page): the status says enough.
  }
  const error = new ApiError(response.status, problem, `${response.status} ${response.statusText}`);
  if (response.status === 401) {
    keyNeeded(error.message);
  }
  throw error;
}

// A query string from an object, leaving out null and undefined values.
export function query(parameters) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== null && value !== undefined) {
      search.set(name, String(value));
    }
  }
  return search.toString();
}
