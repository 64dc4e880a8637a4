// History routing: /leads/123 is a real URL (the gateway answers index.html for it).
const routes = [];

export function route(pattern, load) {
  const keys = [];
  const regex = new RegExp(`^${pattern.replace(/:(\w+)/g, (_, k) => (keys.push(k), '([^/]+)'))}/?$`);
  routes.push({ regex, keys, load });
}

export function match(path) {
  for (const r of routes) {
    const m = r.regex.exec(path);
    if (m) return { load: r.load, params: Object.fromEntries(r.keys.map((k, i) => [k, decodeURIComponent(m[i + 1])])) };
  }
  return null;
}

let onChange = () => {};
export function start(fn) {
  onChange = fn;
  window.addEventListener('popstate', () => onChange(location.pathname + location.search));
  document.addEventListener('click', (e) => {
    const a = e.target.closest?.('a[href^="/"]');
    if (!a || a.target || a.hasAttribute('download') || e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate(a.getAttribute('href'));
  });
  onChange(location.pathname + location.search);
}

export function navigate(to, { replace = false } = {}) {
  if (to === location.pathname + location.search && !replace) return;
  history[replace ? 'replaceState' : 'pushState'](null, '', to);
  onChange(to);
}
