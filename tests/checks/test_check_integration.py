"""scripts/check_integration.py: the repository passes; each rule catches its defect.

Every case copies the repository's checked files into tmp_path, breaks one thing
and asserts the problem the rule reports, so a rule that stops working fails here.
"""

from __future__ import annotations

from collections.abc import Callable
import json
from pathlib import Path
import shutil
import subprocess
import sys
from typing import Any

import pytest

from scripts import check_integration as checks

ROOT = Path(__file__).resolve().parents[2]
INTEGRATION = "custom_components/status_dashboard"
MANIFEST = f"{INTEGRATION}/manifest.json"
EN = f"{INTEGRATION}/translations/en.json"
ICONS = f"{INTEGRATION}/icons.json"

type Mutation = Callable[[Path], None]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of what the checks read: root files and the integration folder."""
    for name in ("hacs.json", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, tmp_path / name)
    shutil.copytree(
        ROOT / INTEGRATION,
        tmp_path / INTEGRATION,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    return tmp_path


def edit_json(rel: str, edit: Callable[[dict[str, Any]], object]) -> Mutation:
    """Load a JSON object, let `edit` change it in place, write it back."""

    def mutate(root: Path) -> None:
        path = root / rel
        data = json.loads(path.read_text(encoding="utf-8"))
        edit(data)
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")

    return mutate


def set_json(rel: str, dotted: str, value: object) -> Mutation:
    """Set the value at `a.b.c`, creating objects on the way."""

    def edit(data: dict[str, Any]) -> None:
        *parents, key = dotted.split(".")
        for parent in parents:
            data = data.setdefault(parent, {})
        data[key] = value

    return edit_json(rel, edit)


def drop_json(rel: str, key: str) -> Mutation:
    return edit_json(rel, lambda data: data.pop(key))


def write(rel: str, text: str) -> Mutation:
    def mutate(root: Path) -> None:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")

    return mutate


def delete(rel: str) -> Mutation:
    def mutate(root: Path) -> None:
        path = root / rel
        shutil.rmtree(path) if path.is_dir() else path.unlink()

    return mutate


def manifest_first(key: str) -> Mutation:
    """Move one manifest key to the front."""

    def edit(data: dict[str, Any]) -> None:
        items = [(key, data.pop(key)), *data.items()]
        data.clear()
        data.update(items)

    return edit_json(MANIFEST, edit)


STEP = "config.step.user"
URL_TEXT = "The server's address, for example http://status.local:8765."

CASES: dict[str, tuple[Mutation, str]] = {
    # hassfest json.py
    "json-invalid": (write(f"{INTEGRATION}/extra.json", "{"), "extra.json: not valid"),
    # hassfest manifest.py
    "manifest-unknown-key": (
        set_json(MANIFEST, "homepage", "x"),
        "unknown key 'homepage'",
    ),
    "manifest-wrong-type": (
        set_json(MANIFEST, "config_flow", "yes"),
        "config_flow 'yes' is not",
    ),
    "manifest-integration-type": (
        set_json(MANIFEST, "integration_type", "gadget"),
        "integration_type 'gadget' is not",
    ),
    "manifest-virtual": (
        set_json(MANIFEST, "integration_type", "virtual"),
        "cannot be virtual",
    ),
    "manifest-missing-iot-class": (
        drop_json(MANIFEST, "iot_class"),
        "missing 'iot_class'",
    ),
    "manifest-iot-class": (
        set_json(MANIFEST, "iot_class", "local_pull"),
        "iot_class 'local_pull' is not known",
    ),
    "manifest-domain": (
        set_json(MANIFEST, "domain", "status"),
        "domain does not match the folder name",
    ),
    "manifest-documentation": (
        set_json(MANIFEST, "documentation", "http://example.com/docs"),
        "documentation is not an https URL",
    ),
    "manifest-no-version": (drop_json(MANIFEST, "version"), "no 'version'"),
    "manifest-bad-version": (
        set_json(MANIFEST, "version", "one"),
        "version 'one' is not a valid version",
    ),
    "manifest-order": (manifest_first("version"), "keys are not sorted"),
    # hassfest translations.py
    "translations-url": (
        set_json(EN, f"{STEP}.data_description.url", URL_TEXT),
        "config.step.user.data_description.url: contains a URL",
    ),
    "translations-www": (
        set_json(EN, f"{STEP}.description", "See www.example.com first."),
        "config.step.user.description: contains a URL",
    ),
    "translations-html": (
        set_json(EN, f"{STEP}.title", "Connect <b>now</b>"),
        "config.step.user.title: the string should not contain HTML",
    ),
    "translations-quoted-placeholder": (
        set_json(EN, f"{STEP}.title", "Connect to '{example_url}'"),
        "placeholders must not be in single quotes",
    ),
    "translations-placeholder-name": (
        set_json(EN, f"{STEP}.title", "Connect to {example url}"),
        "placeholders must be valid identifiers",
    ),
    "translations-unbalanced-brace": (
        set_json(EN, f"{STEP}.title", "Connect to {example_url"),
        "config.step.user.title: expected '}'",
    ),
    "translations-placeholder-in-state": (
        set_json(EN, "entity.sensor.status.state.up", "Up since {time}"),
        "entity.sensor.status.state.up: placeholders are not supported",
    ),
    "translations-combined-reference": (
        set_json(EN, f"{STEP}.title", "Connect [%key:common::config_flow::x%]"),
        "must not combine a [%key:...%] reference with text",
    ),
    "translations-spaces": (
        set_json(EN, f"{STEP}.title", "Connect "),
        "config.step.user.title: leading or trailing spaces",
    ),
    "translations-data-description": (
        set_json(EN, f"{STEP}.data_description.port", "The port."),
        "config.step.user.data_description.port: not in data",
    ),
    "translations-strings-json-too": (
        write(f"{INTEGRATION}/strings.json", json.dumps({"title": "<i>x</i>"})),
        "strings.json: title: the string should not contain HTML",
    ),
    # hassfest icons.py
    "icons-not-mdi": (
        set_json(ICONS, "entity.button.refresh.default", "refresh"),
        "entity.button.refresh.default: 'refresh' does not start with mdi:",
    ),
    "icons-state-same-as-default": (
        set_json(ICONS, "entity.sensor.status.state.up", "mdi:help-circle-outline"),
        "entity.sensor.status.state.up: same as the default icon",
    ),
    # hassfest services.py, triggers.py, conditions.py
    "descriptions-services-missing": (
        delete(f"{INTEGRATION}/services.yaml"),
        "services.yaml: missing, but the code registers them",
    ),
    "descriptions-triggers-missing": (
        delete(f"{INTEGRATION}/triggers.yaml"),
        "triggers.yaml: missing, but the code registers them",
    ),
    "descriptions-conditions-invalid": (
        write(
            f"{INTEGRATION}/conditions.yaml",
            "service_is_up:\n  fields:\n    for:\n      selector:\n        nope:\n",
        ),
        "conditions.yaml: Unknown selector type nope",
    ),
    "descriptions-not-yaml": (
        write(f"{INTEGRATION}/triggers.yaml", "service_down: [\n"),
        "triggers.yaml: not valid YAML",
    ),
    # hacs/integration validate/
    "hacs-json-unknown-key": (
        set_json("hacs.json", "domains", ["sensor"]),
        "hacs.json: not a valid option at 'domains'",
    ),
    "hacs-json-no-name": (drop_json("hacs.json", "name"), "hacs.json: required key"),
    "hacs-json-zip-release": (
        set_json("hacs.json", "zip_release", True),
        "zip_release is True, but filename is not set",
    ),
    "hacs-manifest-issue-tracker": (
        drop_json(MANIFEST, "issue_tracker"),
        "hacs: manifest.json: required key not provided",
    ),
    "hacs-brand": (
        delete(f"{INTEGRATION}/brand/icon.png"),
        "status_dashboard/brand/icon.png: missing",
    ),
    "hacs-information": (
        delete("README.md"),
        "README.md: the repository has no information file",
    ),
    "hacs-json-missing": (delete("hacs.json"), "hacs: [Errno 2]"),
    "hacs-two-integrations": (
        write("custom_components/other/manifest.json", "{}"),
        "custom_components/ must hold one integration",
    ),
}


def test_repository_passes() -> None:
    assert checks.run(ROOT) == []


def test_copy_passes(repo: Path) -> None:
    """The cases' starting point is clean, so each reported problem is its own."""
    assert checks.run(repo) == []


@pytest.mark.parametrize("case", list(CASES))
def test_rule_reports_its_defect(repo: Path, case: str) -> None:
    mutate, expected = CASES[case]

    mutate(repo)
    problems = checks.run(repo)

    assert any(expected in problem for problem in problems), problems


def test_every_check_has_a_case() -> None:
    prefixes = {case.split("-")[0] for case in CASES}

    assert prefixes == {*checks.INTEGRATION_CHECKS, "hacs"}


def test_field_names_are_left_to_home_assistant(repo: Path) -> None:
    """hassfest does not validate trigger field names: no problem there."""
    set_json(EN, "triggers.service_down.fields.for.name", "For <b>at least</b>")(repo)

    assert checks.run(repo) == []


def test_runs_as_a_command(repo: Path) -> None:
    set_json(EN, f"{STEP}.data_description.url", URL_TEXT)(repo)

    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_integration.py"), str(repo)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )

    assert result.returncode == 1
    assert result.stdout == (
        "translations: translations/en.json: config.step.user.data_description.url:"
        " contains a URL; pass it as a description placeholder\n"
    )
    assert "1 problem(s)" in result.stderr
