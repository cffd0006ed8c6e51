"""After an upgrade, stored analyses of an older schema are queued again at bulk priority."""

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from waspada.intake.models import Report
from waspada.nlp.analysis import SCHEMA_VERSION, Analysis


@pytest.mark.django_db
def test_reanalyse_queues_only_older_analyses_behind_live_work(settings, capsys):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    old = Report.objects.create(channel="web", text="a", analysis={"schema_version": 1})
    unversioned = Report.objects.create(channel="web", text="b", analysis={"relevance": "none"})
    Report.objects.create(channel="web", text="c", analysis=Analysis().as_dict())
    Report.objects.create(channel="web", text="d")  # not analysed yet: its task is queued

    call_command("reanalyse", "--dry-run")
    assert "would queue 2 reports" in capsys.readouterr().out
    assert not DBTaskResult.objects.exists()

    call_command("reanalyse")
    tasks = DBTaskResult.objects.filter(task_path="waspada.intake.tasks.analyse_report")
    assert sorted(t.args_kwargs["args"][0] for t in tasks) == sorted([old.pk, unversioned.pk])
    assert {t.priority for t in tasks} == {-20}
    assert Analysis().schema_version == SCHEMA_VERSION
