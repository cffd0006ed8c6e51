import pytest

from waspada.nlp.severity import form_of, read, relevance_of


@pytest.mark.parametrize(
    "text, level",
    [
        # 5: someone killed in a conflict event
        ("Bentrok susulan pecah lg tadi malam, 2 org meninggal dunia, tiga rumah dibakar", 5),
        ("Senoni bentrok pemuda, 1 org tewas", 5),
        ("Badak Baru bentrok, 1 org MD", 5),
        ("marbot masjid dibunuh sekelompok org td subuh", 5),
        ("urang dibunuh bubuhan pemabuk di warung", 5),
        ("pencuri dimassa warga sampai MD di pasar", 5),
        ("a clash broke out between villagers and guards. One villager was killed", 5),
        ("seorang pria dituduh penculik dihajar massa sampai nyawanya melayang", 5),
        ("penjaga rumah ibadah diserang sekelompok org tak dikenal, meninggal di RS", 5),
        ("Kejadian: bentrok warga dgn penggarap. Korban: MD 1 org, LB 2 org", 5),
        # 4: injured, burned, armed clash
        ("LAPOR Sebulu Ilir ada bentrok 2 kelompok pemuda 1 org luka", 4),
        ("3 urang luka kena sabet", 4),
        ("Kemarin siang pos jaga PT sawit dibakar warga yg marah", 4),
        ("dua kelompok saling serang pakai mandau dan tombak sore tadi", 4),
        ("an armed clash with machetes took place between two farmer groups", 4),
        ("bubuhan pemuda bakalahi, ada yg badarah kena parang", 4),
        # 3: violence without injuries, a crowd with weapons, a blockade with confrontation
        ("sekitar tiga puluh orang membawa parang dan mandau berkumpul di simpang tiga", 3),
        ("pemuda dua RT saling lempar batu, kaca 2 rumah pecah", 3),
        ("warga yg blokir jalan sempat saling dorong sama satpam, no one got hurt", 3),
        ("massa ngamuk di pos security, pagar dijebol & pos dirusak. Blm ada korban", 3),
        ("three activists were assaulted in Benua Puhun. All three were injured", 4),
        # 2: threats, rumours, hate, demonstrations, blockades without confrontation
        ("kepala desa diteror, rumahnya dilempari kotoran", 2),
        ("Bila Talang: warga pasang palang kayu di jalan logging, truk tertahan", 2),
        ("Ada isu bubuhan pemuda dr kampung seberang mau nyerang malam ini", 2),
        ("dikirimi sms ancaman, kata nya rumah mau dibakar kalau trs protes", 2),
        ("jar mun kada menyerahkan lahan, rumah dibakar", 2),
        ("Beredar hoaks gereja mau dibakar, warga jemaat jaga malam", 2),
        ("Hr ini warga aksi di kantor camat tolak tambang, sktr 100 org, aman", 2),
        ("warga memasang portal di jalan hauling, belum ada gesekan", 2),
        ("Demo mahasiswa di kantor camat td siang, bakar ban tp aman", 2),
        ("warga sekitar pada siaga, nyaris bentrok", 2),
        # 1: disputes, complaints, prevention, reconciliation of past deaths
        ("Lahan kami sudah dikuasai PT sejak tahun lalu, tanpa ganti rugi", 1),
        (
            "deklarasi damai pemuda 2 kelompok yg bentrok bulan lalu "
            "yg menyebabkan 1 org meninggal",
            1,
        ),
        ("mediasi antara dua kelompok pasca bentrok bulan lalu yg menewaskan satu orang", 1),
        (
            "the reconciliation meeting brought together both communities of last year's clash in "
            "which two people died",
            1,
        ),
        ("patroli gabungan ke titik2 rawan tawuran. Situasi kondusif", 1),
        ("tokoh pemuda deklarasi tolak tawuran & balap liar, disaksikan Kapolsek", 1),
        (
            "musyawarah perdamaian, pasca keributan bulan lalu yang menyebabkan seorang pemuda "
            "tewas dan dua lainnya luka",
            1,
        ),
        # 0: not social conflict
        ("seorang anak tenggelam di Sungai Mahakam, ditemukan dlm keadaan meninggal dunia", 0),
        ("Laka lantas, truk tabrakan dgn minibus, 2 org meninggal di tempat", 0),
        ("kakek kami meninggal dunia kmrn krn sakit jantung", 0),
        ("suami bunuh istri krn cemburu, pelaku menyerahkan diri", 0),
        ("teman sy dijambret di jln, tangannya luka", 0),
        ("Kebakaran subuh td, 3 rumah hangus krn korsleting listrik", 0),
        ("SELAMAT! Nomor anda mendapatkan hadiah Rp 25jt dr program undian", 0),
        ("Final turnamen sepak bola antar desa seru bgt, ribuan penonton tertib", 0),
    ],
)
def test_it_reads_the_severity_scale(text, level):
    assert read(text).level == level


def test_every_level_shows_the_words_that_set_it():
    r = read("Bentrok susulan tadi malam, 2 org meninggal dunia, tiga rumah dibakar massa")
    assert r.level == 5
    assert "meninggal dunia" in r.evidence and "dibakar" in r.evidence


def test_past_deaths_are_background_of_a_prevention_report():
    text = "Hari ini mediasi pasca bentrok bulan lalu yg menewaskan satu orang."
    r = read(text)
    start = text.index("menewaskan")
    assert any(a <= start < b for a, b in r.background)
    assert relevance_of(r) == "prevention"


def test_a_report_of_old_deaths_alone_is_still_an_incident():
    assert read("Pekan lalu 2 warga tewas dalam bentrok di Separi").level == 5


def test_seized_weapons_are_no_armed_crowd():
    r = read("patroli menemukan remaja kumpul, satu kedapatan bawa samurai, dibawa ke Polres")
    assert r.level < 3


def test_what_the_rules_imply():
    assert relevance_of(read("Senoni bentrok pemuda, 1 org tewas")) == "incident"
    assert relevance_of(read("warga memasang portal di jalan hauling, aman")) == "incident"
    assert relevance_of(read("Ada isu pemuda mau nyerang malam ini")) == "tension"
    assert relevance_of(read("Lahan kami dikuasai PT tanpa ganti rugi")) == "tension"
    assert relevance_of(read("Tim terpadu gelar mediasi di kantor camat")) == "prevention"
    assert form_of(read("tiga puluh orang membawa parang berkumpul di simpang")) == "ancaman"
    assert form_of(read("Kemarin pos jaga PT sawit dibakar warga")) == "perusakan"
    assert form_of(read("Tawuran antar pemuda, 1 org MD kena tikam")) == "bentrok"
