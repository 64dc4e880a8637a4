// DOM helpers. Server strings only ever become text nodes or attribute values (never HTML), so a lead
// named <img src=x onerror=alert(1)> renders as those characters.

/** h('div.card', {onclick}, 'text', child, [more]) : an element; strings are text nodes. */
export function h(tag, attrs, ...children) {
  const [name, ...classes] = tag.split('.');
  const el = document.createElement(name || 'div');
  if (classes.length) el.className = classes.join(' ');
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    children.unshift(attrs);
    attrs = null;
  }
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value == null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className += (el.className ? ' ' : '') + value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'style' && typeof value === 'object') Object.assign(el.style, value);
    else if (key in el && typeof value !== 'string') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the children of el. */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const fullName = (lead) => [lead?.firstName, lead?.lastName].filter(Boolean).join(' ') || '(no name)';

export function ago(iso) {
  if (!iso) return '';
  const s = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  if (s < 45) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return new Date(iso).toLocaleDateString();
}

export const time = (iso) => (iso ? new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' }) : '');

export function money(minor, currency = 'EUR') {
  const value = Number(minor ?? 0) / 100;
  try {
    return value.toLocaleString(undefined, { style: 'currency', currency: String(currency).toUpperCase(), maximumFractionDigits: 0 });
  } catch {
    return `${value.toFixed(0)} ${currency}`;
  }
}

export const statusBadge = (status) => h(`span.badge.status-${String(status ?? '').toLowerCase()}`, status ?? '');

export function empty(title, detail) {
  return h('div.empty', h('p.empty-title', title), detail ? h('p.muted', detail) : null);
}

export function loading(label = 'Loading…') {
  return h('div.loading', { role: 'status' }, h('span.spinner'), label);
}

export function errorBanner(error) {
  return h('div.banner.error', { role: 'alert' }, error?.message ?? String(error));
}
