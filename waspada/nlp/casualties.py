"""How many were killed and injured, as the text states it: from numerals and words ("2 org
MD", "satu orang", "tiga warga luka-luka", "2 urang", "lima warga ... terluka"), from
counts after the verb ("menewaskan seorang pemuda"), and one for a single person ("seorang
petani dianiaya", "urang dibunuh", "Alex meninggal dunia").

Each death or injury word takes the nearest count before it in its sentence ("2 kelompok
pemuda 1 org luka" is one injured); the largest count stated is the answer (reports update
their counts). A person beaten, stabbed or shot ("2 warga dipukuli") counts as injured unless
the same count died. Deaths and injuries inside ``ignore`` spans (an earlier event the text
only recalls) are not counted. Rules only.
"""

from __future__ import annotations

import bisect
import re

from .normalize import parse_number, word_set

_TOKEN = re.compile(r"[a-z0-9]+")
DEATH = re.compile(
    r"\b(?:tewas|meninggal(?:\s+dunia)?|meningal|mninggal|md|wafat|gugur|mati|terbunuh|dibunuh"
    r"|korban\s+jiwa|(?:tidak|tdk|tak)\s+bernyawa|membunuh|bunuh|nyawa(?:nya)?\s+melayang"
    r"|meregang\s+nyawa|(?:ditembak|tertembak)\s+mati|shot\s+dead|died|nyawa(?:nya)?\s+(?:tidak|tdk|tak)\s+tertolong"
    r"|killed|dead|died|lost\s+(?:his|her|their)\s+li(?:fe|ves))\b"
)
INJURY = re.compile(
    r"\b(?:luka(?:[-\s]luka|2|nya)?|lk2|lka2?|terluka|cedera|babak\s+belur|memar|lebam|berdarah"
    r"|badarah|dijahit|patah\s+(?:tangan|kaki|tulang)|(?:kepala|kapala|kepla)(?:nya)?\s+bocor"
    r"|kritis|dirawat|dilarikan\s+ke|injured|wounded|hurt|lb|lr|lk(?=\s+(?:bcok|bacok|tusuk|tsk|tembak|parah|berat)))\b"
)
VIOLENCE = re.compile(
    r"\b(?:dibacok|bacok|ditusuk|ditikam|ditembak|dianiaya|dipukuli|dipukul|dikeroyok|dikroyok"
    r"|dimassa|diserang|dihakimi\s+massa|ditatak|dihajar|dihantam|digebuki|ditendang|disiksa"
    r"|aniaya|dianiaya|menganiaya|tebas|ditebas"
    r"|tertembak|bcok|attacked|assaulted|beaten|stabbed|shot"
    r"|kena\s+(?:bacok|tikam|tusuk|tembak|tmbak|panah|sabet|parang|celurit|sajam|batu|botol"
    r"|lemparan|pukul))\b"
)
# a count stated after the verb: "menewaskan seorang pemuda", "korban tewas sebanyak 3"
_DEATH_AFTER = re.compile(
    r"\b(?:menewaskan|merenggut\s+nyawa|menelan\s+korban(?:\s+jiwa)?|korban\s+(?:tewas|jiwa"
    r"|meninggal)(?:\s+\w+)?\s+(?:sebanyak|mencapai|bertambah\s+(?:jd|jadi|menjadi)|menjadi)?)"
    r"\s*(?P<n>[a-z0-9]+)"
)
_HARM_THEN_COUNT = re.compile(
    r"\b(?P<w>tewas|meninggal(?:\s+dunia)?|md|luka(?:[-\s]luka|2)?(?:\s+(?:berat|ringan|bacok))?"
    r"|lb|lr|terluka)\s*:?\s*(?:ada\s+|sebanyak\s+)?(?P<n>\d+|satu|dua|tiga|empat|lima|enam|tujuh"
    r"|delapan|sembilan|sepuluh|seorang)(?=\s*(?:org\b|orang\b|jiwa\b|,|\.(?!\d)|;|&|$|dan\b))"
)
_TOOK_LIVES = re.compile(r"\bmerenggut\s+(?P<n>\w+)\s+nyawa")
_INJURY_AFTER = re.compile(
    r"\b(?:melukai|korban\s+luka(?:[-\s]luka)?(?:\s+\w+)?\s+(?:sebanyak|mencapai)?)\s*(?P<n>[a-z0-9]+)"
)
WHO = word_set(
    """org orang urang warga wrga korban jiwa pemuda pmd pmuda remaja pelajar siswa anak bocah
    nelayan petani buruh pekerja karyawan sopir polisi anggota personel aparat petugas satpam
    security sekuriti penjaga pendatang jemaah jemaat santri mahasiswa demonstran penumpang
    pengendara laki2 pria wanita perempuan ibu bapak kakek nenek ustaz marbot pedagang pencuri
    maling tni wartawan jurnalis guru pendeta imam kades kadus linmas petambak penambang pemanen
    people persons villagers residents farmers fishermen workers guards women men
    youths officers villager resident farmer fisherman worker guard man woman youth person"""
)
SINGULAR = word_set(
    """seorang satu sebuah se a an one laki2 pria wanita perempuan ibu bapak kakek nenek bocah
    marbot ustaz pendeta imam kades ketua urang korban pencuri maling istri suami ayah kepala
    wartawan jurnalis
    organiser organizer villager farmer fisherman worker guard man woman youth person"""
)
NEGATORS = word_set("tidak tdk tak gak ga nggak kada belum blm tanpa tnp bukan no nobody not never")
_FOUND = re.compile(
    r"\b(?:(?:jasad|jenazah|mayat)(?:nya)?\s+(?:\w+\s+){0,3}?ditemukan|ditemukan\s+(?:\w+\s+){0,4}?(?:meninggal|tewas|mati|tdk\s+bernyawa|tidak\s+bernyawa"
    r"|dead)|(?:was|were|been)\s+found\s+dead)"
)
_SICK = re.compile(r"\b(?:keracunan|sakit|diare|demam|muntah|dbd|covid|penyakit)\b")
_PLURAL_HURT = re.compile(r"luka[-\s]luka|luka2|lk2|lka2|injured|wounded|hurt")
_BODY_HURT = re.compile(
    r"\b(?:tangan|kaki|kepala|kapala|muka|wajah|badan|punggung|mata|bibir|hidung|lengan|kening"
    r"|pelipis)(?:nya)?\s+(?:korban\s+)?(?:luka|bocor|lebam|memar|patah|robek|sobek|berdarah"
    r"|bengkak)"
)
PLURAL = word_set(
    "para puluhan ratusan belasan ribuan banyak byk beberapa bbrp sejumlah sebagian mereka "
    "kelompok sekelompok bubuhan massa they several many"
)
EXTRA_NUMBERS = {
    "seorang": 1,
    "keduanya": 2,
    "ketiganya": 3,
    "both": 2,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
VAGUE = word_set("puluhan belasan ratusan ribuan")
UNITS = word_set(
    """tahun thn th hari jam pukul pkl km meter m ha hektare hektar persen rp juta ribu miliar
    unit rumah truk mobil motor kali x bulan bln minggu pekan kelompok desa rt rw titik ekor
    kampung gang kg buah batang pos kapal perahu trucks houses cars groups villages years days
    hours dusun kubu pihak geng sekolah"""
)
_NOT_BEFORE = word_set("usia umur berusia pukul pkl jam rt rw km tgl tanggal no nomor")
_ONE_DEAD = re.compile(
    r"\b(?P<n>[A-Z][a-z]+)(?:\s+\(\d+\))?(?:\s+[\w()]+){0,3}?\s+(?:tewas|meninggal\s+dunia)\b"
)
_ONE_HURT = re.compile(
    r"\b(?P<n>[A-Z][a-z]+|[A-Z]{2,3})(?:\s+\(\d+\))?\s+(?:luka\s+(?:parah|berat|serius)|terluka"
    r"|terkapar)\b"
)
_NOT_NAMES = word_set(
    "yang korban warga tidak belum ia dia dan tak sempat polisi pelaku seorang satu dua tiga "
    "empat lima"
)
# words between a count and its death / injury word ("Lima warga Desa X, Kec. Y, terluka")
_PLACE_WORDS = word_set("desa ds kelurahan kel kecamatan kec kabupaten kab kampung dusun rt rw")
MAX_GAP = 8
READ_CHARS = 2500  # the harm of a long text is told in its lead
_ANY_HARM = re.compile(
    r"tewas|meninggal|mening|mninggal|\bmd\b|wafat|gugur|mati\b|bunuh|nyawa|korban|luka|\blk|\blka"
    r"|cedera|belur|memar|lebam|darah|jahit|patah|bocor|kritis|rawat|larikan|\blb\b|\blr\b|bacok|bcok"
    r"|tusuk|tikam|tembak|pukul|keroyok|kroyok|aniaya|serang|hajar|hantam|gebuk|tendang|siksa|massa"
    r"|tatak|tebas|kena\s|dead|died|kill|injur|wound|hurt|attack|assault|beaten|stabbed|shot|lives"
    # the same verbs with the prefix that swallows their first letter (me-newas-kan, me-nusuk)
    r"|newas|nusuk|nikam|mukul|nembak|eroyok|nyerang|nendang|nyiksa|nebas|jasad|jenazah|mayat|ditemukan"
)


def _number(tok: str) -> int | None:
    if tok in EXTRA_NUMBERS:
        return EXTRA_NUMBERS[tok]
    if tok in VAGUE:
        return None
    n = parse_number(tok)
    return n if n is not None and n <= 100000 else None


def _sentences(low: str) -> list[tuple[int, int]]:
    from .severity import _sentences as split

    return split(low)


class _Text:
    def __init__(self, text: str):
        self.text = text
        self.low = text.lower()
        self.toks = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(self.low)]
        self.ends = [e for _, _, e in self.toks]
        sents = _sentences(self.low)
        self.sent_of = []
        j = 0
        for _, s, _e in self.toks:
            while j < len(sents) - 1 and s >= sents[j][1]:
                j += 1
            self.sent_of.append(j)

    def index(self, pos: int) -> int:
        """The token at or after character ``pos``."""
        return bisect.bisect_right(self.ends, pos)

    def count_before(self, i: int) -> tuple[int, int] | None:
        """The nearest count before token i in its sentence: (count, token index)."""
        words = [t for t, _, _ in self.toks]
        # words of a place name between the count and the harm ("dua orang warga Desa Tani
        # Bhakti Kec. Samboja Barat mengalami luka-luka") do not count towards the gap
        skipped = 0
        for j in range(i - 1, -1, -1):
            if i - j - skipped > MAX_GAP + 1:
                return None
            if self._placeish(j):
                skipped += 1
            if self.sent_of[j] != self.sent_of[i]:
                return None
            n = _number(words[j])
            if n is None:
                continue
            nxt = words[j + 1] if j + 1 < len(words) else ""
            prev = words[j - 1] if j > 0 else ""
            raw_after = self.text[self.toks[j][2] : self.toks[j][2] + 1]
            raw_before = self.text[self.toks[j][1] - 1 : self.toks[j][1]] if self.toks[j][1] else ""
            if (
                nxt in UNITS
                or prev in _NOT_BEFORE
                or (raw_after and raw_after in "/:.%")
                or (raw_before and raw_before in "/:.(")
            ):
                return None
            who = nxt in WHO or (j + 2 < len(words) and words[j + 2] in WHO)
            if who or i - j - skipped <= 2:
                return n, j
            return None
        return None

    def _placeish(self, j: int) -> bool:
        word, s, _ = self.toks[j]
        return self.text[s : s + 1].isupper() or word in _PLACE_WORDS

    def negated(self, i: int) -> bool:
        """A negator shortly before token i in its clause ("tidak ada korban jiwa maupun
        luka"; not across a comma: "1 warga nyawanya tdk tertolong, 3 lainnya dirawat")."""
        words = [t for t, _, _ in self.toks]
        for j in range(i - 1, max(-1, i - 7), -1):
            if (
                self.sent_of[j] != self.sent_of[i]
                or "," in self.text[self.toks[j][2] : self.toks[j + 1][1]]
            ):
                return False
            if words[j] in NEGATORS:
                return True
        return False

    def noun_before(self, i: int) -> bool:
        """A person's noun shortly before token i ("nelayan dipukul", "penjaga rumah ibadah
        diserang")."""
        if i > 0 and self.toks[i - 1][0] == "saling":
            return False  # "saling bacok": both sides, no one person
        for j in range(i - 1, max(-1, i - 4), -1):
            if self.sent_of[j] != self.sent_of[i] or self.toks[j][0] in PLURAL:
                return False
            if self.toks[j][0] in WHO - {"org", "orang", "jiwa", "korban"}:
                return True
        return False

    def single_before(self, i: int, bare: bool = False) -> bool:
        """A single person named before token i ("seorang petani ...", "urang ... ditikam").
        ``bare``: a person's noun without a number counts too ("pemuda dibunuh", "buruh ...
        meninggal dunia", "pengendara patah kaki"): deaths of several people come with a
        number."""
        words = [t for t, _, _ in self.toks]
        window = [words[j] for j in range(max(0, i - 6), i) if self.sent_of[j] == self.sent_of[i]]
        if any(w in PLURAL or (_number(w) or 0) > 1 for w in window):
            return False
        if any(w in SINGULAR for w in window):
            return True
        wider = [words[j] for j in range(max(0, i - 9), i) if self.sent_of[j] == self.sent_of[i]]
        if any(w in SINGULAR for w in wider) and not any(
            w in PLURAL or (_number(w) or 0) > 1 for w in wider
        ):
            return True
        if words[max(0, i - 2) : i] and set(words[max(0, i - 2) : i]) & {
            "ada",
            "yg",
            "yang",
            "nang",
        }:
            return False  # "ada yg luka": someone, not a person named
        return bare and any(w in WHO and w not in ("org", "orang", "jiwa") for w in window)


