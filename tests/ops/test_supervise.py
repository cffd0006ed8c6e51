"""``waspada up``'s supervisor: a child that dies is started again with back-off while the
others keep running, and what happened is written for the status page."""

import os
import signal
import sys
import time

from waspada.supervise import Child, Supervisor, read_status

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]


def _wait(predicate, seconds=10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_a_killed_child_is_restarted_with_back_off_and_the_other_keeps_running(tmp_path):
    status_file = tmp_path / "supervisor.json"
    web, worker = Child("web", SLEEPER), Child("worker", SLEEPER)
    supervisor = Supervisor([web, worker], status_file=status_file)
    supervisor.start()
    try:
        first_worker, web_pid = worker.pid, web.pid
        os.kill(first_worker, signal.SIGKILL)
        assert _wait(lambda: (supervisor.tick(), worker.restarts == 1)[1])
        assert worker.pid not in (None, first_worker) and worker.running
        assert web.pid == web_pid and web.running and web.restarts == 0
        status = read_status(status_file)
        by_name = {c["name"]: c for c in status["children"]}
        assert by_name["worker"]["restarts"] == 1
        assert by_name["worker"]["exits"][-1]["code"] == -signal.SIGKILL

        # A second quick death waits longer (2 s) before the next start.
        os.kill(worker.pid, signal.SIGKILL)
        assert _wait(lambda: (supervisor.tick(), worker.pid is None)[1])
        assert worker.next_start - time.monotonic() > 1.5
    finally:
        assert supervisor.stop(timeout=5) in (0, -signal.SIGTERM)
    assert not web.running and not worker.running
