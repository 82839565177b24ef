from django import template

register = template.Library()


@register.filter
def lookup(mapping, key):
    """`mapping|lookup:key` — a dict value by a key held in a variable (0 when absent, for counts)."""
    return mapping.get(key, 0)
