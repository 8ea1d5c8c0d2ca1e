"""Offline mirror of the hassfest and HACS rules that this repository can break.

Usage: python scripts/check_integration.py [ROOT]

ROOT is the repository (default: this script's repository). Prints one line per
problem, `<check>: <file>: <problem>`, and exits 1 when there is any.

Each check names the code it mirrors: `script/hassfest/<file>` in
home-assistant/core (custom-integration mode, `--integration-path`) or
`custom_components/hacs/validate/<file>` in hacs/integration. What Home
Assistant itself knows (manifest keys and types, IoT classes, HTML rules, the
schemas it loads services.yaml, triggers.yaml and conditions.yaml with) comes
from the installed `homeassistant` package. The real tools run in CI
(.github/workflows/validate.yml); this catches the same mistakes before a push.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
import json
from pathlib import Path
import re
import string
import sys
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints
from urllib.parse import urlsplit

from awesomeversion import (
    AwesomeVersion,
    AwesomeVersionException,
    AwesomeVersionStrategy,
)
from homeassistant import generated
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import condition, config_validation as cv, service
from homeassistant.helpers.trigger import descriptions as trigger_descriptions
from homeassistant.loader import Manifest
import homeassistant.util.yaml as ha_yaml
import probatio as vol
from probatio.humanize import humanize_error

ROOT = Path(__file__).resolve().parent.parent

type Check = Callable[[Path], list[str]]
type Walk = Iterator[tuple[str, object]]
type Objects = Iterator[tuple[str, dict[str, Any]]]

# hassfest manifest.py verify_version; the loader blocks other versions too.
VERSION_STRATEGIES = [
    AwesomeVersionStrategy.CALVER,
    AwesomeVersionStrategy.SEMVER,
    AwesomeVersionStrategy.SIMPLEVER,
    AwesomeVersionStrategy.BUILDVER,
    AwesomeVersionStrategy.PEP440,
]
# hassfest manifest.py _SORT_KEYS: domain, name, then alphabetical.
SORT_KEYS = {"domain": ".domain", "name": ".name"}
# hassfest translations.py RE_PLACEHOLDER_IN_SINGLE_QUOTES, RE_COMBINED_REFERENCE,
# RE_URL.
QUOTED_PLACEHOLDER = re.compile(r"'{\w+}'")
COMBINED_REFERENCE = re.compile(r"(.+\[%)|(%\].+)")
URL = re.compile(
    r"(((ftp|ftps|scp|http|https|mqtt|mqtts|socket|socks5):\/\/|www\.)"
    r"[a-z0-9]+([\-\.]{1}[a-z0-9]+)*\.[a-z]{2,5}(:[0-9]{1,5})?(\/.*)?)",
    re.IGNORECASE,
)
# translations.py gen_strings_schema: these strings are `str`, not validated.
UNCHECKED_STRING = re.compile(
    r"^(services|triggers|conditions)\.[^.]+\.(fields|sections)\.[^.]+\.name$"
    r"|^entity_component\.[^.]+\.(state_attributes\.[^.]+\.)?name$"
    r"|^selector\.[^.]+\.fields\."
)
# translations.py: custom_translation_value_validator(allow_placeholders=False).
NO_PLACEHOLDERS = re.compile(
    r"^entity(_component)?\.[^.]+(\.[^.]+)?\.("
    r"state\.[^.]+|state_attributes\.[^.]+\.(name|state\.[^.]+)|unit_of_measurement)$"
)
# The folders whose `step`s translations.py data_description_validator checks.
FLOWS = re.compile(
    r"^(config|options|config_subentries\.[^.]+|issues\.[^.]+\.fix_flow)$"
)
# services.py, triggers.py, conditions.py validate_*: what registers each kind.
DESCRIBED = {
    "services.yaml": (
        "**/*.py",
        r"(hass\.services\.(register|async_register))"
        r"|async_register_entity_service|async_register_admin_service",
        # The schemas Home Assistant loads these files with (private, but theirs).
        service._SERVICES_SCHEMA,
    ),
    "triggers.yaml": (
        "**/trigger.py",
        r"async_attach_trigger|async_get_triggers",
        trigger_descriptions._TRIGGERS_DESCRIPTION_SCHEMA,
    ),
    "conditions.yaml": (
        "**/condition.py",
        r"async_get_conditions",
        condition._CONDITIONS_DESCRIPTION_SCHEMA,
    ),
}
# hacs/integration utils/validate.py HACS_MANIFEST_JSON_SCHEMA (country is also
# checked against HACS's locale list there; that list is not repeated here).
HACS_JSON_SCHEMA = vol.Schema(
    {
        vol.Optional("content_in_root"): bool,
        vol.Optional("country"): vol.Any(str, [str]),
        vol.Optional("filename"): str,
        vol.Optional("hacs"): str,
        vol.Optional("hide_default_branch"): bool,
        vol.Optional("homeassistant"): str,
        vol.Optional("persistent_directory"): str,
        vol.Optional("render_readme"): bool,
        vol.Optional("zip_release"): bool,
        vol.Required("name"): str,
    },
    extra=vol.PREVENT_EXTRA,
)
# hacs/integration utils/validate.py INTEGRATION_MANIFEST_JSON_SCHEMA.
HACS_MANIFEST_SCHEMA = vol.Schema(
    {
        vol.Required("codeowners"): list,
        vol.Required("documentation"): cv.url,
        vol.Required("domain"): str,
        vol.Required("issue_tracker"): cv.url,
        vol.Required("name"): str,
        vol.Required("version"): vol.Coerce(AwesomeVersion),
    },
    extra=vol.ALLOW_EXTRA,
)


def integration_dirs(root: Path) -> list[Path]:
    """Every integration folder under custom_components/, sorted."""
    base = root / "custom_components"
    if not base.is_dir():
        return []
    return sorted(
        path
        for path in base.iterdir()
        if path.is_dir() and not path.name.startswith(("_", "."))
    )


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _leaves(node: object, where: str = "") -> Walk:
    """(dotted.path, value) of every non-object value."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, f"{where}.{key}" if where else str(key))
    else:
        yield where, node


