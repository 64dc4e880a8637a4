package io.leadpulse.lead.preview;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The HTML of a preview page: a proposal from the organisation to the lead, with a call to action,
 * an "accept quote" button and the beacon. Every value from the lead or the company profile is
 * HTML-escaped, links are built only from http(s), tel and mailto values that pass a strict check,
 * and nothing is interpolated into script: the one script is constant, its settings travel in a
 * JSON block escaped for HTML, and it runs under the response's CSP nonce.
 */
final class PreviewPage {

    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ()./-]{3,30}");
    private static final Pattern EMAIL =
            Pattern.compile("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,255}\\.[A-Za-z]{2,24}");

    /** The beacon: VIEW on load, visible seconds on an interval and when the page is hidden, clicks. */
    static final String SCRIPT = """
            (function () {
              'use strict';
              var config = JSON.parse(document.getElementById('preview-config').textContent);
              var url = location.pathname.replace(/\\/+$/, '') + '/events';
              function eventId() {
                if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
                return Date.now().toString(36) + Math.random().toString(36).slice(2);
              }
              function send(type, seconds) {
                var body = {type: type, clientEventId: eventId()};
                if (seconds) { body.secondsOnPage = seconds; }
                var data = JSON.stringify(body);
                var blob = new Blob([data], {type: 'text/plain;charset=UTF-8'});
                if (navigator.sendBeacon && navigator.sendBeacon(url, blob)) { return; }
                if (window.fetch) {
                  fetch(url, {method: 'POST', body: data, keepalive: true, credentials: 'omit',
                    headers: {'Content-Type': 'text/plain;charset=UTF-8'}}).catch(function () {});
                }
              }
              var visibleSince = document.visibilityState === 'visible' ? Date.now() : null;
              var unsentMillis = 0;
              function flush() {
                var now = Date.now();
                if (visibleSince !== null) { unsentMillis += now - visibleSince; visibleSince = now; }
                var seconds = Math.floor(unsentMillis / 1000);
                if (seconds > 0) { unsentMillis -= seconds * 1000; send('HEARTBEAT', seconds); }
              }
              document.addEventListener('visibilitychange', function () {
                if (document.visibilityState === 'hidden') { flush(); visibleSince = null; }
                else { visibleSince = Date.now(); }
              });
              window.addEventListener('pagehide', function () { flush(); visibleSince = null; });
              setInterval(function () {
                if (document.visibilityState === 'visible') { flush(); }
              }, Math.max(5, config.heartbeatSeconds) * 1000);
              send('VIEW');
              var cta = document.getElementById('cta');
              if (cta) { cta.addEventListener('click', function () { send('CTA_CLICK'); }); }
              var accept = document.getElementById('accept');
              accept.addEventListener('click', function () {
                if (accept.disabled) { return; }
                accept.disabled = true;
                send('QUOTE_ACCEPTED');
                document.getElementById('accepted').hidden = false;
              });
            })();
            """;

    private static final String STYLE = """
            body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2433;background:#f5f7fb}
            main{max-width:40rem;margin:2rem auto;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 2px 12px rgba(0,0,0,.08)}
            h1{margin:0;font-size:1.5rem}.tagline{margin:.25rem 0 0;color:#5b6475}
            h2{font-size:1.25rem;margin:2rem 0 .5rem}.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin:1.5rem 0}
            .button{display:inline-block;padding:.7rem 1.2rem;border-radius:8px;border:0;font:inherit;cursor:pointer;text-decoration:none}
            .primary{background:#2f6fed;color:#fff}.secondary{background:#e8eefc;color:#1d3f8f}
            button:disabled{opacity:.6;cursor:default}.thanks{color:#1f7a3e;font-weight:600}
            footer{margin-top:2rem;padding-top:1rem;border-top:1px solid #e5e8ef;color:#5b6475;font-size:.9rem}
            footer p{margin:.2rem 0}
            """;

    private PreviewPage() {}

    /** The page for a lead; {@code nonce} must be the one in the response's CSP header. */
    static String render(PreviewService.Page page, String nonce, long heartbeatSeconds) {
        Map<String, Object> profile = page.profile() == null ? Map.of() : page.profile();
        String company = firstNonBlank(text(profile.get("name")), page.orgName(), "Our team");
        String tagline = text(profile.get("tagline"));
        String offer = text(profile.get("offer"));
        String website = httpUrl(text(profile.get("website")));
        String phone = text(profile.get("phone"));
        String email = text(profile.get("email"));
        String address = text(profile.get("address"));
        String firstName = page.firstName();
        String leadCompany = page.company();

        StringBuilder html = new StringBuilder(4096);
        html.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"robots\" content=\"noindex, nofollow\">\n")
                .append("<meta name=\"referrer\" content=\"no-referrer\">\n")
                .append("<title>A proposal for ")
                .append(escape(firstName))
                .append(" from ")
                .append(escape(company))
                .append("</title>\n<style nonce=\"")
                .append(escape(nonce))
                .append("\">")
                .append(STYLE)
                .append("</style>\n</head>\n<body>\n<main>\n<header>\n<h1>")
                .append(escape(company))
                .append("</h1>\n");
        if (tagline != null) {
            html.append("<p class=\"tagline\">").append(escape(tagline)).append("</p>\n");
        }
        html.append("</header>\n<section>\n<h2>A proposal for ").append(escape(firstName));
        if (leadCompany != null && !leadCompany.isBlank()) {
            html.append(" at ").append(escape(leadCompany));
        }
        html.append("</h2>\n<p>");
        if (offer != null) {
            html.append(escape(offer));
        } else {
            html.append("Hi ")
                    .append(escape(firstName))
                    .append(", we put together a quote for ")
                    .append(leadCompany == null || leadCompany.isBlank() ? "you" : escape(leadCompany))
                    .append(". Accept it below and we will be in touch right away, or talk to us first.");
        }
        html.append("</p>\n</section>\n<section class=\"actions\">\n");
        String ctaHref = website != null ? website : telUrl(phone);
        if (ctaHref != null) {
            html.append("<a id=\"cta\" class=\"button secondary\" href=\"")
                    .append(escape(ctaHref))
                    .append("\" rel=\"noopener noreferrer\" target=\"_blank\">Talk to us</a>\n");
        }
        html.append("<button id=\"accept\" class=\"button primary\" type=\"button\">Accept quote</button>\n")
                .append("</section>\n<p id=\"accepted\" class=\"thanks\" hidden>Thank you, ")
                .append(escape(firstName))
                .append("! We will be in touch shortly.</p>\n<footer>\n<p>")
                .append(escape(company))
                .append("</p>\n");
        if (website != null) {
            html.append("<p><a href=\"")
                    .append(escape(website))
                    .append("\" rel=\"noopener noreferrer\" target=\"_blank\">")
                    .append(escape(website))
                    .append("</a></p>\n");
        } else if (text(profile.get("website")) != null) {
            html.append("<p>").append(escape(text(profile.get("website")))).append("</p>\n");
        }
        if (phone != null) {
            String tel = telUrl(phone);
            html.append("<p>");
            if (tel != null) {
                html.append("<a href=\"")
                        .append(escape(tel))
                        .append("\">")
                        .append(escape(phone))
                        .append("</a>");
            } else {
                html.append(escape(phone));
            }
            html.append("</p>\n");
        }
        if (email != null) {
            html.append("<p>");
            if (EMAIL.matcher(email).matches()) {
                html.append("<a href=\"mailto:")
                        .append(escape(email))
                        .append("\">")
                        .append(escape(email))
                        .append("</a>");
            } else {
                html.append(escape(email));
            }
            html.append("</p>\n");
        }
        if (address != null) {
            html.append("<p>").append(escape(address)).append("</p>\n");
        }
        html.append("</footer>\n</main>\n<script type=\"application/json\" id=\"preview-config\">")
                .append(jsonForHtml("{\"heartbeatSeconds\":" + heartbeatSeconds + "}"))
                .append("</script>\n<script nonce=\"")
                .append(escape(nonce))
                .append("\">")
                .append(SCRIPT)
                .append("</script>\n</body>\n</html>\n");
        return html.toString();
    }

    /** The page for a token that leads nowhere: no script, nothing about why. */
    static String notFound() {
        return """
                <!doctype html>
                <html lang="en">
                <head><meta charset="utf-8"><meta name="robots" content="noindex, nofollow"><title>Link not found</title></head>
                <body><h1>This link is not valid</h1><p>It may have been mistyped or may have expired.</p></body>
                </html>
                """;
    }

    /** Escapes text for HTML content and quoted attribute values alike. */
    static String escape(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '`' -> out.append("&#96;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * JSON made safe inside a {@code <script>} block: no {@code <}, {@code >} or {@code &} can close
     * the block or open a comment, and the line separators JavaScript once choked on are escaped.
     */
    static String jsonForHtml(String json) {
        return json.replace("<", "\\u003c")
                .replace(">", "\\u003e")
                .replace("&", "\\u0026")
                .replace("\u2028", "\\u2028")
                .replace("\u2029", "\\u2029");
    }

    /** The value as an absolute http(s) URL, or null: never {@code javascript:} or {@code data:}. */
    static String httpUrl(String value) {
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri.toASCIIString();
            }
            return null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String telUrl(String phone) {
        if (phone == null || !PHONE.matcher(phone.trim()).matches()) {
            return null;
        }
        return "tel:" + phone.replaceAll("[^0-9+]", "");
    }

    /** A scalar profile value as text; nested objects and blanks count as absent. */
    private static String text(Object value) {
        if (value instanceof String s) {
            return s.isBlank() ? null : s.trim();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return null;
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return "";
    }
}
