import datetime as dt

from waspada.nlp.dates import event_date, reference, utc_offset


def day(text, received):
    return event_date(text, received)[0]


def test_it_reads_absolute_dates():
    assert day("Bentrok terjadi Rabu (5/4/2023) malam.", "2023-04-06") == "2023-04-05"
    assert day("pada 5 April 2023 warga berkumpul", None) == "2023-04-05"
    assert day("Laporan Babinsa tgl 9/3/2017: warga menduduki lokasi", "2017-03-09") == "2017-03-09"
    assert day("on 10 June 2025 a group of residents destroyed the fence", "2025-06-12") == (
        "2025-06-10"
    )
    assert day("on Saturday 29 November an armed clash took place", "2025-12-01") == "2025-11-29"


def test_it_gives_a_day_and_month_without_a_year_the_year_closest_before_the_report():
    # the case: "Sabtu (14/9)" in a report received in January is last September
    assert day("Kejadian Sabtu (14/9) di Muara Badak", "2025-01-05") == "2024-09-14"
    assert day("Kejadian Sabtu (14/9) di Muara Badak", "2025-09-20") == "2025-09-14"
    assert day("Kejadian Sabtu (14/9) di Muara Badak", "2025-09-14") == "2025-09-14"
    assert day("Kamis (28/12) ricuh", "2024-01-03") == "2023-12-28"
    assert day("bentrok 20 Desember, warga mengungsi", "2026-01-02") == "2025-12-20"


def test_it_resolves_relative_words_against_the_received_date():
    received = "2025-07-08"  # a Tuesday
    assert day("Kemarin warga memblokade jalan.", received) == "2025-07-07"
    assert day("kmrn sore ada tawuran", received) == "2025-07-07"
    assert day("Senin lalu terjadi perkelahian.", received) == "2025-07-07"
    assert day("Sabtu lalu warga demo", received) == "2025-07-05"
    assert day("last Saturday a clash broke out", received) == "2025-07-05"
    assert day("Tadi sore ada demo.", received) == "2025-07-08"
    assert day("Sanggulan tawuran skrg", received) == "2025-07-08"
    assert day("wayah ini bubuhan pemuda bakalahi", received) == "2025-07-08"
    assert day("3 hari lalu warga menutup jalan", received) == "2025-07-05"
    assert day("tanpa tanggal", received) is None


def test_it_reads_tadi_malam_by_the_hour_the_report_came_in():
    assert day("Bentrok susulan pecah tadi malam", "2025-09-16T06:40:00+08:00") == "2025-09-15"
    assert day("Ribut pemuda td mlm di lapangan", "2025-07-07T20:15:00+08:00") == "2025-07-07"
    assert day("semalam 2 rumah dibakar", "2025-01-28T21:00:00+08:00") == "2025-01-27"


def test_it_reads_a_received_time_in_the_deployments_local_time():
    # 06:40 WITA on the 16th is 22:40 UTC on the 15th: "kemarin" is the 15th
    utc = dt.datetime(2025, 9, 15, 22, 40, tzinfo=dt.UTC)
    assert reference(utc) == (dt.date(2025, 9, 16), 6)
    assert day("kemarin warga bentrok", utc) == "2025-09-15"
    assert day("kemarin warga bentrok", "2025-09-15T22:40:00Z") == "2025-09-15"
    assert utc_offset("64.02").utcoffset(None) == dt.timedelta(hours=8)
    assert utc_offset("31.71").utcoffset(None) == dt.timedelta(hours=7)
    assert utc_offset("94.01").utcoffset(None) == dt.timedelta(hours=9)


def test_it_gives_no_event_date_to_the_future():
    assert day("Nelayan akan demo ke kantor perusahaan hari Senin", "2025-05-22") is None
    assert day("rencana demo besar Kamis depan", "2025-07-03") is None
    assert day("Besok pagi karyawan mogok", "2025-04-22") is None


def test_a_dateline_repeating_the_received_date_gives_way_to_the_events_date():
    text = "Mohon ijin melaporkan, Senin 2 Juni 2025. Kemarin Minggu (1/6) musyawarah warga."
    assert day(text, "2025-06-02T07:30:00+08:00") == "2025-06-01"


def test_dates_after_the_reference_are_ignored():
    text = "Sidang digelar 20 Juli 2025. Bentrok terjadi Senin (7/7/2025)."
    assert day(text, "2025-07-08") == "2025-07-07"