def _spans(rx: re.Pattern, low: str, ignore) -> list[re.Match]:
    return [m for m in rx.finditer(low) if not any(a <= m.start() < b for a, b in ignore)]


def casualties(
    text: str, ignore: list[tuple[int, int]] = ()
) -> tuple[int | None, int | None, list[str]]:
    """(fatalities, injured, evidence phrases): the largest count stated for each, in the first
    ``READ_CHARS`` characters."""
    text = text[:READ_CHARS]
    if not _ANY_HARM.search(text.lower()):
        return None, None, []  # most texts tell of no harm at all
    t = _Text(text)
    low = t.low
    dead: list[tuple[int, str]] = []
    hurt: list[tuple[int, str]] = []
    beaten: list[int] = []
    violent: list[tuple[int, int, int]] = []  # (count, sentence, token)
    for m in _spans(VIOLENCE, low, ignore):
        i = t.index(m.start())
        if t.negated(i):
            continue
        c = t.count_before(i)
        n = c[0] if c else (1 if t.single_before(i) or t.noun_before(i) else None)
        if n:
            beaten.append(n)
            violent.append((n, t.sent_of[i], i))
    for m in _spans(DEATH, low, ignore):
        i = t.index(m.start())
        if t.negated(i):
            continue
        c = t.count_before(i)
        phrase = text[max(0, m.start() - 30) : m.end()].split(",")[-1].strip()
        if c:
            dead.append((c[0], text[t.toks[c[1]][1] : m.end()]))
            continue
        # "urang ... ditikam bubuhan preman sampai mati": the victim of the attack before it
        before = [n for n, sent, k in violent if sent == t.sent_of[i] and k < i]
        if before:
            dead.append((before[-1], phrase))
        elif t.single_before(i, bare=True) or (
            m.group(0) in ("bunuh", "membunuh")
            and any(w in SINGULAR for w, _, _ in t.toks[i + 1 : i + 3])
        ):
            dead.append((1, phrase))
    for m in _FOUND.finditer(low):
        if not dead and not any(a <= m.start() < b for a, b in ignore):
            dead.append((1, text[m.start() : m.end()]))
    for m in _spans(_HARM_THEN_COUNT, low, ignore):
        n = _number(m.group("n"))
        if n is None or t.negated(t.index(m.start())):
            continue
        w = m.group("w")
        (dead if w in ("tewas", "md") or w.startswith("meninggal") else hurt).append(
            (n, text[m.start() : m.end()])
        )
    for rx, out in ((_DEATH_AFTER, dead), (_INJURY_AFTER, hurt), (_TOOK_LIVES, dead)):
        for m in _spans(rx, low, ignore):
            n = _number(m.group("n"))
            if n is not None:
                out.append((n, text[m.start() : m.end()]))
    deaths_at = [
        (t.sent_of[t.index(m.start())], t.index(m.start())) for m in _spans(DEATH, low, ignore)
    ]
    death_counts = {c[1] for _, i in deaths_at if (c := t.count_before(i))}
    sick = bool(_SICK.search(low))
    for m in _spans(INJURY, low, ignore):
        i = t.index(m.start())
        if t.negated(i) or (sick and m.group(0) in ("dirawat", "kritis")):
            continue
        c = t.count_before(i)
        # "ditemukan meninggal dgn luka bacok": the wound of the dead is no injured person
        by_death = any(sent == t.sent_of[i] and abs(k - i) <= 6 for sent, k in deaths_at)
        if c and c[1] in death_counts and by_death:
            continue  # "Tiga orang tewas akibat luka senjata tajam": the wounds of the dead
        if c:
            hurt.append((c[0], text[t.toks[c[1]][1] : m.end()]))
        elif not by_death and t.single_before(i, bare=not _PLURAL_HURT.search(m.group(0))):
            hurt.append((1, text[max(0, m.start() - 30) : m.end()].split(",")[-1].strip()))
    if not hurt:
        hurt = [(1, text[m.start() : m.end()]) for m in _spans(_BODY_HURT, low, ignore)]
    if not dead:
        dead = [
            (1, m.group(0))
            for m in _ONE_DEAD.finditer(text)
            if m.group("n").lower() not in _NOT_NAMES
            and not any(a <= m.start() < b for a, b in ignore)
        ]
    if not hurt:
        hurt = [
            (1, m.group(0))
            for m in _ONE_HURT.finditer(text)
            if m.group("n").lower() not in _NOT_NAMES
            and not any(a <= m.start() < b for a, b in ignore)
        ]
    fat = max((n for n, _ in dead), default=None)
    inj = max((n for n, _ in hurt), default=None)
    # people beaten or stabbed are injured, unless that count is the dead
    more = max(beaten, default=0) - (fat or 0)
    if more > 0 and (inj is None or more > inj):
        inj = more
    if fat == 0:
        fat = None
    if inj == 0:
        inj = None
    ev = [p for _, p in dead[:3]] + [p for _, p in hurt[:3]]
    return fat, inj, ev
