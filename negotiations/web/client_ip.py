"""Who a client is: the address django-axes counts failed admin logins against (settings.AXES_CLIENT_IP_CALLABLE),
and the client the render slots are shared between (render_slots.py)."""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The right-most address that no trusted proxy vouches for.

    Each of the PROXY_COUNT proxies in front of us appends the address it received the request from (nginx's
    $proxy_add_x_forwarded_for), so, walking X-Forwarded-For from the right, each entry is believed only as long
    as the one who appended it is a trusted proxy (settings.TRUSTED_PROXIES): the socket's peer first, then each
    proxy's own address as the next one appended it. Whoever reaches gunicorn, or an inner proxy, without going
    through the proxies in front of it is not trusted, so the address counted is their own, never one they wrote
    in the header. A header too short to hold what the proxies appended, or an entry that is not an address, stops
    the walk at the last address known (a proxy's: a misconfigured count locks the proxy, never no one).
    """
    address = request.META.get("REMOTE_ADDR", "")
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for _ in range(settings.PROXY_COUNT):
        if not hops or not is_trusted_proxy(address):
            break
        appended = address_or_none(hops.pop())
        if appended is None:
            break
        address = appended
    return address


def is_trusted_proxy(address):
    parsed = address_or_none(address)
    return parsed is not None and any(
        ipaddress.ip_address(parsed) in ipaddress.ip_network(network) for network in settings.TRUSTED_PROXIES
    )


def address_or_none(text):
    """The address, written as Python writes it (the column axes stores it in expects an address), or None."""
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


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
