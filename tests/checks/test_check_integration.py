"""scripts/check_integration.py: the repository passes; each breakage is reported.

Every case copies the files the checks read into tmp_path, breaks one thing and
asserts that the check responsible reports it, so a check that silently stops
working fails here.
"""

from __future__ import annotations

from collections.abc import Callable
import json
from pathlib import Path
import shutil
import subprocess
import sys
from typing import Any, get_args, get_type_hints

from PIL import Image
import pytest

from scripts import check_integration as checks, draw_brand

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = "status_dashboard"
INTEGRATION = f"custom_components/{DOMAIN}"
MANIFEST = f"{INTEGRATION}/manifest.json"
EN = f"{INTEGRATION}/translations/en.json"
STRINGS = f"{INTEGRATION}/strings.json"
ICONS = f"{INTEGRATION}/icons.json"
SERVICES = f"{INTEGRATION}/services.yaml"
BRAND = f"{INTEGRATION}/brand"

type Mutation = Callable[[Path], None]


@pytest.fixture(autouse=True)
def _real_sockets_and_custom_integrations() -> None:
    """Start no Home Assistant: these tests only read files.

    Overrides the fixture of the same name in tests/conftest.py, which loads
    custom integrations (and with them a whole `hass` instance).
    """


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


# -- Mutations ----------------------------------------------------------------


def edit_json(rel: str, edit: Callable[[dict[str, Any]], object]) -> Mutation:
    """Load a JSON object, let `edit` change it in place, write it back."""

    def mutate(root: Path) -> None:
        path = root / rel
        data = json.loads(path.read_text(encoding="utf-8"))
        edit(data)
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")

    return mutate


def at(data: dict[str, Any], dotted: str) -> dict[str, Any]:
    """The object at a dotted path."""
    for key in dotted.split(".") if dotted else []:
        data = data[key]
    return data


def set_json(rel: str, dotted: str, value: object) -> Mutation:
    """Set the key at `a.b.c` (the last part is the key)."""
    parent, _, key = dotted.rpartition(".")
    return edit_json(rel, lambda data: at(data, parent).__setitem__(key, value))


def drop_json(rel: str, dotted: str) -> Mutation:
    """Remove the key at `a.b.c`."""
    parent, _, key = dotted.rpartition(".")
    return edit_json(rel, lambda data: at(data, parent).pop(key))


def reorder_manifest(order: Callable[[list[str]], list[str]]) -> Mutation:
    """Rewrite manifest.json with its keys in `order(keys)`."""

    def mutate(root: Path) -> None:
        path = root / MANIFEST
        data = json.loads(path.read_text(encoding="utf-8"))
        keys = order(list(data))
        path.write_text(json.dumps({key: data[key] for key in keys}), encoding="utf-8")

    return mutate


def write(rel: str, text: str) -> Mutation:
    """Create or overwrite a file."""

    def mutate(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    return mutate


def write_bytes(rel: str, data: bytes) -> Mutation:
    """Create or overwrite a file with raw bytes."""

    def mutate(root: Path) -> None:
        (root / rel).write_bytes(data)

    return mutate


def replace(rel: str, old: str, new: str) -> Mutation:
    """Replace text in a file (which must contain it)."""

    def mutate(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new), encoding="utf-8")

    return mutate


def delete(rel: str) -> Mutation:
    """Remove a file or folder."""

    def mutate(root: Path) -> None:
        path = root / rel
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()

    return mutate


def both(*mutations: Mutation) -> Mutation:
    """Apply several mutations in order."""

    def mutate(root: Path) -> None:
        for mutation in mutations:
            mutation(root)

    return mutate


def edit_image(rel: str, edit: Callable[[Image.Image], Image.Image]) -> Mutation:
    """Replace an image with `edit` of it, saved as PNG."""

    def mutate(root: Path) -> None:
        path = root / rel
        with Image.open(path) as image:
            edited = edit(image.convert("RGBA"))
        edited.save(path, format="PNG")

    return mutate


