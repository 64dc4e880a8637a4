package io.leadpulse.platform.web.security;

/** What a user may do inside its organisation. */
public enum Role {
    /** Everything in the organisation: settings, all leads, billing. */
    ADMIN,
    /** Sales rep: only the leads assigned to it. */
    REP
}
