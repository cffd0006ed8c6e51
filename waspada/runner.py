"""Running the embedded profile: set-up steps and the web + worker processes."""

import argparse
import os
import signal
import sys
import time
from pathlib import Path

import django


def _django():
    django.setup()
    from django.core.management import call_command

    return call_command


def setup(*, demo: bool = True) -> None:
    call_command = _django()
    from django.conf import settings

    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_areas")
    call_command("load_default_rules")
    if demo:
        call_command("load_demo")
    from waspada.ops.jobs import refresh_planner_statistics

    refresh_planner_statistics.call()


def default_workers() -> int:
    """Web processes: one per core (at most 4), where a pre-forking server exists (POSIX)."""
    configured = os.environ.get("WASPADA_WEB_WORKERS")
    if configured:
        return max(1, int(configured))
    return min(os.cpu_count() or 1, 4) if os.name == "posix" else 1


def serve(host: str, port: int, threads: int, workers: int = 1, reuse_port: bool = False) -> None:
    """The web app: gunicorn with ``workers`` processes of ``threads`` threads each (Python
    runs one thread at a time per process, so processes are what use a second core), or
    waitress in one process (``workers`` 1, or where gunicorn is not available: Windows)."""
    django.setup()
    from waspada.wsgi import application

    if workers > 1 or reuse_port:
        try:
            from waspada.prefork import serve as prefork_serve
        except ImportError:  # no gunicorn (Windows): one process
            pass
        else:
            prefork_serve(
                application,
                host=host,
                port=port,
                threads=threads,
                workers=workers,
                reuse_port=reuse_port,
            )
            return
    from django.conf import settings
    from waitress import serve as waitress_serve

    # waitress buffers a whole body before the app sees it: stop it just past the app's own
    # limit, whose 413 page (RequestGuardMiddleware) is the one people should see.
    waitress_serve(
        application,
        host=host,
        port=port,
        threads=threads,
        ident="waspada",
        max_request_body_size=settings.WASPADA_MAX_REQUEST_BYTES + 1024 * 1024,
    )


def up(
    host: str, port: int, demo: bool, web_processes: int | None = None, task_workers: int = 1
) -> int:
    """Set up, then run the web app and ``task_workers`` workers under a supervisor that
    restarts any of them that dies (``waspada/supervise.py``) while the others keep going."""
    setup(demo=demo)
    from django.conf import settings

    from waspada.demo import login_lines
    from waspada.supervise import Child, Supervisor

    env = dict(os.environ, PYTHONUNBUFFERED="1")
    me = [sys.executable, "-m", "waspada"]
    web = [*me, "serve", "--host", host, "--port", str(port)]
    processes = web_processes or default_workers()
    if processes >= 2 and os.name == "posix":
        # Two web servers sharing the port (SO_REUSEPORT): while one is restarted after it
        # died, the other keeps answering.
        half = [processes // 2, processes - processes // 2]
        children = [
            Child(f"web-{i + 1}", [*web, "--workers", str(n), "--reuse-port"], env)
            for i, n in enumerate(half)
        ]
    else:
        children = [Child("web", [*web, "--workers", str(processes)], env)]
    children += [
        Child(f"worker-{i + 1}" if task_workers > 1 else "worker", [*me, "worker"], env)
        for i in range(task_workers)
    ]
    supervisor = Supervisor(children, status_file=Path(settings.VAR_DIR) / "supervisor.json")
    supervisor.start()
    print(f"\nWaspada berjalan di / is running at  http://{host}:{port}/", flush=True)
    if demo:
        print("Akun demo / demo logins:")
        for line in login_lines():
            print("  " + line)
    print("Tekan Ctrl+C untuk berhenti / press Ctrl+C to stop.\n", flush=True)

    stopping = []

    def stop(*_):
        stopping.append(True)

    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping:
            supervisor.tick()
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    return supervisor.stop()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="waspada")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("up", "serve"):
        p = sub.add_parser(name)
        p.add_argument("--host", default=os.environ.get("WASPADA_HOST", "127.0.0.1"))
        p.add_argument("--port", type=int, default=int(os.environ.get("WASPADA_PORT", "8000")))
        p.add_argument(
            "--dev",
            action="store_true",
            help="Django's debug pages (tracebacks, settings): on your own machine only",
        )
        if name == "serve":
            p.add_argument("--threads", type=int, default=8, help="threads per process")
            p.add_argument(
                "--reuse-port",
                action="store_true",
                help="share the port with another server (SO_REUSEPORT; gunicorn)",
            )
            p.add_argument(
                "--workers",
                type=int,
                default=default_workers(),
                help="processes (default: WASPADA_WEB_WORKERS or one per core, at most 4)",
            )
        else:
            p.add_argument("--no-demo", action="store_true")
            p.add_argument(
                "--web-processes",
                type=int,
                default=None,
                help="web processes (default: WASPADA_WEB_WORKERS or one per core, at most 4)",
            )
            p.add_argument("--task-workers", type=int, default=1, help="background workers")
    sub.add_parser("setup").add_argument("--no-demo", action="store_true")
    sub.add_parser("worker")
    args = parser.parse_args(argv)
    if getattr(args, "dev", False):
        # Read by the settings (not loaded yet) and by the processes started from here.
        os.environ["DEBUG"] = "true"
        print("DEBUG on (--dev): never on a network others can reach.", flush=True)
    if args.command == "up":
        return up(
            args.host,
            args.port,
            demo=not args.no_demo,
            web_processes=args.web_processes,
            task_workers=max(1, args.task_workers),
        )
    if args.command == "setup":
        setup(demo=not args.no_demo)
        return 0
    if args.command == "serve":
        serve(args.host, args.port, args.threads, args.workers, args.reuse_port)
        return 0
    call_command = _django()
    call_command("run_worker")
    return 0
