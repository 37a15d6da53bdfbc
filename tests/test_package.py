"""The package's promises to users: public names, documented settings, valid data files."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import yaml

import dyad
from dyad.ingest.lines import furniture_kind
from dyad.ingest.publishers import publisher_from_template
from dyad.settings import SETTINGS, load_settings

README = Path(__file__).resolve().parents[1] / "README.md"


def test_public_names_are_sorted_and_importable() -> None:
    assert dyad.__all__ == sorted(dyad.__all__)
    for name in dyad.__all__:
        assert hasattr(dyad, name), name


def test_every_setting_is_documented_in_the_readme() -> None:
    text = README.read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert f"DYAD_{setting.name.upper()}" in text, setting.name


def test_settings_from_environment_and_file(tmp_path, monkeypatch) -> None:
    (tmp_path / "dyad.toml").write_text('batch_size = 50\ndb = "x.db"\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DYAD_BATCH_SIZE", "70")
    settings = load_settings()
    assert (settings.db, settings.batch_size) == ("x.db", 70)


def test_every_yaml_data_file_loads() -> None:
    folder = resources.files("dyad.data")
    names = [p.name for p in folder.iterdir() if p.name.endswith(".yaml")]
    assert {"furniture.yaml", "publishers.yaml", "confusables.yaml"} <= set(names)
    for name in names:
        assert yaml.safe_load(folder.joinpath(name).read_text(encoding="utf-8")), name


def test_furniture_patterns_compile_and_are_whole_line() -> None:
    data = yaml.safe_load(resources.files("dyad.data").joinpath("furniture.yaml").read_text(encoding="utf-8"))
    for patterns in data.values():
        for pattern in patterns:
            re.compile(pattern)
    assert furniture_kind("Leave a comment below if you disagree with the minister.") is None


def test_publishers_file_is_valid() -> None:
    data = [
        entry
        for name in ("publishers.yaml", "outlets.yaml")
        for entry in yaml.safe_load(resources.files("dyad.data").joinpath(name).read_text(encoding="utf-8"))
    ]
    names = [entry["name"] for entry in data]
    assert len(names) == len(set(names))
    hosts = [host for entry in data for host in entry.get("hosts", [])]
    assert len(hosts) == len(set(hosts))  # one outlet per host, whichever file names it
    for entry in data:
        assert set(entry) <= {"name", "aliases", "hosts", "fingerprints", "kind"}, entry["name"]
        assert entry.get("kind", "outlet") in {"outlet", "agency", "official"}, entry["name"]
        for host in entry.get("hosts", []):
            assert re.fullmatch(r"[a-z0-9.-]+\.[a-z]{2,}", host) and not host.startswith("www."), host
    assert publisher_from_template(["Back to Japan-China Relations"]) == "Ministry of Foreign Affairs of Japan"


def _distribution(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_imported_package_is_declared_in_pyproject() -> None:
    """`pip install .` must bring what Dyad imports itself, not count on another package's requirements."""
    import ast
    import sys
    import tomllib
    from importlib.metadata import packages_distributions

    root = Path(__file__).resolve().parents[1]
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_distribution(re.split(r"[\s<>=!~;\[]", spec, maxsplit=1)[0]) for spec in project["dependencies"]}
    providers = packages_distributions()
    imported: set[str] = set()
    for path in (root / "src" / "dyad").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                imported.add(node.module.split(".")[0])
    third_party = {m for m in imported if m not in sys.stdlib_module_names and m != "dyad"}
    missing = {m: providers.get(m) for m in third_party
               if not {_distribution(d) for d in providers.get(m, [m])} & declared}
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"
    # justext (through trafilatura) imports lxml.html.clean, a package of its own since lxml 5.2.
    assert "lxml-html-clean" in declared
