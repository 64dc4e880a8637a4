package io.leadpulse.notification.preferences;

/** How one person wants one type of notification: in the app, by email, by SMS. */
public record Preference(String type, boolean inApp, boolean email, boolean sms) {

    /** In-app only; the weekly insights (an email with a PDF, nothing in the app) by email. */
    public static Preference defaultFor(String type) {
        if ("insights.weekly".equals(type)) {
            return new Preference(type, false, true, false);
        }
        return new Preference(type, true, false, false);
    }
}
