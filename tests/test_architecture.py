"""The shape of the code, checked from its source: no import cycle between modules of different
apps, no guard around an import of one of our own apps, the analysis read only through its
typed form, no task that waits by enqueueing itself again, and every hand-off connected in
the one pipeline module (docs/architecture.md)."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

from waspada.lib.handoff import Handoff

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "waspada"


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(tree: ast.AST):
    """Every import, at module level or deferred inside a function (a deferred import hides
    a cycle, it does not remove it), except those only for the type checker."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def import_graph(known: dict[str, Path]) -> dict[str, set[str]]:
    """Module -> the modules of ``waspada`` it imports. Importing ``a.b.c`` runs ``a`` and
    ``a.b`` too: parent packages count."""
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in _import_nodes(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                wanted = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parts, base] if base else parts)
                wanted = [base, *(f"{base}.{alias.name}" for alias in node.names)]
            for target in wanted:
                while target and target not in known:
                    target = target.rpartition(".")[0]
                while target:  # the module and the packages above it
                    if target != name and not name.startswith(target + "."):
                        targets.add(target)
                    target = target.rpartition(".")[0]
        graph[name] = {t for t in targets if t.startswith("waspada")}
    return graph


def app_of(module: str) -> str:
    """``waspada.intake.tasks`` -> ``intake``; project modules (pipeline, demo) -> ``waspada``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in APPS) else "waspada"


APPS = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iteratively: the groups of modules that import each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return groups


def cycles_between_apps(graph: dict[str, set[str]]) -> list[list[str]]:
    return [g for g in strongly_connected(graph) if len({app_of(m) for m in g}) > 1]


def test_the_cycle_check_finds_a_cycle_between_apps_and_only_that():
    planted = {
        "waspada.intake.tasks": {"waspada.alerts.engine"},
        "waspada.alerts.engine": {"waspada.alerts.services"},
        "waspada.alerts.services": {"waspada.intake.tasks"},
        "waspada.risk.a": {"waspada.risk.b"},
        "waspada.risk.b": {"waspada.risk.a"},  # within one app: allowed
    }
    assert cycles_between_apps(planted) == [
        ["waspada.alerts.engine", "waspada.alerts.services", "waspada.intake.tasks"]
    ]


def test_the_import_graph_sees_deferred_relative_and_parent_imports():
    graph = import_graph(modules())
    assert "waspada.alerts.tasks" in graph["waspada.pipeline"]
    assert "waspada.intake.channels" in graph["waspada.messaging.telegram.inbound"]
    assert "waspada.nlp" in graph["waspada.intake.tasks"]  # imported inside the task
    assert "waspada.risk.services" in graph["waspada.risk.tasks"]  # relative, deferred


def test_no_import_cycle_between_modules_of_different_apps():
    found = cycles_between_apps(import_graph(modules()))
    assert found == [], "modules of different apps import each other:\n" + "\n".join(
        " <-> ".join(group) for group in found
    )


# Guards for an optional third-party package, behind a module of ours that imports it.
THIRD_PARTY_GUARDS = {"waspada.runner": "waspada.prefork imports gunicorn (absent on Windows)"}


def test_no_import_of_our_own_apps_is_guarded():
    """An app imports another of ours plainly: no ``try: import … except ImportError`` and no
    ``apps.is_installed`` probing (optional third-party packages may still be guarded)."""
    guarded = []
    for name, path in modules().items():
        source = path.read_text()
        if re.search(r"is_installed\(\s*[\"']waspada", source):
            guarded.append(f"{name}: apps.is_installed")
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.Try):
                continue
            catches = {
                n.id
                for h in node.handlers
                for n in ast.walk(h.type or ast.Name("BaseException"))
                if isinstance(n, ast.Name)
            }
            if not catches & {"ImportError", "ModuleNotFoundError", "BaseException"}:
                continue
            for inner in node.body:
                for imp in _import_nodes(inner):
                    ours = (
                        bool(imp.level) or (imp.module or "").startswith("waspada")
                        if isinstance(imp, ast.ImportFrom)
                        else any(a.name.startswith("waspada") for a in imp.names)
                    )
                    if ours and name not in THIRD_PARTY_GUARDS:
                        guarded.append(f"{name}:{imp.lineno}")
    assert guarded == []


def test_the_analysis_is_read_through_its_typed_form_only():
    """Outside ``waspada/nlp`` an analysis is ``Report.reading`` / ``Article.reading`` (an
    ``Analysis``): nobody looks keys up in the stored JSON (``analysis.get("sources")``)."""
    raw = re.compile(r"""\b(analysis|reading|result|data)\w*\)?\s*(\.get\(|\[["'])""")
    fields = "|".join(
        f.name
        for f in __import__("dataclasses").fields(
            __import__("waspada.nlp.analysis", fromlist=["Analysis"]).Analysis
        )
    )
    by_key = re.compile(rf"""\.get\(\s*["']({fields})["']""")
    found = []
    for name, path in modules().items():
        if name.startswith("waspada.nlp"):
            continue
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if ("analysis" in line or "reading" in line) and (
                raw.search(line) or by_key.search(line)
            ):
                found.append(f"{name}:{n}: {line.strip()}")
    assert found == []


READ_STORED_ANALYSES = """
import sys
import django
django.setup()
from waspada.intake.models import Report
from waspada.risk import gathering
from waspada.intake.templatetags import reading
reading = Report(analysis={"relevance": "incident", "severity": 5}).reading
assert reading.severity == 5 and gathering.hate_strength(reading) == 0.0
print(" ".join(m for m in ("waspada.nlp.pipeline", "sklearn") if m in sys.modules))
"""


def test_reading_a_stored_analysis_does_not_load_the_models_code(tmp_path):
    """The risk scores and the pages read stored analyses (``waspada.nlp.analysis``); the
    reading stack (scikit-learn and the models: a second or two) is for the worker."""
    out = subprocess.run(
        [sys.executable, "-c", READ_STORED_ANALYSES],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "waspada.settings",
            "WASPADA_VAR_DIR": str(tmp_path),
        },
    )
    assert out.stdout.strip() == ""


def test_no_task_waits_by_enqueueing_itself_again():
    """A step that needs another's result is handed it (waspada/pipeline.py); no task polls by
    re-queueing itself with a try counter."""
    found = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.FunctionDef):
                continue
            decorated = any("task" in ast.unparse(d) for d in node.decorator_list)
            if not decorated:
                continue
            for call in ast.walk(node):
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Attribute)
                    and call.func.attr == "enqueue"
                    and re.match(rf"^{node.name}\b", ast.unparse(call.func.value))
                ):
                    found.append(f"{name}.{node.name}")
    assert found == []


def test_every_handoff_is_declared_in_a_signals_module_and_connected_in_the_pipeline():
    import importlib

    handoffs = {}
    for name in modules():
        if name.endswith(".signals"):
            module = importlib.import_module(name)
            handoffs.update(
                {h.name: (name, h) for h in vars(module).values() if isinstance(h, Handoff)}
            )
    assert set(handoffs) == {
        "report_analysed",
        "article_analysed",
        "event_changed",
        "events_imported",
        "engagement_recorded",
        "risk_level_changed",
    }
    pipeline = (PACKAGE / "pipeline.py").read_text()
    for name, (module, handoff) in handoffs.items():
        assert handoff.consumers, f"{name} ({module}) hands on to nobody"
        assert f"{name}.then(" in pipeline
    # ... and nowhere else: the flow is read in one module.
    elsewhere = [
        n
        for n, p in modules().items()
        if n != "waspada.pipeline" and re.search(r"\b\w+\.then\(", p.read_text())
    ]
    assert elsewhere == []
