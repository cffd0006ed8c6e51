import pytest

from waspada.nlp.casualties import casualties


def counts(text, ignore=()):
    return casualties(text, ignore)[:2]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Dua orang tewas dan 3 warga luka-luka dalam bentrokan.", (2, 3)),
        ("Bentrokan itu menewaskan seorang pemuda.", (1, None)),
        ("Sebanyak 12 orang mengalami luka ringan", (None, 12)),
        ("Empat warga Kampung Sekolaq Joleq, Kecamatan Sekolaq Darat, terluka serius", (None, 4)),
        ("Pria berusia 25 tahun itu diperiksa.", (None, None)),
        # words and numerals of the report register
        ("satu orang meninggal dunia di lokasi", (1, None)),
        ("LAPOR Sebulu Ilir ada bentrok 2 kelompok pemuda 1 org luka", (None, 1)),
        ("Tawuran sore td, 1 org MD kena tikam, 2 luka", (1, 2)),
        ("bakalahi di pasar, 2 urang luka kena sabet", (None, 2)),
        ("tiga warga luka-luka kena lemparan batu", (None, 3)),
        ("Bentrok antar kelompok kmrn mlm, 2 org tewas 5 luka2", (2, 5)),
        ("korban bentrok kmrn bertambah jd 4 org MD, 7 luka2", (4, 7)),
        ("Loleng kmrn ad bntrok pmd, 2 org lk2", (None, 2)),
        # "luka2" without a number is no count
        ("bubuhan pemuda bakalahi, ada yg badarah kena parang", (None, None)),
        ("pemuda 2 kampung tawuran, ada yg luka tp blm tau brp", (None, None)),
        # one person
        ("seorang petani dianiaya org suruhan, skrg dirawat di RS", (None, 1)),
        ("urang Loh Sumber ditikam bubuhan preman sampai mati", (1, None)),
        ("Hari Minggu (5/10) satpam bacok 2 warga di lahan sengketa, 1 MD 1 luka", (1, 1)),
        ("2 warga dipukuli sekuriti tambang, satu kepalanya bocor", (None, 2)),
        ("Korban tewas 2 org, 4 lainnya luka bacok", (2, 4)),
        ("Kejadian: bentrok warga. Korban: MD 1 org, LB 2 org. Situasi aman", (1, 2)),
        ("Korban 2 MD, 4 LB. Pelaku melarikan diri", (2, 4)),
        ("perang antar nelayan di danau, 3 nyawa melayang 2 luka", (3, 2)),
        ("2 penambang tertimbun longsor, keduanya meninggal", (2, None)),
        ("Tiga orang dilaporkan tewas seketika akibat luka senjata tajam", (3, None)),
        ("dua orang warga Desa Tani Bhakti Kec. Samboja Barat mengalami luka-luka", (None, 2)),
        ("pemuda dibunuh rombongan dr kampung seberang", (1, None)),
        ("nelayan dipukul awak kapal, bibirnya robek & dijahit", (None, 1)),
        ("1 warga nyawanya tdk tertolong, 3 lainnya dirawat", (1, 3)),
        ("pemuda 2 dusun saling bacok, ada korban luka blm tau jumlahnya", (None, None)),
        # English
        ("One villager was killed and four people were injured", (1, 4)),
        ("two groups clashed, 2 dead", (2, None)),
        ("a community organiser was found dead on Saturday", (1, None)),
        # negated
        ("sempat saling dorong tp no one got hurt", (None, None)),
        ("Tidak ada korban luka, situasi dapat diredam.", (None, None)),
        # ages are no counts
        ("AA (17) dan MR (17) kemudian dipukuli", (None, None)),
    ],
)
def test_it_reads_the_counts_stated(text, expected):
    assert counts(text) == expected


def test_deaths_of_an_earlier_event_are_not_counted():
    text = "mediasi dua kelompok pasca bentrok bulan lalu yg menewaskan satu orang"
    start = text.index("menewaskan")
    assert counts(text) == (1, None)
    assert counts(text, [(start, start + len("menewaskan"))]) == (None, None)
