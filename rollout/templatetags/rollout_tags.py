"""Small display helpers: slip in days, red/amber/green with text (never colour alone), and
the rollout's status with its reasons."""

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def slip(days: int | None) -> str:
    """ "+14 days" later than the baseline, "−7 days" earlier, "0 days" when it has not moved.

    Only the slip: whether the rollout or milestone is on track is its status, not this."""
    if days is None:
        return ""
    sign = "+" if days > 0 else "−" if days < 0 else ""
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


_HEALTH_CLASS = {
    "on_track": "rag rag-green",
    "at_risk": "rag rag-amber",
    "off_track": "rag rag-red",
    "go_live_passed": "rag rag-red",
}


@register.simple_tag
def health(value: Any, reasons: bool = True) -> SafeString:
    """A rollout's status (``rollout.services.status.RolloutHealth``) as a tag, with its
    reasons as text after it."""
    if value is None:
        return format_html("")
    tag = format_html(
        '<span class="{} status-{}">{}</span>',
        _HEALTH_CLASS.get(value.value, "badge"),
        value.value,
        value.label,
    )
    if not reasons or not value.reasons:
        return tag
    return format_html(
        '{} <span class="status-reasons">{}</span>',
        tag,
        format_html_join(" ", "{}", ((reason,) for reason in value.reasons)),
    )
