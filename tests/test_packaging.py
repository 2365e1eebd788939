"""The package as setuptools builds it: every module folder is listed under the qa namespace."""

from __future__ import annotations

import tomllib

from tests.conftest import ROOT


def test_every_package_folder_installs_under_qa() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    folders = config["setuptools"]["package-dir"]
    listed = set(config["setuptools"]["packages"])
    found = {"qa.seeds"}
    for package, folder in folders.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            found.add(".".join((package, *init.parent.relative_to(ROOT / folder).parts)))
    assert listed == found
    assert not any(name.split(".")[0] != "qa" for name in listed)


def test_bundled_articles_are_package_data() -> None:
    from qa.index.paths import bundled_seeds_dir

    seeds = bundled_seeds_dir()
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    assert config["setuptools"]["package-dir"]["qa.seeds"] == seeds.relative_to(ROOT).as_posix()
    assert (
        sorted(seeds.glob("*.txt")) and "*.txt" in config["setuptools"]["package-data"]["qa.seeds"]
    )
