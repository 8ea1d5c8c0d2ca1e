"""One Uptime Kuma monitor object, read through an allowlist.

`Monitor.toJSON` (server/model/monitor.js) sends the monitor's settings with
its secrets: basic-auth and OAuth credentials, bearer and push tokens,
database connection strings, headers and bodies, TLS keys, and others with
every release. Only these fields are read:

- `id`, `name`, `parent` (the group it is in), `type`;
- `active` and `forceInactive` (paused, by itself or through its group);
- `maintenance` (under maintenance when the list was sent);
- `url`, for the monitor types that check it, without its user, password,
  query and fragment (any of which can hold a credential);
- `tags`: each tag's name and value, labels the user gives the monitor
  (what public status pages show).

Left out on purpose: `description` (free text the client has no use for),
`pathName` (`parent` names the group in both 1.23 and 2.x, and a name may
contain the " / " the path is joined with), `hostname` and every other field.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final

from yarl import URL

from .parse import MAX_NAME_LENGTH, valid_url

# Monitor types whose `url` is the address they check (the types for which
# Uptime Kuma's own page links to it).
URL_TYPES: Final = frozenset(
    {"http", "keyword", "json-query", "real-browser", "mp-health"}
)
MAX_TYPE_LENGTH = 64
MAX_TAGS = 20
# Longer than any real address: refused rather than cut (a cut could end
# inside the user's password and leave part of it looking like a port).
MAX_URL_INPUT = 8192
_MAX_ID_DIGITS = 18


@dataclass(frozen=True, slots=True)
class KumaMonitor:
    """The fields of a monitor the client uses; never a secret."""

    name: str
    # Paused by itself (Kuma's `active: false` not caused by its group).
    paused: bool
    parent: str | None
    type: str | None
    url: str | None
    tags: tuple[str, ...]
    maintenance: bool

    def checked(self) -> KumaMonitor:
        """The monitor once a check has come after its list."""
        return replace(self, maintenance=False)


def read_monitor_id(value: object) -> str | None:
    """A monitor id (a number; a string of digits as object keys and some
    event arguments carry it) as a service id; None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value) if 0 <= value < 10**_MAX_ID_DIGITS else None
    if (
        isinstance(value, str)
        and 0 < len(value) <= _MAX_ID_DIGITS
        and value.isascii()
        and value.isdigit()
    ):
        return str(int(value))
    return None


def read_monitor(monitor_id: str, item: object) -> KumaMonitor | None:
    """The monitor listed under `monitor_id`; None when it is unreadable
    (not an object, another id inside, or no boolean `active`)."""
    if not isinstance(item, dict) or read_monitor_id(item.get("id")) != monitor_id:
        return None
    active = item.get("active")  # a boolean; 0 or 1 straight from the database
    if not isinstance(active, int) or active not in (0, 1):
        return None
    name = item.get("name")
    monitor_type = item.get("type")
    if not isinstance(monitor_type, str) or not monitor_type:
        monitor_type = None
    else:
        monitor_type = monitor_type[:MAX_TYPE_LENGTH]
    parent = read_monitor_id(item.get("parent"))
    return KumaMonitor(
        name=name.strip()[:MAX_NAME_LENGTH]
        if isinstance(name, str) and name.strip()
        else monitor_id,
        # A monitor in a paused group is inactive too (`forceInactive`);
        # whether it is paused itself is not sent then.
        paused=not active and item.get("forceInactive") is not True,
        parent=None if parent == monitor_id else parent,
        type=monitor_type,
        url=public_url(item.get("url")) if monitor_type in URL_TYPES else None,
        tags=_read_tags(item.get("tags")),
        maintenance=item.get("maintenance") is True,
    )


def public_url(value: object) -> str | None:
    """An http(s) address without what can hold a credential: user,
    password, query and fragment; None when it is not one."""
    if (
        not isinstance(value, str)
        or len(value) > MAX_URL_INPUT
        or not value.startswith(("http://", "https://"))
    ):
        return None
    if "@" not in value and "?" not in value and "#" not in value:
        return valid_url(value)
    try:
        url = URL(value).with_user(None).with_query(None).with_fragment(None)
    except ValueError:
        return None
    return valid_url(str(url))


def _read_tags(value: object) -> tuple[str, ...]:
    """Tags as Uptime Kuma shows them: "name" or "name:value"."""
    if not isinstance(value, list):
        return ()
    tags: list[str] = []
    for tag in value[:MAX_TAGS]:
        if not isinstance(tag, dict):
            continue
        name = tag.get("name")
        if not isinstance(name, str) or not name:
            continue
        tag_value = tag.get("value")
        text = (
            f"{name}:{tag_value}" if isinstance(tag_value, str) and tag_value else name
        )
        tags.append(text[:MAX_NAME_LENGTH])
    return tuple(tags)
