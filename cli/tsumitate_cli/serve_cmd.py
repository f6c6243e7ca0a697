"""``tsumitate serve``: the office's web page and JSON API on this machine (uvicorn; ``--workers N`` processes)."""

from __future__ import annotations

import sys

import click

from .common import report_problems, rules_option


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="address to listen on; anything but loopback makes the page reachable from the network (it has no login)")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="port (0: any free port)")
@click.option("--scenarios", "scenarios_dir", type=click.Path(file_okay=False, path_type=str), default=None,
              help="scenario library for the trainer (/quiz); default: ./scenarios when it exists")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="worker processes (each loads the rules once); more than one uses more cores")
@rules_option
def serve(host, port, scenarios_dir, rules_dir, workers):
    """Serve the intake form (/), the rule explorer (/rules), the trainer (/quiz) and the JSON API
    (/api/..., documented at /docs and /openapi.json). Nothing is kept between requests."""
    from pathlib import Path

    from tsumitate.errors import InputError

    try:
        import uvicorn

        from tsumitate.web.app import create_app
        from tsumitate.web.workers import bind_sockets, spreads_connections
        from tsumitate.web.workers import run as run_workers
    except ImportError as e:  # pragma: no cover - the web extra is a dependency; a broken install says so
        click.echo(f"tsumitate serve: Web の部品を読み込めません（{e}）。pip install tsumitate で入れ直してください / "
                   f"cannot import the web stack ({e}); reinstall: pip install tsumitate", err=True)
        sys.exit(2)
    if scenarios_dir is None and Path("scenarios").is_dir():
        scenarios_dir = "scenarios"
    try:
        app = create_app(rules_dir, scenarios_dir)
    except InputError as e:
        report_problems(e.problems)
        click.echo(f"tsumitate: ルールのフォルダ {rules_dir or '（同梱）'} を使えないため、サーバーを起動しませんでした / "
                   f"the rules directory {rules_dir or '(shipped)'} cannot be used; the server did not start", err=True)
        sys.exit(2)
    from . import collector

    collector.resume()  # start-up is over: the app and its rule book are built (collector.py)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"警告: {host} で待ち受けます。このページにはログインがありません。同じネットワークの誰でも開けます。\n"
                   f"warning: listening on {host}: the page has no login; anyone on the network can open it.", err=True)
    options = dict(host=host, port=port, log_level="warning", access_log=False, server_header=False, **stack_options())
    shown_host = f"[{host}]" if ":" in host else host
    try:
        if workers == 1:
            import socket

            family = socket.AF_INET6 if ":" in host else socket.AF_INET
            sock = socket.socket(family, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, port))  # bound here, so --port 0 can say which port it got
            sock.listen(2048)  # connections wait in the backlog from the moment the address is printed
            click.echo(f"tsumitate serve: http://{shown_host}:{sock.getsockname()[1]}/ （Ctrl+C で停止 / Ctrl+C to stop）", err=True)
            uvicorn.Server(uvicorn.Config(app, **options)).run(sockets=[sock])
        elif spreads_connections():  # a socket per worker: the kernel spreads connections evenly (web/workers.py)
            socks = bind_sockets(host, port, workers)
            click.echo(f"tsumitate serve: http://{shown_host}:{socks[0].getsockname()[1]}/ （{workers} workers; "
                       f"Ctrl+C で停止 / Ctrl+C to stop）", err=True)
            sys.exit(run_workers(socks, options, str(Path(rules_dir).resolve()) if rules_dir else None,
                                 str(Path(scenarios_dir).resolve()) if scenarios_dir else None, say=lambda m: click.echo(m, err=True)))
        else:  # uvicorn binds and shares the socket; each worker builds the app (folders through the environment)
            import os

            if port == 0:
                click.echo("tsumitate serve: --workers では --port 0 は使えません（ポート番号を指定してください） / "
                           "--port 0 cannot be used with --workers (give a port number)", err=True)
                sys.exit(2)
            os.environ["TSUMITATE_SERVE_RULES"] = str(Path(rules_dir).resolve()) if rules_dir else ""
            os.environ["TSUMITATE_SERVE_SCENARIOS"] = str(Path(scenarios_dir).resolve()) if scenarios_dir else ""
            click.echo(f"tsumitate serve: http://{shown_host}:{port}/ （{workers} workers; Ctrl+C で停止 / Ctrl+C to stop）", err=True)
            uvicorn.run("tsumitate.web.app:app_from_environment", factory=True, workers=workers, **options)
    except OSError as e:
        click.echo(f"tsumitate serve: {host}:{port} で待ち受けできません: {e.strerror or e} / "
                   f"cannot listen on {host}:{port}: {e.strerror or e}", err=True)
        sys.exit(2)


def stack_options() -> dict:
    """uvloop and httptools by name (both are dependencies), not uvicorn's "auto", which falls back
    to the pure-Python h11 in silence: h11 costs about 0.15 ms more CPU per request (measured
    2026-11-26, 32 clients: 0.97-1.01 against 0.79-0.83 ms). No proxy-headers layer: the server
    reads no client address (nothing is logged or stored per client)."""
    try:
        import uvloop  # noqa: F401  (not on Windows: asyncio there)

        loop = "uvloop"
    except ImportError:  # pragma: no cover - Windows
        loop = "asyncio"
    return dict(loop=loop, http="httptools", proxy_headers=False)
