"""Serving the WSGI app from several processes with gunicorn (POSIX only; imported by
``python -m waspada serve`` when more than one worker is asked for)."""

from gunicorn.app.base import BaseApplication

# gunicorn makes its heartbeat files there with mkstemp and unlinks them at once.
_SHM = "/dev/shm"  # noqa: S108


class _Server(BaseApplication):
    def __init__(self, application, options: dict):
        self.application = application
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.application


def serve(
    application, *, host: str, port: int, threads: int, workers: int, reuse_port: bool = False
) -> None:
    import os

    from django.db import connections

    connections.close_all()  # the app is loaded once, here: no connection may cross the fork
    _Server(
        application,
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "preload_app": True,
            "timeout": 120,  # exports of many events and PDF bulletins take a while
            "graceful_timeout": 20,
            "proc_name": "waspada-web",
            "control_socket_disable": True,  # no socket in the home folder; nothing uses it
            "reuse_port": reuse_port,  # two servers on one port (`waspada up`)
            # Each worker touches its heartbeat file on every request: in memory, not on disk
            # (3.6 % of a report's server time in a profile of bench/intake.py).
            **({"worker_tmp_dir": _SHM} if os.path.isdir(_SHM) else {}),
        },
    ).run()
