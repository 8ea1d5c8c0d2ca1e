"""Offline checks of what Home Assistant's hassfest and HACS validate.

Usage: python scripts/check_integration.py [ROOT]

ROOT is the repository (default: this script's repository). Prints one line per
problem, `<check>: <file>: <problem>`, and exits 1 when there is any; exits 0
with a one-line summary otherwise.

These are the project's own checks, written from the published rules for
custom integrations (developers.home-assistant.io, hacs.xyz); they are not
hassfest or the HACS action, which run in CI (.github/workflows/validate.yml).
Each check is a function `check_*(root: Path) -> list[str]` returning problems.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
import importlib
import json
from pathlib import Path
import re
import sys
from typing import Any
from urllib.parse import urlsplit

from awesomeversion import (
    AwesomeVersion,
    AwesomeVersionException,
    AwesomeVersionStrategy,
)
from packaging.requirements import InvalidRequirement, Requirement
from PIL import Image, UnidentifiedImageError

ROOT = Path(__file__).resolve().parent.parent

type Check = Callable[[Path], list[str]]

# -- Facts about Home Assistant's manifest and translations ------------------

IOT_CLASSES = frozenset(
    {
        "assumed_state",
        "calculated",
        "cloud_polling",
        "cloud_push",
        "local_polling",
        "local_push",
    }
)
INTEGRATION_TYPES = frozenset(
    {"device", "entity", "hardware", "helper", "hub", "service", "system", "virtual"}
)
# Custom integrations also need a version (core ones must not have one).
MANIFEST_REQUIRED = (
    "domain",
    "name",
    "codeowners",
    "documentation",
    "iot_class",
    "version",
)
MANIFEST_KEYS = frozenset(
    {
        "domain",
        "name",
        "after_dependencies",
        "bluetooth",
        "codeowners",
        "config_flow",
        "dependencies",
        "dhcp",
        "disabled",
        "documentation",
        "homekit",
        "import_executor",
        "integration_type",
        "iot_class",
        "issue_tracker",
        "loggers",
        "mqtt",
        "preview_features",
        "quality_scale",
        "requirements",
        "single_config_entry",
        "ssdp",
        "usb",
        "version",
        "zeroconf",
    }
)
VERSION_STRATEGIES = [
    AwesomeVersionStrategy.CALVER,
    AwesomeVersionStrategy.SEMVER,
    AwesomeVersionStrategy.SIMPLEVER,
    AwesomeVersionStrategy.BUILDVER,
    AwesomeVersionStrategy.PEP440,
]
PLATFORMS = frozenset(
    {
        "ai_task",
        "air_quality",
        "alarm_control_panel",
        "assist_satellite",
        "binary_sensor",
        "button",
        "calendar",
        "camera",
        "climate",
        "conversation",
        "cover",
        "date",
        "datetime",
        "device_tracker",
        "event",
        "fan",
        "geo_location",
        "humidifier",
        "image",
        "image_processing",
        "infrared",
        "lawn_mower",
        "light",
        "lock",
        "media_player",
        "notify",
        "number",
        "radio_frequency",
        "remote",
        "scene",
        "select",
        "sensor",
        "siren",
        "stt",
        "switch",
        "text",
        "time",
        "todo",
        "tts",
        "update",
        "vacuum",
        "valve",
        "wake_word",
        "water_heater",
        "weather",
    }
)
TRANSLATION_SECTIONS = frozenset(
    {
        "application_credentials",
        "conditions",
        "config",
        "config_subentries",
        "conversation",
        "device_automation",
        "entity",
        "exceptions",
        "issues",
        "options",
        "preview_features",
        "selector",
        "services",
        "system_health",
        "title",
        "triggers",
    }
)
ICON_SECTIONS = frozenset({"conditions", "entity", "services", "triggers"})
ENTITY_ICON_KEYS = frozenset({"default", "range", "state", "state_attributes"})

SLUG = re.compile(r"^[a-z0-9_-]+$")
DOMAIN_PATTERN = re.compile(r"^[a-z0-9_]+$")
CODEOWNER = re.compile(r"^@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:/[\w.-]+)?$")
MDI = re.compile(r"^mdi:[a-z0-9]+(?:-[a-z0-9]+)*$")
HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
QUOTED_PLACEHOLDER = re.compile(r"'\{[^{}]*\}'")
REGISTERS_ACTIONS = re.compile(
    r"\.services\.async_register\s*\("
    r"|\basync_register_entity_service\s*\("
    r"|\basync_register_platform_entity_service\s*\("
    r"|\basync_register_admin_service\s*\("
    r"|\bServiceCall\b"
)

# -- Facts about HACS --------------------------------------------------------

HACS_KEYS = frozenset(
    {
        "name",
        "content_in_root",
        "zip_release",
        "filename",
        "hide_default_branch",
        "country",
        "homeassistant",
        "persistent_directory",
        "render_readme",
    }
)
HACS_BOOLS = ("content_in_root", "zip_release", "hide_default_branch", "render_readme")
HACS_MANIFEST_KEYS = ("codeowners", "documentation", "issue_tracker", "version")
README_NAMES = ("README.md", "README.rst", "README", "readme.md")
LICENSE_NAMES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE", "COPYING")

# -- Facts about brand images ------------------------------------------------

ICON_SIZES = {"icon.png": 256, "icon@2x.png": 512}
LOGO_SHORT_SIDE = {"logo.png": (128, 256), "logo@2x.png": (256, 512)}
LOGO_MAX_WIDTH = {"logo.png": 1024, "logo@2x.png": 2048}
BRAND_FILES = frozenset(
    {
        prefix + name
        for prefix in ("", "dark_")
        for name in (*ICON_SIZES, *LOGO_SHORT_SIDE)
    }
)


# -- Helpers -----------------------------------------------------------------


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


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            msg = f"duplicate key {key!r}"
            raise ValueError(msg)
        result[key] = value
    return result


def load_json(path: Path, root: Path) -> tuple[Any, list[str]]:
    """The parsed file, or None and the problem (missing, invalid, duplicate keys)."""
    rel = _rel(path, root)
    if not path.is_file():
        return None, [f"{rel}: missing"]
    try:
        text = path.read_text(encoding="utf-8")
        return json.loads(text, object_pairs_hook=_no_duplicates), []
    except (UnicodeDecodeError, ValueError) as err:
        return None, [f"{rel}: not valid JSON: {err}"]


def _load_object(path: Path, root: Path) -> tuple[dict[str, Any] | None, list[str]]:
    data, problems = load_json(path, root)
    if problems:
        return None, problems
    if not isinstance(data, dict):
        return None, [f"{_rel(path, root)}: must be a JSON object"]
    return data, []


def _python_files(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*.py")):
        if "__pycache__" not in path.parts:
            yield path


def _https_url_problem(value: object) -> str | None:
    if not isinstance(value, str):
        return "must be a URL string"
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.netloc:
        return f"must be an https URL, got {value!r}"
    return None


def _each_integration(
    root: Path, check: Callable[[Path, Path], list[str]]
) -> list[str]:
    folders = integration_dirs(root)
    if not folders:
        return ["custom_components/: no integration folder"]
    return [problem for folder in folders for problem in check(folder, root)]


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


# -- hassfest: manifest.json -------------------------------------------------


def check_manifest(root: Path) -> list[str]:
    """manifest.json: keys, values, key order, domain equals the folder name."""
    return _each_integration(root, _check_manifest)


def _check_manifest(folder: Path, root: Path) -> list[str]:
    path = folder / "manifest.json"
    manifest, problems = _load_object(path, root)
    if manifest is None:
        return problems
    rel = _rel(path, root)

    def problem(message: str) -> None:
        problems.append(f"{rel}: {message}")

    problems.extend(
        f"{rel}: missing required key {key!r}"
        for key in MANIFEST_REQUIRED
        if key not in manifest
    )
    problems.extend(
        f"{rel}: unknown key {key!r}" for key in manifest if key not in MANIFEST_KEYS
    )

    domain = manifest.get("domain")
    if "domain" in manifest:
        if not isinstance(domain, str) or not DOMAIN_PATTERN.match(domain):
            problem(f"domain must be lowercase letters, digits and _, got {domain!r}")
        elif domain != folder.name:
            problem(f"domain {domain!r} does not match the folder name {folder.name!r}")
    name = manifest.get("name")
    if "name" in manifest and (not isinstance(name, str) or not name.strip()):
        problem("name must be a non-empty string")

    owners = manifest.get("codeowners")
    if "codeowners" in manifest:
        if not isinstance(owners, list) or not owners:
            problem("codeowners must be a non-empty list of @github-users")
        else:
            problems.extend(
                f"{rel}: codeowner {owner!r} is not an @user or @org/team"
                for owner in owners
                if not isinstance(owner, str) or not CODEOWNER.match(owner)
            )

    if "documentation" in manifest:
        documentation = manifest["documentation"]
        if error := _https_url_problem(documentation):
            problem(f"documentation {error}")
        else:
            host = (urlsplit(documentation).hostname or "").lower()
            if host == "home-assistant.io" or host.endswith(".home-assistant.io"):
                problem("documentation must not be on home-assistant.io")
    if "issue_tracker" in manifest and (
        error := _https_url_problem(manifest["issue_tracker"])
    ):
        problem(f"issue_tracker {error}")

    if "iot_class" in manifest and manifest["iot_class"] not in IOT_CLASSES:
        problem(
            f"iot_class {manifest['iot_class']!r} is not one of "
            + ", ".join(sorted(IOT_CLASSES))
        )
    if (
        "integration_type" in manifest
        and manifest["integration_type"] not in INTEGRATION_TYPES
    ):
        problem(
            f"integration_type {manifest['integration_type']!r} is not one of "
            + ", ".join(sorted(INTEGRATION_TYPES))
        )
    if "version" in manifest:
        version = manifest["version"]
        if not isinstance(version, str) or not _valid_version(version):
            problem(f"version {version!r} is not a valid version (SemVer, CalVer, ...)")
    for key in ("config_flow", "single_config_entry", "import_executor"):
        if key in manifest and not isinstance(manifest[key], bool):
            problem(f"{key} must be true or false")
    for key in ("dependencies", "after_dependencies", "loggers"):
        if key in manifest and not _list_of_str(manifest[key]):
            problem(f"{key} must be a list of strings")

    if "requirements" in manifest:
        requirements = manifest["requirements"]
        if not _list_of_str(requirements):
            problem("requirements must be a list of strings")
        else:
            for requirement in requirements:
                try:
                    Requirement(requirement)
                except InvalidRequirement as err:
                    reason = str(err).splitlines()[0]
                    problem(f"requirement {requirement!r} is not PEP 508: {reason}")

    keys = list(manifest)
    expected = [k for k in ("domain", "name") if k in manifest] + sorted(
        k for k in keys if k not in ("domain", "name")
    )
    if keys != expected:
        problem("keys must be ordered domain, name, then alphabetically")
    return problems


def _valid_version(version: str) -> bool:
    try:
        AwesomeVersion(version, ensure_strategy=VERSION_STRATEGIES)
    except AwesomeVersionException:
        return False
    return True


def _list_of_str(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


# -- hassfest: translations/en.json ------------------------------------------


def check_translations(root: Path) -> list[str]:
    """translations/en.json: sections, strings, flow steps; strings.json in sync."""
    return _each_integration(root, _check_translations)


def _check_translations(folder: Path, root: Path) -> list[str]:
    path = folder / "translations" / "en.json"
    strings, problems = _load_object(path, root)
    if strings is None:
        return problems
    rel = _rel(path, root)
    problems.extend(
        f"{rel}: unknown top-level key {key!r}"
        for key in strings
        if key not in TRANSLATION_SECTIONS
    )
    problems.extend(f"{rel}: {problem}" for problem in _string_problems(strings, ""))

    for where, steps in _flow_steps(strings):
        for step_id, step in steps.items():
            problems.extend(
                f"{rel}: {where}.{step_id}{problem}" for problem in _step_problems(step)
            )

    entity = _mapping(strings.get("entity"))
    for platform, keys in entity.items():
        if platform not in PLATFORMS:
            problems.append(f"{rel}: entity.{platform}: not an entity platform")
        for key, entry in _mapping(keys).items():
            if not SLUG.match(key):
                problems.append(
                    f"{rel}: entity.{platform}.{key}: key must be [a-z0-9_-]"
                )
            problems.extend(
                f"{rel}: entity.{platform}.{key}.state.{state}: key must be [a-z0-9_-]"
                for state in _mapping(_mapping(entry).get("state"))
                if not SLUG.match(state)
            )
    for key, entry in _mapping(strings.get("exceptions")).items():
        if not isinstance(_mapping(entry).get("message"), str):
            problems.append(f"{rel}: exceptions.{key}: needs a 'message'")
    for key, entry in _mapping(strings.get("issues")).items():
        issue = _mapping(entry)
        if "title" not in issue:
            problems.append(f"{rel}: issues.{key}: needs a 'title'")
        if "description" not in issue and "fix_flow" not in issue:
            problems.append(f"{rel}: issues.{key}: needs a 'description' or 'fix_flow'")
    for section in ("exceptions", "issues", "services", "selector"):
        problems.extend(
            f"{rel}: {section}.{key}: key must be [a-z0-9_-]"
            for key in _mapping(strings.get(section))
            if not SLUG.match(key)
        )

    source = folder / "strings.json"
    if source.is_file():
        original, source_problems = load_json(source, root)
        problems.extend(source_problems)
        if not source_problems and original != strings:
            problems.append(
                f"{_rel(source, root)}: differs from translations/en.json (custom "
                "integrations only read translations/; keep them identical)"
            )
    return problems


def _string_problems(node: object, where: str) -> Iterator[str]:
    """Every leaf must be a non-empty, trimmed string without HTML or [%key:]."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _string_problems(value, f"{where}.{key}" if where else key)
        return
    if not isinstance(node, str):
        yield f"{where}: must be a string or an object, got {type(node).__name__}"
        return
    if not node.strip():
        yield f"{where}: empty string"
    elif node != node.strip():
        yield f"{where}: leading or trailing whitespace"
    if "[%key:" in node:
        yield f"{where}: [%key:...] references are not resolved for custom integrations"
    if HTML_TAG.search(node):
        yield f"{where}: contains an HTML tag"
    if QUOTED_PLACEHOLDER.search(node):
        yield f"{where}: placeholders must not be in single quotes"


