// Notifications in the corner of the page. Each toast carries its kind as data-kind (tests and styles use it).

const container = () => document.getElementById('toasts');

export function toast({ kind = 'info', title, body = '', tone = 'info', timeout = 6000 }) {
  const element = document.createElement('div');
  element.className = `toast ${tone}`;
  element.dataset.kind = kind;
  element.setAttribute('role', tone === 'error' ? 'alert' : 'status');
  const heading = document.createElement('strong');
  heading.textContent = title;
  element.append(heading);
  if (body) {
    const text = document.createElement('span');
    text.textContent = body;
    element.append(text);
  }
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'toast-close';
  close.setAttribute('aria-label', 'Dismiss');
  close.textContent = '×';
  close.addEventListener('click', () => element.remove());
  element.append(close);
  container().append(element);
  if (timeout > 0) {
    setTimeout(() => element.remove(), timeout);
  }
  return element;
}
