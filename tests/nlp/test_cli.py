import io
import json
import sys

from waspada.nlp.cli import main


def test_analyze_file(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps(
            {
                "id": "r1",
                "text": "Warga Desa Jongkang, Kec. Loa Kulu demo menolak tambang.",
                "published_at": "2025-07-08",
            }
        )
        + "\n\n"
        + json.dumps({"id": 2, "title": "Harga cabai turun", "text": "Harga cabai turun di pasar."})
        + "\n",
        encoding="utf-8",
    )
    assert main(["analyze", str(src)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(x) for x in lines)
    assert first["id"] == "r1" and second["id"] == "2"
    assert "64.02.02" in {p["code"] for p in first["places"]}


def test_analyze_stdin_and_bad_line(monkeypatch, capsys):
    monkeypatch.setattr(
        sys, "stdin", io.StringIO('{"id": "a", "text": "halo"}\nnot json\n{"id": "b"}\n')
    )
    assert main(["analyze"]) == 1
    out = [json.loads(x) for x in capsys.readouterr().out.strip().splitlines()]
    assert [o.get("id") for o in out] == ["a", None, None]
    assert "error" in out[1] and out[1]["line"] == 2


def test_analyze_output_file_and_regency(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "x", "text": "Bentrok di Desa Sumber Sari"}) + "\n", encoding="utf-8"
    )
    dst = tmp_path / "out.jsonl"
    assert main(["analyze", str(src), "-o", str(dst), "--regency", "64.07"]) == 0
    d = json.loads(dst.read_text(encoding="utf-8"))
    assert d["places"][0]["code"] == "64.07.07.2018"


def test_evaluate_prints_the_field_report_figures(capsys):
    assert main(["evaluate", "--only", "reports", "--split", "train"]) == 0
    out = capsys.readouterr().out
    assert "Field reports, train split (n=245" in out
    assert "relevance accuracy" in out and "severity: ordering agreement on pairs" in out
    assert "incident" in out.splitlines()[3]  # the confusion matrix


def test_evaluate_json_has_the_confusion_matrix(capsys):
    assert main(["evaluate", "--only", "reports", "--split", "train", "--json"]) == 0
    res = json.loads(capsys.readouterr().out)["reports"]
    assert res["n"] == 245 and res["split"] == "train"
    assert sum(sum(row.values()) for row in res["confusion"].values()) == 245