def shrink_into_margin(image: Image.Image) -> Image.Image:
    """The same size, content shrunk to half with a wide empty border."""
    canvas = Image.new("RGBA", image.size, (0, 0, 0, 0))
    small = image.resize((image.width // 2, image.height // 2))
    canvas.paste(small, (image.width // 4, image.height // 4))
    return canvas


def opaque(image: Image.Image) -> Image.Image:
    """RGBA, but every pixel fully opaque (on white)."""
    background = Image.new("RGBA", image.size, (255, 255, 255, 255))
    background.alpha_composite(image)
    return background


def as_jpeg(rel: str) -> Mutation:
    """Overwrite a .png with JPEG data."""

    def mutate(root: Path) -> None:
        path = root / rel
        with Image.open(path) as image:
            rgb = image.convert("RGB")
        rgb.save(path, format="JPEG")

    return mutate


REGISTERS = (
    '"""Actions."""\n\n\ndef setup(hass, handler):\n'
    '    hass.services.async_register("status_dashboard", "refresh", handler)\n'
)
REGISTERS_ENTITY = (
    '"""Actions."""\n\n\ndef setup(platform):\n'
    '    platform.async_register_entity_service("refresh", None, "refresh")\n'
)
SERVICE_YAML = "refresh:\n  fields:\n    service_id:\n      required: true\n"
ACTION_PY = f"{INTEGRATION}/services.py"
SERVICE_TEXT = {
    "refresh": {
        "name": "Refresh",
        "description": "Ask the server to check a service now.",
        "fields": {"service_id": {"name": "Service", "description": "Which one."}},
    }
}


# -- Cases: (check, mutation, text the check must report) -----------------------

Case = tuple[Callable[[Path], list[str]], Mutation, str]

CASES: dict[str, Case] = {
    # hassfest: manifest.json
    "manifest-missing": (
        checks.check_manifest,
        delete(MANIFEST),
        "manifest.json: missing",
    ),
    "manifest-invalid-json": (
        checks.check_manifest,
        write(MANIFEST, '{"domain": "status_dashboard",}'),
        "not valid JSON",
    ),
    "manifest-not-object": (
        checks.check_manifest,
        write(MANIFEST, "[]"),
        "JSON object",
    ),
    "manifest-no-domain": (
        checks.check_manifest,
        drop_json(MANIFEST, "domain"),
        "missing required key 'domain'",
    ),
    "manifest-no-name": (
        checks.check_manifest,
        drop_json(MANIFEST, "name"),
        "missing required key 'name'",
    ),
    "manifest-empty-name": (
        checks.check_manifest,
        set_json(MANIFEST, "name", " "),
        "name must be a non-empty string",
    ),
    "manifest-no-version": (
        checks.check_manifest,
        drop_json(MANIFEST, "version"),
        "missing required key 'version'",
    ),
    "manifest-no-iot-class": (
        checks.check_manifest,
        drop_json(MANIFEST, "iot_class"),
        "missing required key 'iot_class'",
    ),
    "manifest-domain-not-folder": (
        checks.check_manifest,
        set_json(MANIFEST, "domain", "status_board"),
        "does not match the folder name 'status_dashboard'",
    ),
    "manifest-domain-uppercase": (
        checks.check_manifest,
        set_json(MANIFEST, "domain", "Status_Dashboard"),
        "domain must be lowercase",
    ),
    "manifest-codeowner-without-at": (
        checks.check_manifest,
        set_json(MANIFEST, "codeowners", ["status-dashboard"]),
        "codeowner 'status-dashboard' is not an @user",
    ),
    "manifest-codeowners-empty": (
        checks.check_manifest,
        set_json(MANIFEST, "codeowners", []),
        "codeowners must be a non-empty list",
    ),
    "manifest-codeowners-string": (
        checks.check_manifest,
        set_json(MANIFEST, "codeowners", "@status-dashboard"),
        "codeowners must be a non-empty list",
    ),
    "manifest-documentation-http": (
        checks.check_manifest,
        set_json(MANIFEST, "documentation", "http://example.com/docs"),
        "documentation must be an https URL",
    ),
    "manifest-documentation-home-assistant-io": (
        checks.check_manifest,
        set_json(
            MANIFEST,
            "documentation",
            "https://www.home-assistant.io/integrations/status_dashboard",
        ),
        "must not be on home-assistant.io",
    ),
    "manifest-issue-tracker-not-url": (
        checks.check_manifest,
        set_json(MANIFEST, "issue_tracker", "github issues"),
        "issue_tracker must be an https URL",
    ),
    "manifest-iot-class-unknown": (
        checks.check_manifest,
        set_json(MANIFEST, "iot_class", "local_pull"),
        "iot_class 'local_pull' is not one of",
    ),
    "manifest-integration-type-unknown": (
        checks.check_manifest,
        set_json(MANIFEST, "integration_type", "bridge"),
        "integration_type 'bridge' is not one of",
    ),
    "manifest-version-invalid": (
        checks.check_manifest,
        set_json(MANIFEST, "version", "first release"),
        "version 'first release' is not a valid version",
    ),
    "manifest-version-number": (
        checks.check_manifest,
        set_json(MANIFEST, "version", 1),
        "version 1 is not a valid version",
    ),
    "manifest-config-flow-string": (
        checks.check_manifest,
        set_json(MANIFEST, "config_flow", "true"),
        "config_flow must be true or false",
    ),
    "manifest-requirement-invalid": (
        checks.check_manifest,
        set_json(MANIFEST, "requirements", ["python-socketio[asyncio_client>=5.16.2"]),
        "is not PEP 508",
    ),
    "manifest-requirements-string": (
        checks.check_manifest,
        set_json(MANIFEST, "requirements", "python-socketio"),
        "requirements must be a list of strings",
    ),
    "manifest-loggers-string": (
        checks.check_manifest,
        set_json(MANIFEST, "loggers", "socketio"),
        "loggers must be a list of strings",
    ),
    "manifest-unknown-key": (
        checks.check_manifest,
        set_json(MANIFEST, "homepage", "https://example.com"),
        "unknown key 'homepage'",
    ),
    "manifest-name-not-second": (
        checks.check_manifest,
        reorder_manifest(lambda keys: [k for k in keys if k != "name"] + ["name"]),
        "keys must be ordered domain, name, then alphabetically",
    ),
    "manifest-rest-not-alphabetical": (
        checks.check_manifest,
        reorder_manifest(lambda keys: keys[:2] + sorted(keys[2:], reverse=True)),
        "keys must be ordered domain, name, then alphabetically",
    ),
    # hassfest: translations/en.json
    "translations-missing": (checks.check_translations, delete(EN), "en.json: missing"),
    "translations-unknown-section": (
        checks.check_translations,
        set_json(EN, "settings", {"title": "Settings"}),
        "unknown top-level key 'settings'",
    ),
    "translations-data-description-without-data": (
        checks.check_translations,
        set_json(EN, "config.step.user.data_description.colour", "A colour."),
        "config.step.user.data_description.colour: no such key in data",
    ),
    "translations-options-data-description-without-data": (
        checks.check_translations,
        drop_json(EN, "options.step.init.data.grace_period"),
        "options.step.init.data_description.grace_period: no such key in data",
    ),
    "translations-fix-flow-data-description-without-data": (
        checks.check_translations,
        set_json(
            EN,
            "issues.token_expiring.fix_flow.step.confirm.data_description",
            {"token": "The new token."},
        ),
        "issues.token_expiring.fix_flow.step.confirm.data_description.token",
    ),
    "translations-key-reference": (
        checks.check_translations,
        set_json(EN, "config.abort.already_configured", "[%key:common::abort::x%]"),
        "config.abort.already_configured: [%key:...] references are not resolved",
    ),
    "translations-html": (
        checks.check_translations,
        set_json(EN, "config.error.invalid_auth", "The server <b>refused</b> it."),
        "config.error.invalid_auth: contains an HTML tag",
    ),
    "translations-link": (
        checks.check_translations,
        set_json(EN, "config.error.unknown", 'See <a href="https://x.org">logs</a>.'),
        "config.error.unknown: contains an HTML tag",
    ),
    "translations-leading-space": (
        checks.check_translations,
        set_json(EN, "entity.button.refresh.name", " Refresh"),
        "entity.button.refresh.name: leading or trailing whitespace",
    ),
    "translations-trailing-newline": (
        checks.check_translations,
        set_json(EN, "config.step.user.title", "Connect\n"),
        "config.step.user.title: leading or trailing whitespace",
    ),
    "translations-empty-string": (
        checks.check_translations,
        set_json(EN, "entity.sensor.status.state.up", ""),
        "entity.sensor.status.state.up: empty string",
    ),
    "translations-number": (
        checks.check_translations,
        set_json(EN, "entity.sensor.latency.name", 5),
        "entity.sensor.latency.name: must be a string or an object, got int",
    ),
    "translations-quoted-placeholder": (
        checks.check_translations,
        set_json(EN, "exceptions.cannot_connect.message", "Failed: '{error}'"),
        "placeholders must not be in single quotes",
    ),
    "translations-unknown-platform": (
        checks.check_translations,
        set_json(EN, "entity.sensors", {"x": {"name": "X"}}),
        "entity.sensors: not an entity platform",
    ),
    "translations-uppercase-state": (
        checks.check_translations,
        set_json(EN, "entity.sensor.status.state.Up", "Up"),
        "entity.sensor.status.state.Up: key must be [a-z0-9_-]",
    ),
    "translations-uppercase-exception": (
        checks.check_translations,
        set_json(EN, "exceptions.Not_Connected", {"message": "Not connected."}),
        "exceptions.Not_Connected: key must be [a-z0-9_-]",
    ),
    "translations-exception-without-message": (
        checks.check_translations,
        set_json(EN, "exceptions.not_connected", {"title": "Not connected"}),
        "exceptions.not_connected: needs a 'message'",
    ),
    "translations-issue-without-title": (
        checks.check_translations,
        drop_json(EN, "issues.reconnect_storm.title"),
        "issues.reconnect_storm: needs a 'title'",
    ),
    "translations-issue-without-description": (
        checks.check_translations,
        drop_json(EN, "issues.reconnect_storm.description"),
        "issues.reconnect_storm: needs a 'description' or 'fix_flow'",
    ),
    "translations-strings-json-differs": (
        checks.check_translations,
        set_json(STRINGS, "config.step.user.title", "Connect"),
        "strings.json: differs from translations/en.json",
    ),
    # hassfest: icons.json
    "icons-invalid-json": (checks.check_icons, write(ICONS, "{"), "not valid JSON"),
    "icons-unknown-section": (
        checks.check_icons,
        set_json(ICONS, "entities", {}),
        "unknown top-level key 'entities'",
    ),
    "icons-without-mdi": (
        checks.check_icons,
        set_json(ICONS, "entity.button.refresh.default", "refresh"),
        "entity.button.refresh.default: 'refresh' is not an icon like 'mdi:name'",
    ),
    "icons-uppercase-name": (
        checks.check_icons,
        set_json(ICONS, "entity.button.refresh.default", "mdi:Refresh"),
        "is not an icon like 'mdi:name'",
    ),
    "icons-no-default": (
        checks.check_icons,
        drop_json(ICONS, "entity.sensor.status.default"),
        "entity.sensor.status: needs a 'default' icon",
    ),
    "icons-bad-state-icon": (
        checks.check_icons,
        set_json(ICONS, "entity.sensor.status.state.down", "close-circle"),
        "entity.sensor.status.state.down: 'close-circle' is not an icon",
    ),
    "icons-state-not-object": (
        checks.check_icons,
        set_json(ICONS, "entity.sensor.status.state", ["mdi:check"]),
        "entity.sensor.status.state: must be an object",
    ),
    "icons-unknown-entity-key": (
        checks.check_icons,
        set_json(ICONS, "entity.button.refresh.icon", "mdi:refresh"),
        "entity.button.refresh: unknown key 'icon'",
    ),
    "icons-unknown-platform": (
        checks.check_icons,
        set_json(ICONS, "entity.buttons", {"x": {"default": "mdi:x"}}),
        "entity.buttons: not an entity platform",
    ),
    "icons-uppercase-key": (
        checks.check_icons,
        set_json(ICONS, "entity.button.Refresh", {"default": "mdi:refresh"}),
        "entity.button.Refresh: key must be [a-z0-9_-]",
    ),
    "icons-bad-attribute-icon": (
        checks.check_icons,
        set_json(
            ICONS,
            "entity.binary_sensor.connection.state_attributes",
            {"transport": {"default": "websocket"}},
        ),
        "state_attributes.transport.default: 'websocket' is not an icon",
    ),
    "icons-service-without-service-icon": (
        checks.check_icons,
        set_json(ICONS, "services", {"refresh": {"default": "mdi:refresh"}}),
        "services.refresh: needs a 'service' icon",
    ),
    "icons-service-bad-icon": (
        checks.check_icons,
        set_json(ICONS, "services", {"refresh": {"service": "refresh"}}),
        "services.refresh.service: 'refresh' is not an icon",
    ),
    # hassfest: services.yaml
    "services-missing-async-register": (
        checks.check_services,
        write(ACTION_PY, REGISTERS),
        "services.yaml: missing, but custom_components/status_dashboard/services.py",
    ),
    "services-missing-entity-service": (
        checks.check_services,
        write(ACTION_PY, REGISTERS_ENTITY),
        "services.yaml: missing, but",
    ),
    "services-missing-service-call": (
        checks.check_services,
        write(ACTION_PY, "from homeassistant.core import ServiceCall\n"),
        "services.yaml: missing, but",
    ),
    "services-yaml-without-actions": (
        checks.check_services,
        both(
            write(SERVICES, SERVICE_YAML),
            set_json(EN, "services", SERVICE_TEXT),
            set_json(ICONS, "services", {"refresh": {"service": "mdi:refresh"}}),
        ),
        "describes actions but no Python file registers any",
    ),
    "services-yaml-invalid": (
        checks.check_services,
        both(write(ACTION_PY, REGISTERS), write(SERVICES, "refresh: [unclosed\n")),
        "services.yaml: not valid YAML",
    ),
    "services-yaml-not-mapping": (
        checks.check_services,
        both(write(ACTION_PY, REGISTERS), write(SERVICES, "- refresh\n")),
        "services.yaml: must be a mapping of actions",
    ),
    "services-no-name": (
        checks.check_services,
        both(write(ACTION_PY, REGISTERS), write(SERVICES, SERVICE_YAML)),
        "refresh: no name in services.yaml or translations",
    ),
    "services-no-icon": (
        checks.check_services,
        both(
            write(ACTION_PY, REGISTERS),
            write(SERVICES, SERVICE_YAML),
            set_json(EN, "services", SERVICE_TEXT),
        ),
        "refresh: no icon in icons.json services",
    ),
    "services-field-without-name": (
        checks.check_services,
        both(
            write(ACTION_PY, REGISTERS),
            write(SERVICES, SERVICE_YAML),
            set_json(EN, "services", SERVICE_TEXT),
            drop_json(EN, "services.refresh.fields.service_id.name"),
            set_json(ICONS, "services", {"refresh": {"service": "mdi:refresh"}}),
        ),
        "refresh.service_id: field has no name",
    ),
    # hassfest: every JSON file parses
    "json-broken-icons": (
        checks.check_json_files,
        write(ICONS, '{"entity": }'),
        "icons.json: not valid JSON",
    ),
    "json-broken-extra-file": (
        checks.check_json_files,
        write(f"{INTEGRATION}/client/defaults.json", "{'single': 'quotes'}"),
        "client/defaults.json: not valid JSON",
    ),
    "json-duplicate-key": (
        checks.check_json_files,
        replace(MANIFEST, '"version": "0.1.0"', '"version": "0.1.0", "version": "0.2"'),
        "duplicate key 'version'",
    ),
    "json-not-utf8": (
        checks.check_json_files,
        write_bytes(EN, b'{"title": "\xff"}'),
        "en.json: not valid JSON",
    ),
    # translation keys used in the Python code
    "keys-entity-key-unknown": (
        checks.check_translation_keys,
        write(
            f"{INTEGRATION}/sensor.py", 'D = Desc(key="x", translation_key="nope")\n'
        ),
        "sensor.py:1: translation_key 'nope' is not in translations/en.json "
        "(entity.sensor, exceptions, issues or selector)",
    ),
    "keys-entity-key-on-other-platform": (
        checks.check_translation_keys,
        both(
            set_json(EN, "entity.sensor.only_sensor", {"name": "Only a sensor"}),
            write(
                f"{INTEGRATION}/button.py", 'D = Desc(translation_key="only_sensor")\n'
            ),
        ),
        "button.py:1: translation_key 'only_sensor' is not in translations/en.json "
        "(entity.button,",
    ),
    "keys-entity-section-removed": (
        checks.check_translation_keys,
        drop_json(EN, "entity"),
        "sensor.py:",
    ),
    "keys-exception-or-issue-unknown": (
        checks.check_translation_keys,
        write(
            f"{INTEGRATION}/extra.py",
            "def f():\n"
            '    raise Failed(translation_domain="d", translation_key="gone_away")\n',
        ),
        "extra.py:2: translation_key 'gone_away' is not in translations/en.json "
        "(entity, exceptions, issues or selector)",
    ),
    "keys-attr-translation-key": (
        checks.check_translation_keys,
        write(
            f"{INTEGRATION}/client/extra.py",
            'class Extra:\n    _attr_translation_key = "problem"\n',
        ),
        "client/extra.py:2: translation_key 'problem'",
    ),
    "keys-python-does-not-parse": (
        checks.check_translation_keys,
        write(f"{INTEGRATION}/broken.py", "def (:\n"),
        "broken.py: does not parse",
    ),
    # HACS: hacs.json
    "hacs-json-missing": (checks.check_hacs_json, delete("hacs.json"), "missing"),
    "hacs-json-unknown-key": (
        checks.check_hacs_json,
        set_json("hacs.json", "domains", ["sensor"]),
        "hacs.json: unknown key 'domains'",
    ),
    "hacs-json-no-name": (
        checks.check_hacs_json,
        drop_json("hacs.json", "name"),
        "hacs.json: 'name' is required",
    ),
    "hacs-json-bool-as-string": (
        checks.check_hacs_json,
        set_json("hacs.json", "render_readme", "true"),
        "render_readme must be true or false",
    ),
    "hacs-json-zip-without-filename": (
        checks.check_hacs_json,
        set_json("hacs.json", "zip_release", True),
        "zip_release needs a filename",
    ),
    "hacs-json-homeassistant-not-version": (
        checks.check_hacs_json,
        set_json("hacs.json", "homeassistant", "latest"),
        "homeassistant 'latest' is not a version",
    ),
    "hacs-json-country-name": (
        checks.check_hacs_json,
        set_json("hacs.json", "country", "Germany"),
        "country must be ISO 3166-1 alpha-2",
    ),
    "hacs-json-filename-not-string": (
        checks.check_hacs_json,
        set_json("hacs.json", "filename", 1),
        "filename must be a string",
    ),
    # HACS: manifest keys
    **{
        f"hacs-manifest-no-{key}": (
            checks.check_hacs_manifest,
            drop_json(MANIFEST, key),
            f"HACS needs {key!r}",
        )
        for key in ("codeowners", "documentation", "issue_tracker", "version")
    },
    # HACS: repository layout
    "hacs-repository-no-readme": (
        checks.check_hacs_repository,
        delete("README.md"),
        "README.md: missing at the repository root",
    ),
    "hacs-repository-no-license": (
        checks.check_hacs_repository,
        delete("LICENSE"),
        "LICENSE: missing at the repository root",
    ),
    "hacs-repository-two-integrations": (
        checks.check_hacs_repository,
        write("custom_components/other/manifest.json", "{}"),
        "exactly one integration folder, found other, status_dashboard",
    ),
    "hacs-repository-no-integration": (
        checks.check_hacs_repository,
        delete(INTEGRATION),
        "exactly one integration folder, found none",
    ),
    # HACS / Home Assistant: brand images
    "brand-no-icon": (
        checks.check_brand,
        delete(f"{BRAND}/icon.png"),
        "brand/icon.png: missing",
    ),
    "brand-no-folder": (checks.check_brand, delete(BRAND), "brand/icon.png: missing"),
    "brand-icon-wrong-size": (
        checks.check_brand,
        edit_image(f"{BRAND}/icon.png", lambda image: image.resize((128, 128))),
        "icon.png: must be 256x256, is 128x128",
    ),
    "brand-icon2x-wrong-size": (
        checks.check_brand,
        edit_image(f"{BRAND}/icon@2x.png", lambda image: image.resize((256, 256))),
        "icon@2x.png: must be 512x512, is 256x256",
    ),
    "brand-icon-no-alpha": (
        checks.check_brand,
        edit_image(f"{BRAND}/dark_icon.png", lambda image: image.convert("RGB")),
        "dark_icon.png: needs a transparent background",
    ),
    "brand-icon-opaque": (
        checks.check_brand,
        edit_image(f"{BRAND}/icon.png", opaque),
        "icon.png: has no transparent pixels",
    ),
    "brand-icon-not-trimmed": (
        checks.check_brand,
        edit_image(f"{BRAND}/icon.png", shrink_into_margin),
        "icon.png: not trimmed",
    ),
    "brand-icon-jpeg": (
        checks.check_brand,
        as_jpeg(f"{BRAND}/icon.png"),
        "icon.png: is JPEG, not PNG",
    ),
    "brand-icon-not-an-image": (
        checks.check_brand,
        write(f"{BRAND}/icon.png", "not a picture"),
        "icon.png: not a readable image",
    ),
    "brand-logo-too-small": (
        checks.check_brand,
        edit_image(f"{BRAND}/logo.png", lambda image: image.resize((300, 94))),
        "logo.png: shortest side must be 128-256 px, is 94",
    ),
    "brand-logo-portrait": (
        checks.check_brand,
        edit_image(f"{BRAND}/logo.png", lambda image: image.rotate(90, expand=True)),
        "logo.png: must be landscape",
    ),
    "brand-logo-not-trimmed": (
        checks.check_brand,
        edit_image(f"{BRAND}/dark_logo.png", shrink_into_margin),
        "dark_logo.png: not trimmed",
    ),
    "brand-dark-without-light": (
        checks.check_brand,
        delete(f"{BRAND}/logo.png"),
        "dark_logo.png: logo.png is missing",
    ),
    "brand-unknown-file": (
        checks.check_brand,
        write(f"{BRAND}/favicon.png", ""),
        "brand/favicon.png: not a brand image name",
    ),
}


@pytest.mark.parametrize("name", list(checks.CHECKS))
def test_repository_passes(name: str) -> None:
    assert checks.CHECKS[name](ROOT) == []


def test_copy_passes_every_check(repo: Path) -> None:
    """The cases' starting point is clean, so each reported problem is its own."""
    assert checks.run(repo) == []


@pytest.mark.parametrize("case", list(CASES))
def test_check_reports_breakage(repo: Path, case: str) -> None:
    check, mutate, expected = CASES[case]

    mutate(repo)
    problems = check(repo)

    assert any(expected in problem for problem in problems), problems
    assert all("\n" not in problem for problem in problems), problems


def test_every_check_has_breaking_cases() -> None:
    tested = {check for check, _, _ in CASES.values()}

    assert tested == set(checks.CHECKS.values())


def test_main_prints_one_line_per_problem_and_fails(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    drop_json(MANIFEST, "version")(repo)
    delete("LICENSE")(repo)

    code = checks.main([str(repo)])

    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert out == [
        "manifest: custom_components/status_dashboard/manifest.json: "
        "missing required key 'version'",
        "hacs_manifest: custom_components/status_dashboard/manifest.json: "
        "HACS needs 'version'",
        "hacs_repository: LICENSE: missing at the repository root",
    ]


def test_main_passes_on_the_repository(capsys: pytest.CaptureFixture[str]) -> None:
    assert checks.main([]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "all 10 passed" in captured.err


def test_main_refuses_a_missing_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert checks.main([str(tmp_path / "nowhere")]) == 2
    assert "not a directory" in capsys.readouterr().out


def test_runs_as_a_command(repo: Path) -> None:
    delete("README.md")(repo)

    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_integration.py"), str(repo)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )

    assert result.returncode == 1
    assert result.stdout == (
        "hacs_repository: README.md: missing at the repository root\n"
    )


def test_checks_without_an_integration_folder(tmp_path: Path) -> None:
    problems = checks.run(tmp_path)

    assert "manifest: custom_components/: no integration folder" in problems
    assert "hacs_json: hacs.json: missing" in problems


def test_translation_keys_in_finds_every_literal_form() -> None:
    source = (
        "X = Description(key='a', translation_key='one')\n"
        "class E:\n"
        "    _attr_translation_key = 'two'\n"
        "    translation_key: str = 'three'\n"
        "    def f(self):\n"
        "        self._attr_translation_key = 'four'\n"
        "        raise Error(translation_domain='d', translation_key='five')\n"
        "        g(translation_key=name)\n"
    )

    assert checks.translation_keys_in(source) == [
        (1, "one"),
        (3, "two"),
        (4, "three"),
        (6, "four"),
        (7, "five"),
    ]


# -- The constants agree with the installed Home Assistant ----------------------


def test_integration_types_match_home_assistant() -> None:
    from homeassistant.loader import Manifest

    hints = get_type_hints(Manifest)
    assert set(get_args(hints["integration_type"])) == checks.INTEGRATION_TYPES


def test_manifest_keys_cover_home_assistant() -> None:
    from homeassistant.loader import Manifest

    runtime_only = {"is_built_in", "overwrites_built_in"}
    assert set(get_type_hints(Manifest)) - runtime_only <= checks.MANIFEST_KEYS


def test_platforms_match_home_assistant() -> None:
    from homeassistant.const import Platform

    assert {platform.value for platform in Platform} == checks.PLATFORMS


# -- Brand images ---------------------------------------------------------------


def test_brand_images_are_what_draw_brand_draws(tmp_path: Path) -> None:
    """The committed PNGs match scripts/draw_brand.py, pixel for pixel."""
    assert draw_brand.main([str(tmp_path)]) == 0

    drawn = sorted(path.name for path in tmp_path.iterdir())
    assert drawn == sorted(path.name for path in (ROOT / BRAND).iterdir())
    for name in drawn:
        with Image.open(tmp_path / name) as new, Image.open(ROOT / BRAND / name) as old:
            assert new.mode == old.mode == "RGBA"
            assert new.size == old.size
            assert new.tobytes() == old.tobytes(), f"{name}: run scripts/draw_brand.py"
