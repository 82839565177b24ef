"""Who a client is: the address django-axes counts failed admin logins against (settings.AXES_CLIENT_IP_CALLABLE),
and the client the render slots are shared between (render_slots.py)."""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The right-most address that no trusted proxy vouches for.

    Each of the PROXY_COUNT proxies in front of us appends the address it received the request from
    (nginx's $proxy_add_x_forwarded_for), so the client is the PROXY_COUNT-th entry from the right of
    X-Forwarded-For; anything to its left was sent by the client and may be forged. With no proxies, or a
    header too short to hold what the proxies appended, the socket's own address is all there is.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    if not settings.PROXY_COUNT:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < settings.PROXY_COUNT:
        return remote
    candidate = hops[-settings.PROXY_COUNT]
    try:
        # The count is stored in an address column: anything else means a misconfigured proxy count.
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def client_key(request):
    """The client, for sharing the render slots: its address, or for IPv6 its /64 network, which one subscriber
    is usually given whole (counted by single addresses, one subscriber could be as many clients as it liked)."""
    address = client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(getattr(parsed, "ipv4_mapped", None) or parsed)
