// The signed-in user of this tab: the JWT lives in sessionStorage (per tab, gone when the tab closes).
const KEY = 'leadpulse.session';

export function saved() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
  } catch {
    return null;
  }
}

export function save(session) {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clear() {
  sessionStorage.removeItem(KEY);
}
