"""Small display helpers: slip in days and red/amber/green with text (never colour alone)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def slip(days: int | None) -> str:
    """ "+14 days" later than the baseline, "−7 days" earlier, "on plan" when zero."""
    if days is None:
        return ""
    if days == 0:
        return _("on plan")
    sign = "+" if days > 0 else "−"
    count = abs(days)
    text = ngettext("%(n)s day", "%(n)s days", count) % {"n": count}
    return sign + text


@register.simple_tag
def rag(value: str, display: str = "") -> SafeString:
    """A red/amber/green badge that says its colour in words too."""
    labels = {"green": _("Green"), "amber": _("Amber"), "red": _("Red")}
    return format_html(
        '<span class="rag rag-{}">{}</span>', value, display or labels.get(value, value)
    )


@register.filter
def get_item(mapping: dict, key: object) -> object:
    """``mapping|get_item:key`` — a dictionary lookup by a variable key."""
    return mapping.get(key) if mapping else None
