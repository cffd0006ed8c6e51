"""Demo events in Kukar for trying Waspada out: invented, marked "(demo)" and external_source
"demo", so that they are never mistaken for real records and can be removed in one query."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from waspada.accounts.models import User
from waspada.areas.models import Area

from .models import Event
from .services import create_event, verify

# days ago, area code, form, relevance, sources, injured, fatalities, summary
DEMO_EVENTS = [
    (
        2,
        "64.02.02.2015",
        "blokade",
        "tension",
        ["sumber_daya_alam", "ketimpangan"],
        0,
        0,
        "Warga memblokade jalan hauling tambang batu bara, menuntut ganti rugi lahan.",
    ),
    (
        5,
        "64.02.06.1004",
        "bentrok",
        "incident",
        ["sosial_budaya"],
        3,
        0,
        "Bentrok dua kelompok pemuda usai pertandingan sepak bola antarkampung.",
    ),
    (
        9,
        "64.02.05",
        "unjuk_rasa",
        "tension",
        ["ketimpangan", "ekonomi"],
        0,
        0,
        "Petani plasma berunjuk rasa di kantor perusahaan sawit menuntut bagi hasil.",
    ),
    (
        12,
        "64.02.13",
        "sengketa",
        "tension",
        ["batas_wilayah"],
        0,
        0,
        "Sengketa tapal batas dua desa memanas setelah pemasangan patok baru.",
    ),
    (
        16,
        "64.02.06",
        "ujaran_kebencian",
        "tension",
        ["agama"],
        0,
        0,
        "Unggahan provokatif bernada SARA beredar di grup percakapan warga.",
    ),
    (
        20,
        "64.02.14",
        "perusakan",
        "incident",
        ["sumber_daya_alam"],
        1,
        0,
        "Pos keamanan perusahaan dirusak massa setelah mediasi lahan gagal.",
    ),
    (
        25,
        "64.02.02",
        "pencegahan",
        "prevention",
        ["sumber_daya_alam"],
        0,
        0,
        "Mediasi sengketa lahan warga dan perusahaan tambang difasilitasi Kesbangpol.",
    ),
    (
        33,
        "64.02.07",
        "ancaman",
        "tension",
        ["etnis"],
        0,
        0,
        "Ancaman pengusiran terhadap pendatang setelah perkelahian di pasar desa.",
    ),
    (
        41,
        "64.02.11",
        "kekerasan",
        "incident",
        ["sosial_budaya"],
        2,
        1,
        "Penganiayaan berujung maut memicu ketegangan antarkeluarga.",
    ),
    (
        55,
        "64.02.05",
        "blokade",
        "tension",
        ["ketimpangan"],
        0,
        0,
        "Warga menyegel kantor desa menuntut transparansi dana CSR.",
    ),
    (
        70,
        "64.02.16",
        "unjuk_rasa",
        "tension",
        ["ekonomi"],
        0,
        0,
        "Buruh sawit berunjuk rasa menuntut kenaikan upah.",
    ),
    (
        85,
        "64.02.06",
        "pencegahan",
        "prevention",
        ["agama"],
        0,
        0,
        "FKUB menggelar dialog lintas agama tentang pendirian rumah ibadah.",
    ),
]


@transaction.atomic
def create_demo_events() -> int:
    if Event.objects.filter(external_source="demo").exists():
        return 0
    analyst = User.objects.filter(username="demo-analis").first()
    today = timezone.localdate()
    for n, (days, code, form, relevance, sources, injured, dead, text) in enumerate(DEMO_EVENTS):
        area = Area.objects.filter(code=code).first()
        if area is None:
            continue
        event = create_event(
            user=analyst,
            event_date=today - timedelta(days=days),
            area=area,
            form=form,
            relevance=relevance,
            injured=injured,
            fatalities=dead,
            summary=f"{text} (demo)",
            sources=sources,
            external_source="demo",
            external_id=str(n),
        )
        if n % 3 != 2:
            verify(event, user=analyst)
    return len(DEMO_EVENTS)
