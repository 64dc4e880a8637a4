package io.leadpulse.realtime.protocol;

/**
 * Pusher protocol 7 error and close codes. 4000-4099: the client must not reconnect; 4100-4199:
 * reconnect after a back-off; 4200-4299: reconnect at once; 4300-4399: an error about one request,
 * the connection stays open.
 */
public final class CloseCodes {

    public static final int APP_NOT_FOUND = 4001;
    public static final int UNSUPPORTED_PROTOCOL = 4007;
    public static final int NO_PROTOCOL = 4008;
    public static final int UNAUTHORIZED = 4009;
    public static final int OVER_CAPACITY = 4100;
    public static final int RECONNECT = 4200;
    public static final int PONG_NOT_RECEIVED = 4201;
    public static final int CLIENT_EVENT_REJECTED = 4300;
    public static final int RATE_LIMITED = 4301;

    private CloseCodes() {}
}
