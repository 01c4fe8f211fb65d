"""Template tags shared by every app's pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


class ScrollBoxNode(template.Node):
    def __init__(self, label: FilterExpression, nodelist: NodeList) -> None:
        self.label = label
        self.nodelist = nodelist

    def render(self, context: Any) -> str:
        inner = self.nodelist.render(context)
        return format_html(
            '<div class="table-scroll" tabindex="0" role="region" aria-label="{}">{}</div>',
            self.label.resolve(context),
            mark_safe(inner),  # already rendered (and escaped) by the template
        )


@register.tag("scrollbox")
def scrollbox(parser: Parser, token: Token) -> ScrollBoxNode:
    """``{% scrollbox _("Label") %}<table>…</table>{% endscrollbox %}``: a box that scrolls
    sideways when its table is wider than the page. It can be reached and scrolled with the
    keyboard (``tabindex="0"``) and is announced as a region with its label, as WCAG asks of
    a scrollable region (axe: scrollable-region-focusable)."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("scrollbox takes one argument: its label")
    label = parser.compile_filter(bits[1])
    nodelist = parser.parse(("endscrollbox",))
    parser.delete_first_token()
    return ScrollBoxNode(label, nodelist)