def _objects(node: object, where: str = "") -> Objects:
    """(dotted.path, object) of every object, the root included."""
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from _objects(value, f"{where}.{key}" if where else str(key))


# -- hassfest json.py: validate_json_files ------------------------------------


def check_json(folder: Path) -> list[str]:
    """Every .json file in the integration parses."""
    problems = []
    for path in sorted(folder.glob("**/*.json")):
        try:
            _load(path)
        except ValueError:
            problems.append(f"{path.relative_to(folder)}: not valid JSON")
    return problems


# -- hassfest manifest.py: validate_manifest, validate_version, sort_manifest --


def check_manifest(folder: Path) -> list[str]:
    """Keys and value types of the loader's Manifest, required keys, key order."""
    manifest = _load(folder / "manifest.json")
    hints = get_type_hints(Manifest)
    for runtime_only in ("is_built_in", "overwrites_built_in"):
        del hints[runtime_only]
    problems = [f"unknown key {key!r}" for key in manifest if key not in hints]
    problems += [
        f"{key} {manifest[key]!r} is not {hints[key]}"
        for key in manifest
        if key in hints and not _is_a(manifest[key], hints[key])
    ]
    problems += [
        f"missing {key!r}"
        for key in ("domain", "name", "documentation", "codeowners", "iot_class")
        if key not in manifest
    ]
    if not manifest.get("version"):
        problems.append("no 'version' (custom integrations need one)")
    elif not _valid_version(manifest["version"]):
        problems.append(f"version {manifest['version']!r} is not a valid version")
    if manifest.get("domain") != folder.name:
        problems.append("domain does not match the folder name")
    if manifest.get("integration_type") == "virtual":
        problems.append("a custom integration cannot be virtual")
    if "iot_class" in manifest and manifest["iot_class"] not in _iot_classes():
        problems.append(f"iot_class {manifest['iot_class']!r} is not known")
    if "documentation" in manifest and (
        urlsplit(str(manifest["documentation"])).scheme != "https"
    ):
        problems.append("documentation is not an https URL")
    keys = list(manifest)
    if keys != sorted(keys, key=lambda key: SORT_KEYS.get(key, key)):
        problems.append("keys are not sorted: domain, name, then alphabetical order")
    return [f"manifest.json: {problem}" for problem in problems]


def _is_a(value: object, hint: Any) -> bool:
    origin, args = get_origin(hint), get_args(hint)
    if origin is Literal:
        return value in args
    if origin in (Union, UnionType):
        return any(_is_a(value, arg) for arg in args)
    if origin is list:
        return isinstance(value, list) and all(_is_a(item, args[0]) for item in value)
    if origin is dict:
        return isinstance(value, dict) and all(
            _is_a(key, args[0]) and _is_a(item, args[1]) for key, item in value.items()
        )
    return isinstance(value, hint)


def _iot_classes() -> set[str]:
    """The IoT classes core integrations use (homeassistant/generated)."""
    integrations = Path(generated.__file__).with_name("integrations.json")
    return {
        str(value)
        for where, value in _leaves(_load(integrations))
        if where.endswith(".iot_class")
    }


def _valid_version(version: object) -> bool:
    try:
        AwesomeVersion(version, ensure_strategy=VERSION_STRATEGIES)
    except AwesomeVersionException:
        return False
    return True


# -- hassfest translations.py: validate_translation_value, data_description_validator


def check_translations(folder: Path) -> list[str]:
    """Every string of translations/en.json (and strings.json, if any)."""
    problems = []
    for name in ("strings.json", "translations/en.json"):
        if (folder / name).is_file():
            strings = _load(folder / name)
            problems += [f"{name}: {p}" for p in _string_problems(strings)]
            problems += [f"{name}: {p}" for p in _data_description_problems(strings)]
    return problems


