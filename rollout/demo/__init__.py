"""Demo data of the rollout app: Helseplattformen's puljer, plan against actual, and a fictional
collaboration planning its first puljer.

``portal.site.demo.load_demo`` calls :func:`load_rollout_demo` at its end. Every write goes through
the services of ``rollout.services`` (and ``portal.services`` for the demo project leads); the
timestamps they write are then set back, so the history reads as it happened. A collaboration
that already has waves is left alone, so loading twice changes nothing.

Helseplattformen's dates are public facts (the plan of 2022 and what happened to it). The
milestone completions, reports, risks and most training figures are demo content.

The parts: ``common`` (backdating and the service-call helpers), ``helseplattformen`` and
``sorvest``.
"""

from __future__ import annotations

from portal.models import User
from rollout.demo.helseplattformen import _helseplattformen
from rollout.demo.sorvest import _sorvest
from rollout.models import Collaboration

__all__ = ["load_rollout_demo"]


def load_rollout_demo(
    *,
    helseplattformen: Collaboration,
    sorvest: Collaboration,
    steering_chair: User,
    steering_sorvest: User,
    levanger_lead: User,
    verdal_lead: User,
) -> None:
    """The rollout part of the demo. Call inside ``load_demo``'s transaction, after the
    collaborations, their participants, steering groups and demo accounts exist. A
    collaboration that already has waves is skipped."""
    if not helseplattformen.waves.exists():
        _helseplattformen(helseplattformen, steering_chair, levanger_lead, verdal_lead)
    if not sorvest.waves.exists():
        _sorvest(sorvest, steering_sorvest)
