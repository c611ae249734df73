# Varnish in front of the newsroom's application servers (Debian: varnish and
# varnish-modules for xkey). Pages carry their dependency tokens in the `xkey`
# header; the application purges by token when the objects behind them change
# (newsroom/purge.py, VarnishBackend): `xkey-softpurge` for edits, `xkey-purge`
# (hard) for what must be gone at once (an unpublished article).
#
# Readers' cookies are stripped; the admin, previews, anything with a session,
# unsafe methods and search pages with parameters other than q and page go to
# the application uncached. While the application does not answer (its health
# probe fails), cached pages are served for up to a day (grace); while it
# answers, a purged page is fetched again at once, never served stale.
vcl 4.1;

import std;
import xkey;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
    .probe = {
        .url = "/healthz";
        .interval = 1s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
        .initial = 2;
    }
}

# Who may purge: the application servers.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.http.xkey-purge) {
            set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        } else if (req.http.xkey-softpurge) {
            set req.http.n-gone = xkey.softpurge(req.http.xkey-softpurge);
        } else {
            return (synth(400, "xkey-purge or xkey-softpurge header needed"));
        }
        return (synth(200, "Purged " + req.http.n-gone));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/admin" || req.url ~ "^/[a-z][a-z]/preview/") {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);  # staff and anyone signed in: their own view of the site
    }
    # Search: only the words and the page number are read; anything else is not cached here.
    if (req.url ~ "^/[a-z][a-z]/search/\?" && req.url ~ "[?&](?!(q|page)=)[^&]") {
        return (pass);
    }
    unset req.http.Cookie;  # readers' cookies never reach a cached page
    if (std.healthy(req.backend_hint)) {
        set req.grace = 0s;  # the application answers: a purged page is made again at once
    }
    return (hash);
}

sub vcl_backend_response {
    if (beresp.http.Set-Cookie || !beresp.http.xkey) {
        # Not a page of the page cache: keep it only as long as its own headers say.
        return (deliver);
    }
    # Purged precisely when what it shows changes: kept for an hour, and for a day
    # more to serve while the application is down.
    set beresp.ttl = 1h;
    set beresp.grace = 24h;
    set beresp.keep = 24h;
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.xkey;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