def _string_problems(strings: object) -> Iterator[str]:
    for where, value in _leaves(strings):
        if UNCHECKED_STRING.search(where):
            continue
        try:
            cv.string_with_no_html(value)
        except vol.Invalid as err:
            yield f"{where}: {err}"
            continue
        text = str(value)
        try:
            fields = [name for _, name, _, _ in string.Formatter().parse(text) if name]
        except ValueError as err:
            yield f"{where}: {err}"
            continue
        if QUOTED_PLACEHOLDER.search(text):
            yield f"{where}: placeholders must not be in single quotes"
        if fields and NO_PLACEHOLDERS.search(where):
            yield f"{where}: placeholders are not supported in this value"
        if not all(name.isidentifier() for name in fields):
            yield f"{where}: placeholders must be valid identifiers"
        if COMBINED_REFERENCE.search(text):
            yield f"{where}: must not combine a [%key:...%] reference with text"
        if text != text.strip():
            yield f"{where}: leading or trailing spaces"
        if URL.search(text):
            yield f"{where}: contains a URL; pass it as a description placeholder"


def _data_description_problems(strings: object) -> Iterator[str]:
    for where, flow in _objects(strings):
        if not FLOWS.match(where):
            continue
        for step_id, step in flow.get("step", {}).items():
            data = step.get("data", {})
            for key in step.get("data_description", {}):
                if key not in data:
                    yield f"{where}.step.{step_id}.data_description.{key}: not in data"


# -- hassfest icons.py: icon_value_validator, ensure_not_same_as_default -------


def check_icons(folder: Path) -> list[str]:
    """Every icon is an `mdi:` name; a state icon differs from its default."""
    path = folder / "icons.json"
    if not path.is_file():
        return []
    icons = _load(path)
    problems = [
        f"{where}: {value!r} does not start with mdi:"
        for where, value in _leaves(icons)
        if not str(value).startswith("mdi:")
    ]
    for where, entry in _objects(icons):
        default = entry.get("default")
        problems += [
            f"{where}.state.{state}: same as the default icon"
            for state, icon in dict(entry.get("state") or {}).items()
            if default and icon == default
        ]
    return [f"icons.json: {problem}" for problem in problems]


# -- hassfest services.py, triggers.py, conditions.py: validate_* --------------


def check_descriptions(folder: Path) -> list[str]:
    """services/triggers/conditions.yaml: present when registered, and loadable."""
    problems = []
    for name, (files, registers, schema) in DESCRIBED.items():
        path = folder / name
        if not path.is_file():
            pattern = re.compile(registers)
            code = (file.read_text(encoding="utf-8") for file in folder.glob(files))
            if any(pattern.search(text) for text in code):
                problems.append(f"{name}: missing, but the code registers them")
            continue
        try:
            data = ha_yaml.load_yaml_dict(str(path))
        except HomeAssistantError as err:
            problems.append(f"{name}: not valid YAML: {err}")
            continue
        try:
            schema(data)
        except vol.Invalid as err:
            problems.append(f"{name}: {humanize_error(data, err)}")
    return problems


# -- hacs/integration validate/: hacsjson.py, integration_manifest.py, brands.py,
#    information.py (description, topics, issues, archived and license ask GitHub)


def check_hacs(root: Path) -> list[str]:
    """hacs.json, the manifest keys HACS needs, brand/icon.png, a README."""
    problems = []
    hacs = _load(root / "hacs.json")
    try:
        HACS_JSON_SCHEMA(hacs)
    except vol.Invalid as err:
        problems.append(f"hacs.json: {humanize_error(hacs, err)}")
    if hacs.get("zip_release") and not hacs.get("filename"):
        problems.append("hacs.json: zip_release is True, but filename is not set")
    for folder in integration_dirs(root):
        manifest = _load(folder / "manifest.json")
        try:
            HACS_MANIFEST_SCHEMA(manifest)
        except vol.Invalid as err:
            problems.append(f"manifest.json: {humanize_error(manifest, err)}")
        if not (folder / "brand" / "icon.png").is_file():
            problems.append(f"{folder.name}/brand/icon.png: missing")
    names = {path.name.lower() for path in root.iterdir()}
    if not names & {"readme", "readme.md", "info", "info.md"}:
        problems.append("README.md: the repository has no information file")
    return problems


INTEGRATION_CHECKS: dict[str, Check] = {
    "json": check_json,
    "manifest": check_manifest,
    "translations": check_translations,
    "icons": check_icons,
    "descriptions": check_descriptions,
}


def run(root: Path) -> list[str]:
    """Every problem, as `<check>: <problem>` lines."""
    folders = integration_dirs(root)
    if len(folders) != 1:
        return [f"hacs: custom_components/ must hold one integration, not {folders}"]
    problems = [
        problem
        for name, check in INTEGRATION_CHECKS.items()
        for problem in _run(name, check, folders[0])
    ]
    return problems + _run("hacs", check_hacs, root)


def _run(name: str, check: Check, path: Path) -> list[str]:
    """The check's problems; a file it cannot read or parse is one."""
    try:
        return [f"{name}: {problem}" for problem in check(path)]
    except (OSError, ValueError) as err:
        return [f"{name}: {err}"]


def main(argv: list[str]) -> int:
    """Print every problem; 1 when there is any."""
    root = Path(argv[0]).resolve() if argv else ROOT
    problems = run(root)
    for problem in problems:
        print(" ".join(problem.split()))
    print(f"hassfest/HACS checks: {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
