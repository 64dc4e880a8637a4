// One pusher-js connection to the suite's own realtime service, through the gateway (same origin).
//
// No lost updates (ADR 0021): once connected the console asks for positions inside event data
// (`leadpulse:options {position_in_data}`) and remembers the last position per channel. After a
// dropped connection it sends `leadpulse:resume {channel, position}` for each channel before
// pusher-js resubscribes (its subscribe waits for the auth call), so the server replays what the
// channel got meanwhile, in order. A channel history cannot cover answers `leadpulse:resync`; then,
// and after every reconnect, the open screen re-reads its REST state and merges by id, so nothing is
// missed. Replayed messages already seen (same position) are dropped, so nothing shows twice.
// pusher-js 8.6.0's browser build, loaded by index.html before the modules (window.Pusher)
const { Pusher } = window;

const KEY = 'leadpulse-key';
const SEEN_PER_CHANNEL = 500;

export function connect({ token, onState }) {
  const secure = location.protocol === 'https:';
  const port = Number(location.port || (secure ? 443 : 80));
  const pusher = new Pusher(KEY, {
    cluster: 'leadpulse',
    wsHost: location.hostname,
    wsPort: port,
    wssPort: port,
    forceTLS: secure,
    enabledTransports: ['ws', 'wss'],
    disableStats: true,
    channelAuthorization: {
      endpoint: '/api/realtime/auth',
      transport: 'ajax',
      headers: { Authorization: `Bearer ${token}` },
    },
  });

  const positions = new Map(); // channel -> last position seen
  const seen = new Map(); // channel -> Set of positions (bounded), to drop replays of what arrived live
  const handlers = new Map(); // channel -> Set of {event, fn}
  const refs = new Map(); // channel -> subscription count
  const resyncListeners = new Set();
  let everConnected = false;
  let state = 'connecting';

  const resync = (reason) => resyncListeners.forEach((fn) => fn(reason));

  pusher.connection.bind('state_change', ({ current }) => {
    // pusher-js: initialized, connecting, connected, unavailable, failed, disconnected
    state = current === 'connected' ? 'live'
      : current === 'connecting' ? (everConnected ? 'reconnecting' : 'connecting')
      : current === 'unavailable' ? 'reconnecting'
      : 'offline';
    onState?.(state);
  });

  pusher.connection.bind('connected', () => {
    pusher.send_event('leadpulse:options', { position_in_data: true });
    if (everConnected) {
      for (const [channel, position] of positions) {
        if (pusher.channel(channel)) pusher.send_event('leadpulse:resume', { channel, position });
      }
      resync('reconnected');
    }
    everConnected = true;
  });

  function attach(name) {
    const channel = pusher.subscribe(name);
    // '@subscribed' handlers run once the server confirms the subscription: a screen re-reads its REST
    // state then, so nothing that happened between its first read and the subscription is missed.
    channel.bind('pusher:subscription_succeeded', () => {
      for (const handler of handlers.get(name) ?? []) if (handler.event === '@subscribed') handler.fn();
    });
    channel.bind_global((event, data) => {
      if (event === 'leadpulse:resync') return resync('history');
      if (event.startsWith('pusher:') || event.startsWith('leadpulse:')) return;
      const position = data && typeof data === 'object' ? data.leadpulse_position : undefined;
      if (position) {
        let set = seen.get(name);
        if (!set) seen.set(name, (set = new Set()));
        if (set.has(position)) return; // a replay of what we already had
        set.add(position);
        if (set.size > SEEN_PER_CHANNEL) set.delete(set.values().next().value);
        positions.set(name, position);
      }
      for (const handler of handlers.get(name) ?? []) {
        if ((handler.event === '*' && event !== '@subscribed') || handler.event === event) {
          try {
            handler.fn(data, event);
          } catch (e) {
            console.error('realtime handler failed', event, e);
          }
        }
      }
    });
    return channel;
  }

  return {
    pusher,
    get state() {
      return state;
    },
    /** on('private-lead-1', 'message.inbound', fn) (or '*'): returns the function that stops listening. */
    on(channel, event, fn) {
      if (!refs.get(channel)) attach(channel);
      refs.set(channel, (refs.get(channel) ?? 0) + 1);
      const handler = { event, fn };
      if (!handlers.has(channel)) handlers.set(channel, new Set());
      handlers.get(channel).add(handler);
      return () => {
        handlers.get(channel)?.delete(handler);
        const left = (refs.get(channel) ?? 1) - 1;
        refs.set(channel, left);
        if (left <= 0 && !channel.startsWith('presence-') && !channel.startsWith('private-user-') && !channel.startsWith('private-org-')) {
          refs.delete(channel);
          handlers.delete(channel);
          positions.delete(channel);
          seen.delete(channel);
          pusher.unsubscribe(channel);
        }
      };
    },
    /** The org's presence channel: calls back with the member list on every change. */
    presence(channelName, fn) {
      const channel = pusher.subscribe(channelName);
      const list = () => {
        const members = [];
        channel.members.each((m) => members.push({ id: m.id, ...(m.info ?? {}) }));
        fn(members, channel.members.me?.id);
      };
      channel.bind('pusher:subscription_succeeded', list);
      channel.bind('pusher:member_added', list);
      channel.bind('pusher:member_removed', list);
      channel.bind('pusher:subscription_error', () => fn(null));
    },
    /** Called after a reconnect or a resync: re-read REST state. */
    onResync(fn) {
      resyncListeners.add(fn);
      return () => resyncListeners.delete(fn);
    },
    disconnect() {
      pusher.disconnect();
    },
  };
}
