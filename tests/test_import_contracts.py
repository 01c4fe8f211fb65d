"""The import contracts (pyproject.toml, checked by `lint-imports` in `make lint`) cover the
whole base: every module of portal but the site is a source of the base's forbidden contract,
so a new base module cannot import an app unnoticed."""

import pkgutil
import tomllib
from pathlib import Path

import portal

ROOT = Path(__file__).resolve().parent.parent


def _contract(contract_id: str) -> dict:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    return next(c for c in config["contracts"] if c["id"] == contract_id)


def test_the_base_contract_names_every_module_of_portal_but_the_site() -> None:
    children = {f"portal.{m.name}" for m in pkgutil.iter_modules(portal.__path__)}
    assert "portal.site" in children
    assert set(_contract("base")["source_modules"]) == children - {"portal.site"}


def test_the_layers_put_the_site_on_top_and_rollout_below_knowledge_and_procurement() -> None:
    assert _contract("layers")["layers"] == [
        "portal.site",
        "knowledge | procurement",
        "rollout",
    ]
