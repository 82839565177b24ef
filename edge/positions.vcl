# Varnish 7 in front of the site (`make serve-edge`; Debian's varnish package). What it may keep, and for how long,
# the site says in each response's CDN-Cache-Control (negotiations/web/edge.py): browsers get Cache-Control:
# no-cache and revalidate every time, the edge keeps public pages for s-maxage and serves them stale-while-
# revalidate longer while it fetches them again. Every data change sends a BAN naming the new data version: every
# object of another version goes at once.
vcl 4.1;

import std;

# The backend (gunicorn on BIND), written by whoever starts Varnish (edge/varnish.py) into its work directory,
# which is on vcl_path: `backend origin { .host = "127.0.0.1"; .port = "8000"; }`.
include "origin.vcl";

# Who may send a BAN: the app's processes on this host. Add the addresses of app servers on other hosts here.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "BAN not allowed from this address"));
        }
        if (req.http.X-Data-Version !~ "^[0-9]+$") {
            return (synth(400, "BAN needs X-Data-Version: <number>"));
        }
        # Every object of another version (the static files too: each is fetched once again), checked by the ban
        # lurker in the background too (the expression names only the object), so the ban list stays short.
        if (std.ban({"obj.http.X-Data-Version != ""} +
                req.http.X-Data-Version + {"""})) {
            return (synth(200, "Banned every version but " + req.http.X-Data-Version));
        }
        return (synth(400, std.ban_error()));
    }
    # The admin, and anyone signed in (the session cookie, plain or __Host-) or authenticating: straight through.
    if (req.url ~ "^/admin(/|$)" || req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(__Host-)?sessionid=") {
        return (pass);
    }
    # A public page reads no cookie: without them the builtin VCL would pass every request that carries one
    # (a CSRF cookie left by a visit to the admin's login, an analytics cookie).
    unset req.http.Cookie;
    # The same view state, the same object: parameters in one order, without the empty ones (the site ignores them)
    # and without the trackers' (utm_*, fbclid, gclid). The origin's own cache keys on the exact canonical state
    # (web/query.py: known parameters only, values normalised, defaults dropped): what differs from it here makes
    # another object at the edge, fetched once from the origin, which answers it from its page cache.
    set req.url = std.querysort(req.url);
    set req.url = regsuball(req.url, "(?<=[?&])(utm_[^&=]*|fbclid|gclid)(=[^&]*)?(&|$)", "");
    set req.url = regsuball(req.url, "(?<=[?&])[^&=]*=?(&|$)", "");
    set req.url = regsub(req.url, "[?&]+$", "");
    # Then the builtin VCL: only GET and HEAD are looked up, anything else passes.
}

sub vcl_hash {
    # Pages write absolute links: http and https are different objects when TLS ends in front of Varnish.
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_hit {
    set req.http.X-Cache = "HIT";
}

sub vcl_miss {
    set req.http.X-Cache = "MISS";
}

sub vcl_pass {
    set req.http.X-Cache = "PASS";
}

sub vcl_backend_response {
    if (beresp.status >= 500) {
        # Never kept. A background refresh of an object still in its grace abandons, so readers keep the graced
        # copy instead of the error; otherwise the origin's own 503 (with its Retry-After) goes through, and the
        # next request for the object tries again (no hit-for-miss: requests still wait for one fetch at a time).
        if (bereq.is_bgfetch) {
            return (abandon);
        }
        set beresp.ttl = 0s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    if (beresp.http.CDN-Cache-Control ~ "s-maxage=[0-9]+" && !beresp.http.Set-Cookie) {
        set beresp.ttl = std.duration(regsub(beresp.http.CDN-Cache-Control, "^.*s-maxage=([0-9]+).*$", "\1s"), 0s);
        set beresp.grace = std.duration(
            regsub(beresp.http.CDN-Cache-Control, "^.*stale-while-revalidate=([0-9]+).*$", "\1s"), 0s);
        # Past both, kept a while to revalidate (If-None-Match: the origin answers 304 when the version is the same).
        set beresp.keep = beresp.ttl;
        # Kept compressed (the origin does not compress): about a sixth of the memory, and of the bytes sent to
        # readers, who all take gzip; one that does not gets it unzipped on the way (a cost per request).
        if (beresp.http.Content-Type ~ "^(text/|application/(json|xml|rss|atom))") {
            set beresp.do_gzip = true;
        }
        # Cache-Control: no-cache is the browsers': the builtin VCL would take it for the edge too.
        return (deliver);
    }
    # The static files (whitenoise): kept as their own Cache-Control says (a hashed name for a year, immutable;
    # others a minute). Without this, a spike of first-time readers would ask gunicorn for the style sheet and
    # scripts of every page they open.
    if (bereq.url ~ "^/static/" && beresp.status == 200 && beresp.ttl > 0s && !beresp.http.Set-Cookie) {
        return (deliver);
    }
    # Not for the edge (a refused query, a 4xx, a signed-in or admin page that passed): remembered as such for a
    # moment (hit-for-miss), so requests for it do not queue behind each other's fetch.
    set beresp.ttl = 10s;
    set beresp.uncacheable = true;
    return (deliver);
}

sub vcl_deliver {
    # The edge's own field: browsers follow Cache-Control.
    unset resp.http.CDN-Cache-Control;
    set resp.http.X-Cache = req.http.X-Cache;
}
