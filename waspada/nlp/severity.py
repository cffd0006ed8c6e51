"""Severity 0-5 from explicit rules: the severe cues (killed, injured, burned, armed) must never
depend on a model that may miss them.

Scale (docs/nlp/reports.md): 5 someone killed; 4 people injured, houses or property burned,
an armed clash; 3 violence or destruction without stated injuries, a blockade with
confrontation, a crowd with weapons; 2 threats, provocation, hate speech, rumours of attack,
demonstrations, blockades without confrontation; 1 a latent dispute, a complaint, prevention
or mediation; 0 not about social conflict.

``read(text)`` finds every cue (Indonesian, SMS shorthand, Banjar words, English) and judges
each in its sentence:

* negated ("tdk ada yg luka", "no one got hurt", "belum ada bentrok") - it does not count;
  a near miss ("nyaris bentrok") is tension (2);
* future, conditional or rumoured ("mau dibakar", "katanya mau nyerang", "kalau ..., rumah
  dibakar", "will be burned") - a threat (2);
* inside prevention wording ("rawan tawuran", "cegah tawuran") - prevention (1);
* in the past ("bentrok bulan lalu yg menewaskan", "pasca", "yg dulu", "last year's clash") -
  background: ignored when the text reports a current prevention activity or threat, so a
  mediation report that recalls old deaths stays prevention.

Deaths and injuries count as conflict only beside a conflict cue or when the harm itself is
violent (dibacok, ditikam, dikeroyok, ...); a drowning, an illness or a traffic accident stays
0. Violence in a crime between individuals (a theft, a jealous husband) stays 0 unless a
group is involved (massa, bubuhan, kelompok, warga as the attackers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .normalize import word_set

# kinds of cue -> level
LEVELS = {
    "killed": 5,
    "injured": 4,
    "violent_harm": 4,
    "burned": 4,
    "armed_clash": 4,
    "violence": 3,
    "destruction": 3,
    "armed_crowd": 3,
    "blockade": 2,
    "demonstration": 2,
    "threat": 2,
    "hate": 2,
    "dispute": 1,
    "prevention": 1,
}
HARM = {"killed", "injured", "violent_harm"}  # deaths and injuries: need a conflict setting
CONFLICT = set(LEVELS) - HARM - {"prevention"}


def _rx(*alts: str) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(alts) + r")\b")


_NUM = r"(?:\d+|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|seorang|se)"
CUES: list[tuple[str, re.Pattern]] = [
    (
        "killed",
        _rx(
            r"tewas(?:kan)?",
            r"menewaskan",
            r"ditewaskan",
            r"meninggal(?:\s+dunia)?",
            r"meningal",
            r"mninggal",
            r"wafat",
            r"gugur",
            r"terbunuh",
            r"dibunuh",
            r"membunuh",
            r"bunuh",
            r"pembunuhan",
            r"korban\s+jiwa",
            r"menelan\s+korban(?:\s+jiwa)?",
            r"kehilangan\s+nyawa",
            r"nyawa(?:nya)?\s+(?:tidak|tdk|tak|gak)\s+tertolong",
            r"(?:tidak|tdk|tak)\s+bernyawa",
            r"menghembuskan\s+nafas\s+terakhir",
            r"(?:sampai|hingga|sampe)\s+(?:md|mati)",
            _NUM + r"\s*(?:\w+\s+)?md",
            r"korban\s+md",
            r"md\s+\d+",
            r"md\s+di\s+tempat",
            r"(?:\d+\s+)?nyawa(?:nya)?\s+melayang",
            r"merenggut\s+(?:\w+\s+)?nyawa",
            r"meregang\s+nyawa",
            r"(?:ditembak|tertembak)\s+mati",
            r"jatuh\s+korban(?:\s+jiwa)?",
            r"shot\s+dead",
            r"mati\s+(?:di\s+tempat|ditikam|dibacok|ditembak|dibunuh|kena)",
            r"mati\s+di\s+(?:jalan|lokasi|rs|rumah\s+sakit|puskesmas|perjalanan)",
            r"(?:org|orang|urang|warga|pemuda|korban|\d+)\s+(?:\w+\s+)?mati",
            r"killed",
            r"dead",
            r"died",
            r"deaths?",
            r"murdered",
            r"lost\s+(?:his|her|their)\s+li(?:fe|ves)",
        ),
    ),
    (
        "violent_harm",
        _rx(
            r"dibacok",
            r"membacok",
            r"bacok",
            r"pembacokan",
            r"ditusuk",
            r"menusuk",
            r"penusukan",
            r"ditusk",
            r"ditikam",
            r"menikam",
            r"tikam",
            r"ditembak",
            r"penembakan",
            r"dianiaya",
            r"menganiaya",
            r"aniaya",
            r"penganiayaan",
            r"dipukuli",
            r"dipukul",
            r"dihajar",
            r"dihantam",
            r"digebuki",
            r"ditendang",
            r"disiksa",
            r"tembak",
            r"menembak",
            r"tertembak",
            r"bcok",
            r"memukuli",
            r"dikeroyok",
            r"mengeroyok",
            r"pengeroyokan",
            r"pengroyokan",
            r"dikroyok",
            r"dimassa",
            r"dihakimi\s+massa",
            r"main\s+hakim\s+sendiri",
            r"ditatak",
            r"dibantai",
            r"disabet",
            r"kena\s+(?:bacok|tikam|tusuk|tembak|tmbak|panah|sabet|parang|celurit|sajam|batu|botol|lemparan)",
            r"stabbed",
            r"beaten",
            r"shot",
            r"assault(?:ed)?",
        ),
    ),
    (
        "injured",
        _rx(
            r"luka(?:[-\s]?luka|2|nya)?",
            r"lk2",
            r"lka2?",
            r"lk\s+(?:bcok|bacok|tusuk|tsk|tembak|parah|berat)",
            r"(?:lb|lr)\s+\d+",
            r"\d+\s+(?:org\s+)?(?:lb|lr)",
            r"(?:bibir|hidung|lengan|kening|pelipis|kepala|muka|wajah)(?:nya)?\s+(?:robek|sobek|berdarah|bengkak)",
            r"terluka",
            r"cedera",
            r"babak\s+belur",
            r"memar",
            r"lebam",
            r"berdarah",
            r"badarah",
            r"bersimbah\s+darah",
            r"dijahit",
            r"patah\s+(?:tangan|kaki|tulang)",
            r"(?:kepala|kapala|kepla)(?:nya)?\s+bocor",
            r"dilarikan\s+ke",
            r"injured",
            r"injuries",
            r"wounded",
            r"hurt",
            r"hospitali[sz]ed",
        ),
    ),
    (
        "burned",
        _rx(
            r"dibakar(?:nya)?",
            r"membakar",
            r"pembakaran",
            r"bakar\s+(?:rumah|mobil|motor|pos|kantor|camp|kamp|basecamp|alat\s+berat|excavator"
            r"|ekskavator|gudang|warung|perahu|kapal|tenda|pondok|truk|gereja|masjid|musala"
            r"|sekolah)",
            r"set\s+(?:fire\s+to|on\s+fire)",
            r"torched",
            r"burn(?:ed|t)",
            r"arson",
        ),
    ),
    (
        "violence",
        _rx(
            r"bentrok(?:an|nya)?",
            r"bentrk",
            r"brntok",
            r"bntrok",
            r"tawuran",
            r"tawur",
            r"perkelahian",
            r"prkelahian",
            r"berkelahi",
            r"bakalahi",
            r"babunuhan",
            r"bunuh(?:2|-bunuh)an",
            r"bacakut",
            r"baku\s+(?:hantam|pukul|tembak)",
            r"adu\s+(?:jotos|dorong)",
            r"pukul2an",
            r"pukul-pukulan",
            r"saling\s+(?:pukul|serang|bacok|lempar|dorong|kejar)",
            r"dorong2an",
            r"dorong-dorongan",
            r"lempar(?:an|2)?\s+(?:batu|bom|molotov|petasan)",
            r"dilempari(?!\s+(?:kotoran|telur|sampah|tomat))",
            r"melempari(?!\s+(?:kotoran|telur|sampah|tomat))",
            r"ricuh",
            r"kericuhan",
            r"rusuh",
            r"kerusuhan",
            r"chaos",
            r"mengamuk",
            r"ngamuk",
            r"amuk\s+massa",
            r"diserang",
            r"menyerang",
            r"penyerangan",
            r"nyerang",
            r"serbu",
            r"diserbu",
            r"menyerbu",
            r"perang(?:\s+sarung)?",
            r"keributan",
            r"ribut(?:2)?(?=\s+(?:\w+\s+)?(?:antar|pemuda|pmuda|pmd|warga|kelompok|vs|lawan|geng))",
            r"ditarik\s+paksa",
            r"clash(?:ed|es)?",
            r"brawls?",
            r"fight(?:ing)?",
            r"riots?",
            r"attack(?:ed)?",
            r"violent",
            r"violence",
            r"confrontation",
        ),
    ),
    (
        "destruction",
        _rx(
            r"dirusak",
            r"perusakan",
            r"pengrusakan",
            r"pengerusakan",
            r"(?:me)?rusak\s+(?:pagar|pos|kantor|rumah|kaca|kotak\s+suara|tenda|fasilitas|kendaraan"
            r"|mobil|motor|pipa|papan)",
            r"dipecahkan",
            r"dipecahin",
            r"pecah(?:kan)?\s+kaca",
            r"kaca\s+(?:\w+\s+){0,3}pecah",
            r"dihancurkan",
            r"dihancurin",
            r"menghancurkan",
            r"dijebol",
            r"menjebol",
            r"jebol",
            r"dirobohkan",
            r"dirobohin",
            r"merobohkan",
            r"robohkan",
            r"robohin",
            r"rubuhkan",
            r"dijarah",
            r"penjarahan",
            r"menjarah",
            r"destroyed",
            r"damaged",
            r"vandali[sz]ed",
            r"looted",
            r"smashed",
        ),
    ),
    (
        "blockade",
        _rx(
            r"blokade",
            r"memblokade",
            r"diblokade",
            r"blokir",
            r"memblokir",
            r"diblokir",
            r"portal",
            r"diportal",
            r"palang",
            r"dipalang",
            r"memalang",
            r"memortal",
            r"pemortalan",
            r"(?:tutup|menutup|ditutup|nutup)\s+(?:\w+\s+)?(?:jalan|jln|jl|akses|alur|pintu|jalur)",
            r"(?:jalan|jln|akses|alur)\s+(?:\w+\s+)?ditutup",
            r"duduki",
            r"menduduki",
            r"diduduki",
            r"pendudukan",
            r"hadang",
            r"menghadang",
            r"dihadang",
            r"ngadang",
            r"segel\s+(?:kantor|dermaga|gedung|pabrik|pintu|jalan|lokasi|pelabuhan)",
            r"(?:tahan|menahan|sandera|menyandera|disandera)\s+(?:\d+\s+)?(?:unit\s+)?(?:kapal|ponton|truk|alat|tongkang|excavator|mobil)",
            r"menyegel",
            r"disegel",
            r"occup(?:y|ied|ation)",
            r"blockade",
            r"blocked?",
        ),
    ),
    (
        "demonstration",
        _rx(
            r"demo",
            r"demonstrasi",
            r"unjuk\s+rasa",
            r"berunjuk\s+rasa",
            r"aksi(?!\s+(?:balasan|anarkis|kriminal|pencurian))",
            r"orasi",
            r"mogok",
            r"longmarch",
            r"long\s+march",
            r"geruduk",
            r"menggeruduk",
            r"ngeluruk",
            r"protests?",
            r"protested",
            r"rally",
            r"strike",
        ),
    ),
    (
        "threat",
        _rx(
            r"ancam",
            r"ancaman",
            r"mengancam",
            r"diancam",
            r"ngancam",
            r"intimidasi",
            r"diintimidasi",
            r"mengintimidasi",
            r"teror",
            r"diteror",
            r"meneror",
            r"menakut[-\s]?nakuti",
            r"dihabisi",
            r"sweeping",
            r"uang\s+keamanan",
            r"balas\s+dendam",
            r"serang\s+balik",
            r"menyerang\s+balik",
            r"saling\s+tantang",
            r"janjian\s+ribut",
            r"menggedor",
            r"threat(?:s|en|ened|ening)?",
            r"threatening",
            r"intimidat\w*",
            r"retaliat\w*",
            r"(?:ajak|aksi|serangan|mau|akan)\s+balas\w*",
            r"surat\s+kaleng",
            r"tanggung\s+akibat\w*",
            r"siap\s+(?:melawan|perang|hadang|mati)",
            r"kosongkan\s+(?:lahan|rumah|tanah|lokasi)",
            r"(?:pengerahan|mobilisasi)\s+massa",
            r"(?:were|was|been)\s+warned",
            r"too\s+scared",
            r"dilempari\s+(?:kotoran|telur|sampah|tomat)",
            r"tegang",
            r"ketegangan",
            r"memanas",
            r"mencekam",
            r"tense",
            r"tension",
        ),
    ),
    (
        "hate",
        _rx(
            r"provokasi",
            r"provokatif",
            r"provokator",
            r"menghasut",
            r"hasutan",
            r"ujaran\s+kebencian",
            r"menghina",
            r"penghinaan",
            r"hina(?:an)?\s+(?:suku|agama|etnis|umat)",
            r"(?:pesan|berita|kabar|video|akun)\s+(?:\w+\s+)?palsu",
            r"(?:men)?catut\s+nama",
            r"rasis(?:me)?",
            r"usir",
            r"mengusir",
            r"diusir",
            r"pengusiran",
            r"angkat\s+kaki",
            r"kafir",
            r"sara",
            r"musuh",
            r"hoaks",
            r"hoax",
            r"berita\s+bohong",
            r"kabar\s+bohong",
            r"hate\s+speech",
            r"expulsion",
            r"expel",
            r"racist",
            r"enem(?:y|ies)",
            r"keep\s+them\s+out",
            r"(?:clean|cleanse|drive\s+out|kick\s+out)\W+(?:\w+\W+){0,2}of\s+(?:newcomers|migrants|outsiders)",
        ),
    ),
    (
        "dispute",
        _rx(
            r"sengketa",
            r"bersengketa",
            r"disengketakan",
            r"konflik",
            r"perselisihan",
            r"berselisih",
            r"silang\s+pendapat",
            r"beda\s+pendapat",
            r"perbedaan\s+pendapat",
            r"saling\s+klaim",
            r"klaim",
            r"diklaim",
            r"mengklaim",
            r"tumpang\s+tindih",
            r"keberatan",
            r"protes",
            r"memprotes",
            r"menolak",
            r"tolak",
            r"menuntut",
            r"tuntut",
            r"tuntutan",
            r"nuntut",
            r"ganti\s+rugi",
            r"kompensasi",
            r"plasma",
            r"pesangon",
            r"csr",
            r"bagi\s+hasil",
            r"dikuasai",
            r"menguasai",
            r"diserobot",
            r"serobot",
            r"penyerobotan",
            r"menyerobot",
            r"dirampas",
            r"perampasan",
            r"dicaplok",
            r"dirambah",
            r"dipatok",
            r"patok\s+sepihak",
            r"dipagari",
            r"dipagar",
            r"ditimbun",
            r"digusur",
            r"penggusuran",
            r"dibabat",
            r"(?:tanpa|tnp)\s+(?:izin|ijin|ganti\s+rugi|persetujuan)",
            r"(?:tdk|tidak|blm|belum)\s+(?:pernah\s+)?dibayar",
            r"kecewa",
            r"mengeluh",
            r"ngeluh",
            r"keluhan",
            r"mengadukan",
            r"pengaduan",
            r"tercemar",
            r"pencemaran",
            r"limbah",
            r"dianaktirikan",
            r"tidak\s+transparan",
            r"rebutan",
            r"ribut\s+soal",
            r"(?:tapal|patok|garis)\s+batas",
            r"disputed?",
            r"grievances?",
            r"objection",
            r"taken\s+over",
            r"without\s+(?:consent|compensation)",
            r"overlap\w*",
            r"customary\s+(?:land|forest)",
            r"land\s+(?:grab|claim)s?",
            r"contested",
            r"claims?\s+the\s+same",
        ),
    ),
    (
        "prevention",
        _rx(
            r"mediasi",
            r"dimediasi",
            r"memediasi",
            r"musyawarah",
            r"dialog(?:is)?",
            r"sosialisasi",
            r"penyuluhan",
            r"patroli",
            r"rakor",
            r"rapat\s+koordinasi",
            r"deklarasi\s+damai",
            r"kesepakatan\s+damai",
            r"sepakat\s+damai",
            r"perdamaian",
            r"berdamai",
            r"didamaikan",
            r"damaikan",
            r"mendamaikan",
            r"rekonsiliasi",
            r"islah",
            r"pembinaan",
            r"dibina",
            r"imbau",
            r"mengimbau",
            r"imbauan",
            r"fkub",
            r"fkdm",
            r"kesbangpol",
            r"tim\s+terpadu",
            r"apel\s+siaga",
            r"ronda",
            r"penggalangan",
            r"menengahi",
            r"(?:mem|di)?pertemukan",
            r"mendampingi",
            r"pendampingan",
            r"kesepakatan",
            r"agreed\s+to",
            r"(?:meeting|dialogue|mediation)\s+(?:\w+\s+){0,6}?(?:was|were)\s+held",
            r"held\s+an?\s+(?:\w+\s+)?(?:meeting|dialogue)",
            r"difasilitasi",
            r"fasilitasi",
            r"memfasilitasi",
            r"jam\s+malam",
            r"pakta\s+integritas",
            r"forum\s+pembauran\s+kebangsaan",
            r"sarasehan",
            r"lintas\s+(?:suku|agama|etnis)",
            r"pendinginan\s+situasi",
            r"cooling\s+system",
            r"sambang\s+desa",
            r"mediators?",
            r"aturan\s+adat",
            r"(?:biar|agar|supaya)\s+(?:tdk|tidak|tak|gak|ga|jangan)\s+(?:ribut|bentrok|konflik|tawuran|berkelahi)",
            r"(?:pilkades|pilkada|pemilu|kampanye)\s+damai",
            r"both\s+sides\s+(?:agreed|accepted)",
            r"kedua\s+(?:belah\s+)?pihak\s+(?:sepakat|setuju|menerima)",
            r"mediation",
            r"dialogue",
            r"reconciliation",
            r"peace(?:building)?",
            r"facilitated",
            r"workshop",
            r"(?:di)?sepakat(?:i)?",
            r"peace\s+agreement",
        ),
    ),
]

WEAPON = _rx(
    r"mandau",
    r"parang",
    r"sajam",
    r"senjata\s+tajam",
    r"bersenjata(?:\s+tajam)?",
    r"panah",
    r"busur",
    r"molotov",
    r"tombak",
    r"samurai",
    r"celurit",
    r"clurit",
    r"golok",
    r"badik",
    r"senapan(?:\s+angin)?",
    r"senpi",
    r"senjata\s+api",
    r"rakitan",
    r"ketapel",
    r"machetes?",
    r"spears?",
    r"weapons?",
    r"armed",
)
_CROWD_BEFORE = re.compile(
    r"\b(?:bawa|membawa|pake|pakai|bersenjata|ngumpul|kumpul|berkumpul|massa|puluhan|ratusan"
    r"|sekitar|orang|org|carrying|with)\b"
)
_ARMED_WITH = re.compile(r"\b(?:pakai|pake|dengan|dgn|menggunakan|bersenjata|with)\b")
_SEIZED = re.compile(r"\b(?:kedapatan|disita|menyita|sita|razia|seized|confiscated)\b")

NEGATORS = word_set(
    "tidak tdk tak gak ga nggak enggak ndak kada belum blm tanpa tnp bukan no not nobody "
    "never without nihil"
)
_NEG_EXCEPT = word_set("lama pelak terima mau boleh bisa lagi dikenal jelas")
NEAR_MISS = word_set("hampir nyaris almost nearly")
FUTURE = word_set(
    "akan mau bakal hendak handak rencana rencananya berencana ancam mengancam diancam "
    "ngancam kalau jika mun bila siap ngajak mengajak ajak janji janjian will would plan "
    "plans planning going threaten threatened threatening"
)
RUMOUR = word_set(
    "isu issue kabar kabarnya katanya beredar hoaks hoax pesan berantai rumour rumours "
    "rumor rumors claiming info"
)
PREVENTIVE = word_set(
    "rawan cegah mencegah pencegahan antisipasi mengantisipasi hindari menghindari potensi "
    "bahaya prevent preventing avoid"
)
REJECT = word_set("tolak menolak anti stop")
AFTER = word_set("pasca stlh setelah usai sehabis")
REQUEST = word_set(
    "minta meminta mohon memohon harap berharap request asked ask"
)  # "deklarasi tolak tawuran"
_PAST = re.compile(
    r"\b(?:(?:bulan|tahun|pekan|minggu)\s+(?:yang\s+|yg\s+)?lalu|beberapa\s+(?:waktu|hari|bulan"
    r"|tahun)\s+(?:yang\s+|yg\s+)?lalu|silam|dulu|pernah|sebelumnya|pasca|"
    r"pada\s+bulan\s+\w+|last\s+(?:year|month|week)(?:'s)?|earlier|previous"
    r"|in\s+(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december))\b"
)
NON_CONFLICT = re.compile(
    r"\b(?:tenggelam|hanyut|terseret\s+arus|kecelakaan|laka\s*lantas|lakalantas|laka|tabrakan"
    r"|ditabrak|tertabrak|menabrak|tabrak|rem\s+blong|jatuh|terjatuh|tersambar|petir|digigit"
    r"|dipatuk|diterkam|buaya|ular|sakit|penyakit|diare|dbd|demam|jantung|stroke|covid|hamil"
    r"|melahirkan|persalinan|keracunan|racun|oplosan|longsor|longsoran|tertimbun|tertimpa"
    r"|banjir|gempa|angin\s+kencang|puting\s+beliung|kebakaran|korsleting|tumbang|ledakan"
    r"|meledak|tabung\s+gas|terbalik|karam|kandas|speedboat|tersetrum|kesetrum|tersengat"
    r"|bunuh\s+diri|gantung\s+diri|lansia|usia\s+lanjut|drown\w*|accident|illness|disease"
    r"|dengue|suicide)\b"
)
CRIME = re.compile(
    r"\b(?:maling|pencuri|pencurian|curi|dicuri|mencuri|nyuri|jambret|dijambret|begal"
    r"|dibegal|rampok|perampokan|dirampok|dibobol|sabu|narkoba|pengedar|cemburu|kdrt|suami"
    r"|istri|utang|hutang|theft|robbery)\b"
)
COLLECTIVE = re.compile(
    r"\b(?:massa|warga|kelompok|sekelompok|bubuhan|pemuda|geng|gerombolan|rombongan|puluhan"
    r"|ratusan|antar\w*|vs|lawan|kampung|mob|group|villagers)\b"
)
_SENTENCE_END = re.compile(r"[.!?;\n]+(?=\s|$)")
_TOKEN = re.compile(r"[a-z0-9]+")
_LAND = re.compile(r"\b(?:kebun|pohon|tanaman|ladang|lahan|sawah|hutan|tanam\s+tumbuh)\b")
_BAN = re.compile(r"\s+ban\b")
_PEOPLE = re.compile(
    r"\b(?:warga|massa|nelayan|sopir|pedagang|buruh|karyawan|pekerja|ormas|kelompok|pemuda"
    r"|mahasiswa|petani|masyarakat|org|orang|penambang|mereka|they|residents|villagers|workers"
    r"|ortu|murid|siswa|guru|honorer|ojek|angkot|pendukung|timses"
    r"|\d+)\b"
)


# prevention words that are also everyday work ("penyuluhan stunting", "workshop materials"):
# by themselves they do not make a text the model calls none relevant
GENERIC_PREVENTION = re.compile(
    r"^(?:penyuluhan|sosialisasi|dialog(?:is)?|workshop|pembinaan|dibina|fasilitasi|difasilitasi"
    r"|memfasilitasi|facilitated|(?:di)?sepakat(?:i)?|imbau|mengimbau|imbauan|mendampingi"
    r"|pendampingan|(?:mem|di)?pertemukan|kesepakatan|agreed\s+to|.*\bheld\b.*)$"
)
FAILED = re.compile(
    r"\b(?:gagal|buntu|deadlock|tanpa\s+hasil|tidak\s+ada\s+(?:hasil|titik\s+temu|penyelesaian)"
    r"|belum\s+ada\s+(?:hasil|titik\s+temu|penyelesaian|jawaban|tindakan)|(?:blm|tdk|tidak|belum)"
    r"\s+(?:ada\s+)?(?:jawaban|digubris|ditanggapi|direspon)|no\s+result|without\s+result)\b"
)
SPAM = re.compile(
    r"\b(?:hadiah|undian|promo|diskon|pinjaman\s+dana|pinjol|cair\s+\d|klik\s+link|bit\.ly|ketik\s+reg"
    r"|paket\s+data|slot|judi\s+online|jackpot|selamat!?\s+nomor|unsubscribe)\b"
)


@dataclass
class Cue:
    kind: str
    text: str
    start: int
    end: int
    mode: str = "current"  # current | negated | near_miss | future | preventive | past | seized
    was: str | None = None  # the kind it had before it was judged a threat or prevention

    @property
    def level(self) -> int:
        return LEVELS[self.kind]


@dataclass
class Reading:
    """What the rules read in a text."""

    level: int = 0
    kind: str | None = None  # the kind of the cue that set the level
    evidence: list[str] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)
    background: list[tuple[int, int]] = field(default_factory=list)  # past events' spans
    non_conflict: bool = False
    crime: bool = False
    spam: bool = False
    failed: bool = False  # "mediasi gagal", "tanpa hasil", "tidak ditanggapi"

    @property
    def generic_only(self) -> bool:
        """The only words of conflict are everyday prevention words ("penyuluhan",
        "workshop", "sepakat")."""
        current = [c for c in self.cues if c.mode == "current"]
        return bool(current) and all(
            c.kind == "prevention" and GENERIC_PREVENTION.match(c.text.lower()) for c in current
        )

    @property
    def demoted(self) -> bool:
        """Did the rules see violence or harm and judge it not current (negated, a threat or a
        rumour, prevention, the past, an accident or illness, a crime, spam)?"""
        strong = set(LEVELS) - {"dispute", "prevention", "threat", "hate", "demonstration"}
        return self.spam or any(
            (c.was or c.kind) in strong and (c.mode != "current" or c.was is not None)
            for c in self.cues
        )

    def kinds(self) -> set[str]:
        return {c.kind for c in self.cues if c.mode == "current"}

    def has(self, *kinds: str) -> bool:
        return any(c.kind in kinds and c.mode == "current" for c in self.cues)


def _sentences(low: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(low):
        # "Kec. Loa Kulu", "pkl 16.30", "Ds. Separi": a period after a short word or a digit
        # does not end the sentence
        before = low[max(start, m.start() - 4) : m.start()]
        if m.group(0) == "." and (re.search(r"(?:^|\W)\w{1,3}$", before) or before[-1:].isdigit()):
            continue
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(low)))
    return spans


def _sentence_of(sents: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    return next((sp for sp in sents if sp[0] <= pos < sp[1]), sents[-1])


_CAP_RUN = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\b")


def _names(text: str) -> set[int]:
    """Start offsets of the words inside runs of capitalised words ("Bila Talang" is a desa,
    not "if")."""
    out = set()
    for m in _CAP_RUN.finditer(text):
        out.update(w.start() + m.start() for w in _TOKEN.finditer(m.group(0).lower()))
    return out


def _mode(
    low: str, sent: tuple[int, int], start: int, end: int, kind: str, names: frozenset = frozenset()
) -> str:
    before = _TOKEN.findall(low[sent[0] : start])
    after = _TOKEN.findall(low[end : sent[1]])
    if kind in ("armed_crowd",) and _SEIZED.search(" ".join(before[-6:] + after[:4])):
        return "seized"
    if kind == "prevention":
        if any(w in REQUEST for w in before[-2:]):
            return "requested"  # "minta difasilitasi": asked for, not done
        clause = _TOKEN.findall(low[sent[0] : start].rsplit(",", 1)[-1])
        if any(w in NEGATORS for w in clause[-2:]):
            return "negated"  # "blm sepakat"
    if kind not in ("prevention", "dispute"):
        spans = [(m.group(0), m.start() + sent[0]) for m in _TOKEN.finditer(low[sent[0] : start])]
        last = spans[-5:]
        for k, (w, at) in enumerate(last):
            if (w in FUTURE or w in RUMOUR) and at not in names:
                # "pasca isu tawuran": after a rumour, the rumour is the past
                if w in RUMOUR and k > 0 and last[k - 1][0] in AFTER:
                    return "past"
                return "future"
        clause = _TOKEN.findall(low[sent[0] : start].rsplit(",", 1)[-1])
        for i, w in enumerate(clause[-5:]):
            nxt = (clause[-5:] + [""])[i + 1]
            if w in NEGATORS and nxt not in _NEG_EXCEPT:
                return "negated"
            if w in NEAR_MISS:
                return "near_miss"
        if after[:1] == ["nihil"] or after[:2] == ["tidak", "ada"]:
            return "negated"
        if any(w in PREVENTIVE for w in before[-3:]) or (
            kind == "violence" and before[-1:] and before[-1] in REJECT
        ):
            return "preventive"
    ctx = " ".join(before[-8:] + ["<>"] + after[:8])
    if kind not in ("prevention", "dispute") and _PAST.search(ctx):
        return "past"
    return "current"


READ_CHARS = 2500  # a long text tells its event in the lead


def read(text: str | None) -> Reading:
    """What the rules read in a text (its first ``READ_CHARS`` characters)."""
    text = (text or "")[:READ_CHARS]
    low = text.lower()
    sents = _sentences(low)
    names = frozenset(_names(text))
    cues: list[Cue] = []
    taken: list[tuple[int, int]] = []
    for kind, rx in CUES:
        for m in rx.finditer(low):
            s, e = m.start(), m.end()
            if any(a < e and s < b for a, b in taken):
                continue
            if kind == "burned" and _BAN.match(low, e):
                continue  # burning tyres at a protest is not arson
            if kind == "blockade" and not _PEOPLE.search(low[max(0, s - 60) : e + 25]):
                continue  # a road closed by a construction site is no blockade
            kind_here = kind
            if kind == "destruction" and _LAND.search(low[max(0, s - 30) : e + 30]):
                kind_here = "dispute"  # a company clearing crops: a land grab, not a riot
            sent = _sentence_of(sents, s)
            cues.append(Cue(kind_here, text[s:e], s, e, _mode(low, sent, s, e, kind_here, names)))
            taken.append((s, e))
    # weapons: an armed clash (a clash "pakai mandau") or an armed crowd
    for m in WEAPON.finditer(low):
        s, e = m.start(), m.end()
        if any(a < e and s < b for a, b in taken):
            continue
        sent = _sentence_of(sents, s)
        before = " ".join(_TOKEN.findall(low[sent[0] : s])[-6:])
        clash = [
            c for c in cues if c.kind == "violence" and c.mode == "current" and 0 <= s - c.end < 60
        ]
        if clash and _ARMED_WITH.search(low[clash[-1].end : s] + " " + m.group(0)):
            kind = "armed_clash"
        elif _CROWD_BEFORE.search(before) or m.group(0).startswith(("bersenjata", "armed")):
            kind = "armed_crowd"
        else:
            continue
        cues.append(Cue(kind, text[s:e], s, e, _mode(low, sent, s, e, kind, names)))
        taken.append((s, e))
    cues.sort(key=lambda c: c.start)
    return _judge(text, low, cues)


_VIOLENT_KILLING = re.compile(r"bunuh|pembunuhan|murder|ditikam|dibacok|ditembak|mati\s")


def _violent(c: Cue) -> bool:
    """Harm that is violence by its very word: a beating, a stabbing, a murder."""
    return c.kind == "violent_harm" or (
        c.kind == "killed" and bool(_VIOLENT_KILLING.search(c.text.lower() + " "))
    )


def _judge(text: str, low: str, cues: list[Cue]) -> Reading:
    r = Reading(cues=cues)
    r.non_conflict = bool(NON_CONFLICT.search(low))
    r.failed = bool(FAILED.search(low))
    if SPAM.search(low):
        r.spam = True
        for c in cues:
            c.mode = "spam"
        return r
    crime = bool(CRIME.search(low))
    collective = bool(COLLECTIVE.search(low))
    # a threat or rumour of violence, a near miss: level 2 (threat)
    for c in cues:
        if c.mode in ("future", "near_miss") and c.kind not in ("dispute", "prevention"):
            c.was, c.kind, c.mode = c.kind, "threat", "current"
        elif c.mode == "preventive":
            c.was, c.kind, c.mode = c.kind, "prevention", "current"
    current = [c for c in cues if c.mode == "current"]
    past = [c for c in cues if c.mode == "past"]
    # past events are background when the text reports a prevention activity or a threat now
    if past and any(c.kind in ("prevention", "threat", "hate") for c in current):
        # the harm told in the same sentence as a recalled event belongs to that event
        # ("pasca keributan bulan lalu yang menyebabkan seorang pemuda tewas dan dua lainnya
        # luka")
        sents = _sentences(low)
        recalled = {_sentence_of(sents, c.start) for c in past}
        for c in cues:
            if c.kind in HARM and c.mode == "current" and _sentence_of(sents, c.start) in recalled:
                past.append(c)
        r.background = [(c.start, c.end) for c in past]
        for c in past:
            c.mode = "background"
        current = [c for c in cues if c.mode == "current"]
    else:
        for c in past:
            c.mode = "current"
        current = [c for c in cues if c.mode == "current"]
    conflict = [c for c in current if c.kind in CONFLICT]
    violent = any(_violent(c) for c in current)
    # crimes between individuals: violence without a group is not social conflict
    if (
        crime
        and not collective
        and not any(c.kind in CONFLICT - {"violence", "destruction", "burned"} for c in current)
    ):
        r.crime = True
        for c in current:
            if c.kind in HARM | {"violence", "destruction", "burned"}:
                c.mode = "crime"
        current = [c for c in cues if c.mode == "current"]
        conflict = [c for c in current if c.kind in CONFLICT]
        violent = False
    # deaths and injuries are conflict unless an accident, an illness, a disaster (or spam, or a
    # crime between individuals, above) explains them: a word of conflict the rules do not
    # know must not hide a death
    if not conflict and not violent and r.non_conflict:
        for c in current:
            if c.kind in HARM:
                c.mode = "non_conflict"
        current = [c for c in cues if c.mode == "current"]
    if not current:
        return r
    top = max(c.level for c in current)
    # an injury word beside a killing is part of the same harm; a blockade with violence is 3
    r.level = top
    setting = [c for c in current if c.level == top]
    r.kind = setting[0].kind
    seen: dict[str, None] = {}
    for c in sorted(current, key=lambda c: (-c.level, c.start)):
        if c.level >= min(top, 3) or c.level == top:
            seen.setdefault(text[c.start : c.end].strip(), None)
    r.evidence = list(seen)[:8]
    return r


def relevance_of(r: Reading) -> str | None:
    """The relevance the rules alone imply (None where they cannot tell)."""
    if r.level >= 3:
        return "incident"
    if r.level == 2:
        return "incident" if r.kind == "blockade" else "tension"
    if r.level == 1:
        kinds = r.kinds()
        if "prevention" in kinds:
            # an activity about a dispute is prevention, unless it came to nothing
            return "tension" if r.failed else "prevention"
        if "dispute" in kinds:
            return "tension"
    return None


def form_of(r: Reading) -> str | None:
    """The form the rules imply for a violent text (severity 3 and more)."""
    kinds = r.kinds()
    low = " ".join(c.text.lower() for c in r.cues if c.mode == "current")
    if r.level < 2:
        return None
    if r.level == 2:
        return {
            "blockade": "blokade",
            "demonstration": "unjuk_rasa",
            "threat": "ancaman",
            "hate": "ujaran_kebencian",
        }.get(r.kind or "")
    clash = re.search(
        r"bentr|brnt|bntr|tawur|kelahi|bakalahi|bacakut|baku|saling|clash|fight|perang|ribut|jotos",
        low,
    )
    riot = re.search(r"ricuh|rusuh|chaos|amuk|riot|serbu", low)
    if "armed_clash" in kinds or (clash and r.level >= 3):
        return "bentrok"
    if riot:
        return "kerusuhan"
    if kinds & {"burned", "destruction"} and not kinds & {"killed", "injured", "violent_harm"}:
        return "perusakan"
    if kinds & {"killed", "injured", "violent_harm"}:
        return "kekerasan"
    if "armed_crowd" in kinds:
        return "ancaman"
    if "blockade" in kinds:
        return "blokade"
    if kinds & {"burned", "destruction"}:
        return "perusakan"
    return "bentrok" if "violence" in kinds else None