def _flow_steps(strings: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for section in ("config", "options"):
        yield f"{section}.step", _mapping(_mapping(strings.get(section)).get("step"))
    for name, entry in _mapping(strings.get("config_subentries")).items():
        steps = _mapping(_mapping(entry).get("step"))
        yield f"config_subentries.{name}.step", steps
    for name, entry in _mapping(strings.get("issues")).items():
        steps = _mapping(_mapping(_mapping(entry).get("fix_flow")).get("step"))
        yield f"issues.{name}.fix_flow.step", steps


def _step_problems(step: object) -> Iterator[str]:
    if not isinstance(step, dict):
        yield ": a step must be an object"
        return
    data = _mapping(step.get("data"))
    for key in _mapping(step.get("data_description")):
        if key not in data:
            yield f".data_description.{key}: no such key in data"
    for name, section in _mapping(step.get("sections")).items():
        for problem in _step_problems(section):
            yield f".sections.{name}{problem}"


# -- hassfest: icons.json ----------------------------------------------------


def check_icons(root: Path) -> list[str]:
    """icons.json: entity and service icons are well-formed mdi: names."""
    return _each_integration(root, _check_icons)


def _check_icons(folder: Path, root: Path) -> list[str]:
    path = folder / "icons.json"
    if not path.exists():
        return []
    icons, problems = _load_object(path, root)
    if icons is None:
        return problems
    rel = _rel(path, root)
    problems.extend(
        f"{rel}: unknown top-level key {key!r}"
        for key in icons
        if key not in ICON_SECTIONS
    )
    entity = icons.get("entity", {})
    if not isinstance(entity, dict):
        problems.append(f"{rel}: entity: must be an object")
        entity = {}
    for platform, keys in entity.items():
        where = f"entity.{platform}"
        if platform not in PLATFORMS:
            problems.append(f"{rel}: {where}: not an entity platform")
        if not isinstance(keys, dict):
            problems.append(f"{rel}: {where}: must be an object")
            continue
        for key, entry in keys.items():
            problems.extend(
                f"{rel}: {problem}" for problem in _entity_icon(entry, f"{where}.{key}")
            )
            if not SLUG.match(key):
                problems.append(f"{rel}: {where}.{key}: key must be [a-z0-9_-]")
    services = icons.get("services", {})
    if not isinstance(services, dict):
        problems.append(f"{rel}: services: must be an object")
        services = {}
    for service, entry in services.items():
        where = f"services.{service}"
        if not isinstance(entry, dict) or "service" not in entry:
            problems.append(f"{rel}: {where}: needs a 'service' icon")
            continue
        problems.extend(
            f"{rel}: {where}: unknown key {key!r}"
            for key in entry
            if key not in ("service", "sections")
        )
        problems.extend(
            f"{rel}: {problem}"
            for problem in _icon(entry["service"], f"{where}.service")
        )
        for section, icon in _mapping(entry.get("sections")).items():
            problems.extend(
                f"{rel}: {problem}"
                for problem in _icon(icon, f"{where}.sections.{section}")
            )
    return problems


def _icon(value: object, where: str) -> Iterator[str]:
    if not isinstance(value, str) or not MDI.match(value):
        yield f"{where}: {value!r} is not an icon like 'mdi:name'"


def _entity_icon(entry: object, where: str) -> Iterator[str]:
    if not isinstance(entry, dict):
        yield f"{where}: must be an object"
        return
    for key in entry:
        if key not in ENTITY_ICON_KEYS:
            yield f"{where}: unknown key {key!r}"
    if "default" not in entry:
        yield f"{where}: needs a 'default' icon"
    else:
        yield from _icon(entry["default"], f"{where}.default")
    yield from _icon_map(entry.get("state", {}), f"{where}.state")
    yield from _icon_map(entry.get("range", {}), f"{where}.range")
    attributes = entry.get("state_attributes", {})
    if not isinstance(attributes, dict):
        yield f"{where}.state_attributes: must be an object"
        return
    for name, attribute in attributes.items():
        attr_where = f"{where}.state_attributes.{name}"
        if not isinstance(attribute, dict):
            yield f"{attr_where}: must be an object"
            continue
        if "default" in attribute:
            yield from _icon(attribute["default"], f"{attr_where}.default")
        yield from _icon_map(attribute.get("state", {}), f"{attr_where}.state")


def _icon_map(value: object, where: str) -> Iterator[str]:
    if not isinstance(value, dict):
        yield f"{where}: must be an object"
        return
    for key, icon in value.items():
        yield from _icon(icon, f"{where}.{key}")


# -- hassfest: services.yaml -------------------------------------------------


def check_services(root: Path) -> list[str]:
    """services.yaml exists exactly when actions are registered; each is described."""
    return _each_integration(root, _check_services)


def _check_services(folder: Path, root: Path) -> list[str]:
    path = folder / "services.yaml"
    rel = _rel(path, root)
    registering = [
        _rel(file, root)
        for file in _python_files(folder)
        if REGISTERS_ACTIONS.search(file.read_text(encoding="utf-8"))
    ]
    if not path.is_file():
        if registering:
            return [f"{rel}: missing, but {', '.join(registering)} registers actions"]
        return []
    problems: list[str] = []
    if not registering:
        problems.append(f"{rel}: describes actions but no Python file registers any")
    yaml: Any = importlib.import_module("yaml")
    try:
        services = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        reason = getattr(err, "problem", None) or str(err).splitlines()[0]
        return [*problems, f"{rel}: not valid YAML{where}: {reason}"]
    if services is None:
        return problems
    if not isinstance(services, dict):
        return [*problems, f"{rel}: must be a mapping of actions"]
    strings, _ = load_json(folder / "translations" / "en.json", root)
    translated = _mapping(_mapping(strings).get("services"))
    icons, _ = load_json(folder / "icons.json", root)
    with_icons = _mapping(_mapping(icons).get("services"))
    for service, spec in services.items():
        described = _mapping(spec)
        text = _mapping(translated.get(service))
        problems.extend(
            f"{rel}: {service}: no {key} in services.yaml or translations"
            for key in ("name", "description")
            if key not in described and key not in text
        )
        if service not in with_icons:
            problems.append(f"{rel}: {service}: no icon in icons.json services")
        for field in _mapping(described.get("fields")):
            field_text = _mapping(_mapping(text.get("fields")).get(field))
            if "name" not in field_text and "name" not in _mapping(
                _mapping(described["fields"]).get(field)
            ):
                problems.append(f"{rel}: {service}.{field}: field has no name")
    return problems


# -- hassfest: every JSON file -----------------------------------------------


def check_json_files(root: Path) -> list[str]:
    """Every .json file in the integration parses, without duplicate keys."""
    return _each_integration(root, _check_json_files)


def _check_json_files(folder: Path, root: Path) -> list[str]:
    return [
        problem
        for path in sorted(folder.rglob("*.json"))
        if "__pycache__" not in path.parts
        for problem in load_json(path, root)[1]
    ]


# -- translation keys used in Python ------------------------------------------


def check_translation_keys(root: Path) -> list[str]:
    """Every literal translation_key in the Python code exists in en.json."""
    return _each_integration(root, _check_translation_keys)


def _check_translation_keys(folder: Path, root: Path) -> list[str]:
    strings, problems = _load_object(folder / "translations" / "en.json", root)
    if strings is None:
        return problems
    entity = _mapping(strings.get("entity"))
    shared = {
        key
        for section in ("exceptions", "issues", "selector")
        for key in _mapping(strings.get(section))
    }
    every_entity_key = {key for keys in entity.values() for key in _mapping(keys)}
    for path in _python_files(folder):
        platform = path.stem if path.parent == folder else None
        if platform in PLATFORMS:
            known = shared | set(_mapping(entity.get(platform)))
            places = f"entity.{platform}, exceptions, issues or selector"
        else:
            known = shared | every_entity_key
            places = "entity, exceptions, issues or selector"
        try:
            used = translation_keys_in(path.read_text(encoding="utf-8"))
        except SyntaxError as err:
            problems.append(f"{_rel(path, root)}: does not parse: {err}")
            continue
        problems.extend(
            f"{_rel(path, root)}:{line}: translation_key {key!r} is not in "
            f"translations/en.json ({places})"
            for line, key in used
            if key not in known
        )
    return problems


def translation_keys_in(source: str) -> list[tuple[int, str]]:
    """(line, key) of each literal `translation_key=` / `_attr_translation_key =`."""
    names = {"translation_key", "_attr_translation_key"}
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        value = _translation_key_value(node, names)
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            found.append((value.lineno, value.value))
    return sorted(found)


def _translation_key_value(node: ast.AST, names: set[str]) -> ast.expr | None:
    if isinstance(node, ast.keyword):
        return node.value if node.arg == "translation_key" else None
    if isinstance(node, ast.Assign):
        targets = [_target_name(target) for target in node.targets]
        return node.value if names.intersection(filter(None, targets)) else None
    if isinstance(node, ast.AnnAssign):
        return node.value if _target_name(node.target) in names else None
    return None


def _target_name(target: ast.expr) -> str | None:
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        return target.attr
    return None


# -- HACS --------------------------------------------------------------------


def check_hacs_json(root: Path) -> list[str]:
    """hacs.json: only the keys HACS knows, a name, values of the right type."""
    path = root / "hacs.json"
    hacs, problems = _load_object(path, root)
    if hacs is None:
        return problems
    rel = _rel(path, root)
    problems.extend(
        f"{rel}: unknown key {key!r}" for key in hacs if key not in HACS_KEYS
    )
    name = hacs.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(f"{rel}: 'name' is required (a non-empty string)")
    problems.extend(
        f"{rel}: {key} must be true or false"
        for key in HACS_BOOLS
        if key in hacs and not isinstance(hacs[key], bool)
    )
    for key in ("filename", "persistent_directory"):
        if key in hacs and not isinstance(hacs[key], str):
            problems.append(f"{rel}: {key} must be a string")
    if hacs.get("zip_release") is True and "filename" not in hacs:
        problems.append(f"{rel}: zip_release needs a filename")
    if "homeassistant" in hacs:
        minimum = hacs["homeassistant"]
        if not isinstance(minimum, str) or not _valid_version(minimum):
            problems.append(f"{rel}: homeassistant {minimum!r} is not a version")
    if "country" in hacs:
        country = hacs["country"]
        codes = country if isinstance(country, list) else [country]
        if not codes or not all(
            isinstance(code, str) and re.fullmatch("[A-Z]{2}", code) for code in codes
        ):
            problems.append(
                f"{rel}: country must be ISO 3166-1 alpha-2 code(s), got {country!r}"
            )
    return problems


def check_hacs_manifest(root: Path) -> list[str]:
    """HACS needs codeowners, documentation, issue_tracker and version."""
    return _each_integration(root, _check_hacs_manifest)


def _check_hacs_manifest(folder: Path, root: Path) -> list[str]:
    path = folder / "manifest.json"
    manifest, problems = _load_object(path, root)
    if manifest is None:
        return problems
    return [
        f"{_rel(path, root)}: HACS needs {key!r}"
        for key in HACS_MANIFEST_KEYS
        if not manifest.get(key)
    ]


def check_hacs_repository(root: Path) -> list[str]:
    """README and LICENSE at the root; exactly one integration folder."""
    problems: list[str] = []
    if not any((root / name).is_file() for name in README_NAMES):
        problems.append("README.md: missing at the repository root")
    if not any((root / name).is_file() for name in LICENSE_NAMES):
        problems.append("LICENSE: missing at the repository root")
    folders = integration_dirs(root)
    if len(folders) != 1:
        found = ", ".join(folder.name for folder in folders) or "none"
        problems.append(
            f"custom_components/: HACS wants exactly one integration folder, "
            f"found {found}"
        )
    return problems


def check_brand(root: Path) -> list[str]:
    """brand/: icon.png 256x256; every image a trimmed, transparent PNG."""
    return _each_integration(root, _check_brand)


def _check_brand(folder: Path, root: Path) -> list[str]:
    brand = folder / "brand"
    rel = _rel(brand, root)
    if not (brand / "icon.png").is_file():
        return [f"{rel}/icon.png: missing (HACS and Home Assistant show it)"]
    problems: list[str] = []
    for path in sorted(brand.iterdir()):
        name = path.name
        if name not in BRAND_FILES:
            problems.append(f"{rel}/{name}: not a brand image name")
            continue
        light = name.removeprefix("dark_")
        if light != name and not (brand / light).is_file():
            problems.append(f"{rel}/{name}: {light} is missing")
        problems.extend(f"{rel}/{name}: {problem}" for problem in _image_problems(path))
    return problems


def _image_problems(path: Path) -> list[str]:
    name = path.name.removeprefix("dark_")
    try:
        with Image.open(path) as image:
            image.load()
            if image.format != "PNG":
                return [f"is {image.format}, not PNG"]
            if not image.has_transparency_data:
                return ["needs a transparent background (RGBA)"]
            width, height = image.size
            alpha = image.convert("RGBA").getchannel("A")
    except (OSError, UnidentifiedImageError) as err:
        return [f"not a readable image ({type(err).__name__})"]
    problems: list[str] = []
    box = alpha.getbbox()
    if box is None:
        return ["is fully transparent"]
    if alpha.getextrema()[0] != 0:
        problems.append("has no transparent pixels; the background must be transparent")
    left, top, right, bottom = box[0], box[1], width - box[2], height - box[3]
    tolerance = max(8, min(width, height) // 32)
    if name in ICON_SIZES:
        size = ICON_SIZES[name]
        if (width, height) != (size, size):
            problems.append(f"must be {size}x{size}, is {width}x{height}")
        if max(left, right) > tolerance and max(top, bottom) > tolerance:
            problems.append(
                f"not trimmed: {left}/{top}/{right}/{bottom} px empty at "
                f"left/top/right/bottom"
            )
    else:
        low, high = LOGO_SHORT_SIDE[name]
        if not low <= min(width, height) <= high:
            problems.append(
                f"shortest side must be {low}-{high} px, is {min(width, height)}"
            )
        if width < height or width > LOGO_MAX_WIDTH[name]:
            problems.append(
                f"must be landscape, at most {LOGO_MAX_WIDTH[name]} px wide; "
                f"is {width}x{height}"
            )
        if max(left, top, right, bottom) > tolerance:
            problems.append(
                f"not trimmed: {left}/{top}/{right}/{bottom} px empty at "
                f"left/top/right/bottom"
            )
    return problems


# -- Command line ------------------------------------------------------------

CHECKS: dict[str, Check] = {
    "manifest": check_manifest,
    "translations": check_translations,
    "icons": check_icons,
    "services": check_services,
    "json": check_json_files,
    "translation_keys": check_translation_keys,
    "hacs_json": check_hacs_json,
    "hacs_manifest": check_hacs_manifest,
    "hacs_repository": check_hacs_repository,
    "brand": check_brand,
}


def run(root: Path) -> list[str]:
    """Every problem of every check, as `<check>: <problem>` lines."""
    return [
        f"{name}: {' '.join(problem.split())}"
        for name, check in CHECKS.items()
        for problem in check(root)
    ]


def main(argv: list[str]) -> int:
    """Print every problem on stdout, a summary on stderr; 1 when there is any."""
    root = Path(argv[0]).resolve() if argv else ROOT
    if not root.is_dir():
        print(f"{root}: not a directory")
        return 2
    problems = run(root)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print(f"hassfest/HACS checks: all {len(CHECKS)} passed", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
