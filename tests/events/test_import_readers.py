"""Reading a CSV file on from where a chunk stopped gives exactly the rows (and line numbers)
that reading it whole gives: quoted line breaks, CRLF, a byte-order mark, blank rows, the HXL
tag row, a last line without a line break, text beyond ASCII."""

import pytest

from waspada.events.exchange.readers import CsvTable, FileError, from_bytes, iter_table, read_table

FILES = {
    "quoted line breaks, CRLF, blank rows": (
        b'id,note,n\r\n1,"two\nlines",3\r\n\r\n,,\r\n2,"a ""quote"", and\r\nCRLF",4\r\n'
        b"3,x,5,extra\r\n4,last,6"
    ),
    "BOM, HXL tags, formula escape": (
        b"\xef\xbb\xbfid,note\n#id,#note\n1,'=SUM(A1)\n2,'plain\n3,\"=x\"\n"
    ),
    "non-ASCII": 'id,note\n1,Désa Jongkang ✓\n2,"baris\nbaru é"\n3,ok\n'.encode(),
    "no line break at all after the header": b"id,note",
}


@pytest.mark.parametrize("name", FILES)
def test_reading_on_from_any_row_gives_the_rows_of_a_whole_read(name):
    content = FILES[name]
    header, rows = read_table(content, "file.csv")
    for done in range(len(rows) + 1):
        # A small window: lines and records cross the windows' edges.
        first = CsvTable(from_bytes(content), window=5)
        taken = [next(first.rows) for _ in range(done)]
        cursor = first.cursor()
        rest = CsvTable(from_bytes(content), cursor, window=3)
        assert rest.header == header
        assert taken + list(rest.rows) == rows, (done, cursor)
        # Counting rows from the start (a batch from before cursors were kept) agrees.
        assert list(iter_table(content, "file.csv", skip=done)[1]) == rows[done:]


def test_the_rows_and_their_numbers():
    # Rows are numbered as records of the file (the header is 1; blank records count).
    header, rows = read_table(FILES["quoted line breaks, CRLF, blank rows"], "file.csv")
    assert header == ["id", "note", "n"]
    assert set(rows[2][1]) == {"__error__"}
    assert rows == [
        (2, {"id": "1", "note": "two\nlines", "n": "3"}),
        (5, {"id": "2", "note": 'a "quote", and\r\nCRLF', "n": "4"}),
        (6, {"__error__": rows[2][1]["__error__"]}),  # too many values: an error row
        (7, {"id": "4", "note": "last", "n": "6"}),
    ]
    _header, rows = read_table(FILES["BOM, HXL tags, formula escape"], "file.csv")
    assert [r for _line, r in rows] == [
        {"id": "1", "note": "=SUM(A1)"},  # the apostrophe an export put there comes off
        {"id": "2", "note": "'plain"},
        {"id": "3", "note": "=x"},
    ]


def test_a_file_that_is_not_utf8_is_refused_with_the_byte():
    with pytest.raises(FileError, match="byte 10"):
        read_table(b"id,note\n1,\xe9t\xe9\n", "file.csv")
