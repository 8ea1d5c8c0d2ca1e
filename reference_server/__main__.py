"""``python -m reference_server``: a demo status server to point a client at."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys

from . import medianest, uptime_kuma
from .demo import DemoFeed, demo_services
from .kuma_auth import VERSIONS, totp_code
from .kuma_demo import KumaDemoFeed, demo_monitors
from .server import StatusServer


def arguments(argv: list[str] | None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m reference_server",
        description="Run a demo service-status server (Socket.IO).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8765, help="port (0: any free)")
    parser.add_argument("--secret", default="demo-secret", help="JWT signing secret")
    parser.add_argument(
        "--services", type=int, default=6, help="how many demo services (default 6)"
    )
    parser.add_argument(
        "--interval",
        type=float,
        default=2.0,
        help="seconds between two rounds of changes (default 2)",
    )
    parser.add_argument("--user", default="demo", help="the token's subject")
    parser.add_argument(
        "--password",
        default="demo-password",
        help="the user's password, for signing in instead of pasting a token",
    )
    parser.add_argument(
        "--token-lifetime",
        type=float,
        default=900.0,
        help="seconds a signed-in access token lives (default 900)",
    )
    parser.add_argument(
        "--keep-expired-sockets",
        action="store_true",
        help="do not drop a socket when its token expires",
    )
    parser.add_argument(
        "--dialect",
        choices=("status_dashboard", medianest.DIALECT, uptime_kuma.DIALECT),
        default="status_dashboard",
        help="speak the protocol (default), or as MediaNest or Uptime Kuma do",
    )
    parser.add_argument(
        "--kuma-version",
        choices=VERSIONS,
        default=VERSIONS[0],
        help="with --dialect uptime_kuma: speak as Uptime Kuma 2.x or 1.23.x",
    )
    parser.add_argument(
        "--totp-secret",
        help="with --dialect uptime_kuma: turn 2FA on with this base32 secret",
    )
    args = parser.parse_args(argv)
    if args.services < 0:
        parser.error("--services must not be negative")
    if args.interval <= 0:
        parser.error("--interval must be positive")
    if args.token_lifetime <= 0:
        parser.error("--token-lifetime must be positive")
    return args


async def serve(args: argparse.Namespace, stopping: asyncio.Event) -> None:
    """Run the demo until ``stopping`` is set."""
    if args.dialect == uptime_kuma.DIALECT:
        await serve_kuma(args, stopping)
        return
    as_medianest = args.dialect == medianest.DIALECT
    server = StatusServer(
        secret=args.secret,
        host=args.host,
        port=args.port,
        services=demo_services(args.services, uptime=as_medianest),
        users={args.user: args.password},
        access_token_lifetime=args.token_lifetime,
        drop_at_expiry=not args.keep_expired_sockets,
        dialect=args.dialect,
    )
    await server.start()
    feed = DemoFeed(server, interval=args.interval)
    feed.start()
    print(f"Status server listening on {server.url}")
    print(f"Services: {', '.join(server.services) or '(none)'}")
    if as_medianest:
        print("Speaking as MediaNest. A 90-day token, as MediaNest's sign-in")
        print("hands out with 'remember me'; paste it into Home Assistant:")
        print(server.token(args.user, expires_in=medianest.REMEMBER_TOKEN_LIFETIME))
    else:
        print("Token (no expiry), paste it into Home Assistant:")
        print(server.token(args.user, expires_in=None))
        print(
            f"Or leave the token empty and sign in: username {args.user}, "
            f"password {args.password}"
        )
        print(
            f"(signed-in access tokens live {args.token_lifetime:g} s and renew "
            "themselves; the log shows each renewal at debug level)"
        )
    await _run_until(stopping, feed, server)


async def serve_kuma(args: argparse.Namespace, stopping: asyncio.Event) -> None:
    """Run the Uptime Kuma demo until ``stopping`` is set."""
    server = uptime_kuma.KumaServer(
        username=args.user,
        password=args.password,
        totp_secret=args.totp_secret,
        version=args.kuma_version,
        monitors=demo_monitors(args.services),
        jwt_secret=args.secret,
        host=args.host,
        port=args.port,
    )
    await server.start()
    feed = KumaDemoFeed(server, interval=args.interval)
    feed.start()
    print(f"Uptime Kuma ({args.kuma_version}) listening on {server.url}")
    names = [m["pathName"] for m in server.monitors.values()]
    print(f"Monitors: {', '.join(names) or '(none)'}")
    print(f"Log in with username {args.user}, password {args.password}")
    if args.totp_secret:
        code = totp_code(args.totp_secret)
        print(f"2FA is on: secret {args.totp_secret} (code now: {code})")
    await _run_until(stopping, feed, server)


async def _run_until(
    stopping: asyncio.Event,
    feed: DemoFeed | KumaDemoFeed,
    server: StatusServer | uptime_kuma.KumaServer,
) -> None:
    """Serve until ``stopping`` is set, then stop the feed and the server."""
    print("Press Ctrl-C to stop.", flush=True)
    try:
        await stopping.wait()
    finally:
        await feed.stop()
        await server.stop()
    print("Stopped.", flush=True)


# The two below run in a subprocess in the tests, out of coverage's sight.
async def _until_signalled(args: argparse.Namespace) -> None:  # pragma: no cover
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    await serve(args, stopping)


def main(argv: list[str] | None = None) -> int:  # pragma: no cover
    """Run until Ctrl-C or SIGTERM."""
    args = arguments(argv)
    try:
        asyncio.run(_until_signalled(args))
    except OSError as err:
        print(f"Cannot start: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
