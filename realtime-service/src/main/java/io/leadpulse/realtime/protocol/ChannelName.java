package io.leadpulse.realtime.protocol;

import java.util.regex.Pattern;

/** Channel names as Pusher allows them, and their kind. */
public final class ChannelName {

    /** Pusher's alphabet and length limit for channel names. */
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_\\-=@,.;]{1,164}");

    private static final Pattern SOCKET_ID = Pattern.compile("\\d{1,20}\\.\\d{1,20}");

    public enum Type {
        PUBLIC,
        PRIVATE,
        PRESENCE;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private ChannelName() {}

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches() && !name.startsWith("private-encrypted-");
    }

    public static boolean isValidSocketId(String socketId) {
        return socketId != null && SOCKET_ID.matcher(socketId).matches();
    }

    public static Type typeOf(String name) {
        if (name.startsWith("presence-")) {
            return Type.PRESENCE;
        }
        if (name.startsWith("private-")) {
            return Type.PRIVATE;
        }
        return Type.PUBLIC;
    }
}
