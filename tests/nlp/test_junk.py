import pytest

from waspada.nlp.junk import junk_reason


@pytest.mark.parametrize(
    "text, reason",
    [
        ("<script>alert('tes')</script>", "markup"),
        ('<iframe src="javascript:alert(document.cookie)"></iframe>', "markup"),
        ("<b></b><br><br>", "markup"),
        ('<div style="color:red">TEST TEST</div>', "markup"),
        ("???????", "repeated characters"),
        ("1234567890", "no words"),
        ("😡😡😡😡", "repeated characters"),
        ("?!.,- 12", "no words"),
        ("", "no words"),
        ("aaaaaaaaaaaaaaaa", "repeated characters"),
        ("hhhhhhhhhhhh hhhhhh", "repeated characters"),
        ("!!!!!!!!!!!!!", "repeated characters"),
        ("test", "placeholder"),
        ("Test test 123", "placeholder"),
        ("lorem ipsum dolor sit amet", "placeholder"),
        ("asdfghjkl", "placeholder"),
        ("ok", "placeholder"),
        ("' OR 1=1 --", "markup"),
        ("{{7*7}}", "markup"),
        ("asdasdasd", "repeated characters"),
        ("tes tes laporan", "placeholder"),
        ("TEST LAPORAN 1", "placeholder"),
        ("hallo", "placeholder"),
    ],
)
def test_it_flags_strings_that_are_no_report(text, reason):
    assert junk_reason(text) == reason


@pytest.mark.parametrize(
    "text",
    [
        "Sanggulan tawuran skrg",
        "Senoni bentrok, 1 org tewas",
        "<script>x</script> ada bentrok di Desa Separi, 2 org luka",
        "Tolong <b>segera</b>, warga Jongkang blokir jalan",
    ],
)
def test_it_keeps_short_and_marked_up_reports(text):
    assert junk_reason(text) is None
