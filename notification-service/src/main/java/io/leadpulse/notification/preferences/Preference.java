package io.leadpulse.notification.preferences;

/** How one person wants one type of notification: in the app, by email, by SMS. */
public record Preference(String type, boolean inApp, boolean email, boolean sms) {

    public static Preference defaultFor(String type) {
        return new Preference(type, true, false, false);
    }
}
