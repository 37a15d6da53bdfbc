"""Tests of the time stage: date expressions found and resolved against an anchor."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from dyad.data import load_yaml
from dyad.extract.time.timex import TimeExpr, find_time_expressions, infer_year, weekday_hints
from dyad.extract.time.timex_calendar import iso_span
from dyad.extract.time.timex_rules import DATA_FILE

SEEDS = Path(__file__).resolve().parents[2] / "shared"
SEED_ANCHORS = {"000": date(2019, 5, 30), "001": date(2019, 5, 30),
                "002": date(2013, 11, 2), "003": date(2018, 7, 31)}


def covering(text: str, anchor: date | None, expression: str) -> TimeExpr:
    """Return the expression found over the first occurrence of `expression`."""
    at = text.index(expression)
    for expr in find_time_expressions(text, anchor):
        if expr.start <= at and at + len(expression) <= expr.end:
            return expr
    raise AssertionError(f"nothing found over {expression!r} in {text!r}")


# The gold "dates" of the seed corpus, with the sentences they occur in.
SEED_CASES = [
    ("2019-05-30", "Japanese and Russian foreign and defense ministers meeting in Tokyo on "
     "Thursday accused each others' governments of unacceptable military buildups in the "
     "region.", "on Thursday", "2019-05-30"),
    ("2019-05-30", "Last November, Abe and Putin agreed to speed up negotiations — based on a "
     "1956 Soviet proposal — to return the islands to Japan, yet progress has been slow.",
     "Last November", "2018-11"),
    ("2019-05-30", "In December, Prime Minister Shinzo Abe also approved plans to buy F-35 "
     "stealth fighter jets and cruise missiles as part of the nation's growing military "
     "collaboration with the US.", "In December", "2018-12"),
    ("2019-05-30", "Thursday's meeting was convened in a \"two plus two\" format to work out "
     "details regarding the islands before Japanese Prime Minister Shinzo Abe and Russian "
     "President Vladimir Putin meet at the upcoming G20 summit in Osaka, Japan, in late June.",
     "in late June", "2019-06"),
    ("2019-05-30", "Sergei Shoigu called it gratifying that the consultations of the heads of "
     "defence ministries and ministries foreign affairs of Russia and Japan have become "
     "traditional. Previous negotiations took place in Moscow last year.", "last year", "2018"),
    ("2013-11-02", "TOKYO, November 2 (RIA Novosti) – Russian concern over the deployment of "
     "elements of a US missile defense network in Japan was the subject of “special attention” "
     "during talks in Tokyo this week between Russia’s defense and foreign ministers and their "
     "Japanese counterparts, Russian Defense Minister Sergei Shoigu said Saturday.",
     "Saturday", "2013-11-02"),
    ("2013-11-02", "On Friday, the two foreign ministers said they had agreed to hold peace "
     "treaty talks in January or February next year.", "On Friday", "2013-11-01"),
    ("2013-11-02", "Russian Foreign Minister Sergei Lavrov said that the four ministers had "
     "agreed to hold meetings in the 2+2 format on a regular basis, and that the Russians had "
     "invited their Japanese counterparts to come to Moscow for this purpose next year.",
     "next year", "2014"),
    ("2018-07-31", "In particular, they agreed to continue to arrange a visit to Russia by Mr. "
     "Katsutoshi Kawano, Chief of Joint Staff, Japan Self-Defense Force, by the end of this "
     "year, and a port call in Hakodate Port by the Russian Pacific Fleet on this October.",
     "this October", "2018-10"),
    ("2018-07-31", "In particular, they agreed to continue to arrange a visit to Russia by Mr. "
     "Katsutoshi Kawano, Chief of Joint Staff, Japan Self-Defense Force, by the end of this "
     "year, and a port call in Hakodate Port by the Russian Pacific Fleet on this October.",
     "by the end of this year", "2018-12-31"),
    ("2018-07-31", "The ministers welcomed the visits to Japan by Colonel General Salyukov, Oleg "
     "Leonidovich, Commander-in-Chief of the Russian Land Forces, and General Gerasimov, Valery "
     "Vasilyevich, Chief of the General Staff of the Armed Forces of the Russian Federation, "
     "last year, and shared the view that they will continue to pursue defense exchanges.",
     "last year", "2017"),
    # Not in the gold list, but in the same seed pages.
    ("2013-11-02", "On Friday, the two foreign ministers said they had agreed to hold peace "
     "treaty talks in January or February next year.", "January or February next year",
     "2014-01-01/2014-02-28"),
    ("2013-11-02", "talks in Tokyo this week between Russia’s defense and foreign ministers",
     "this week", "2013-W44"),
    ("2018-07-31", "On July 31, Mr. Taro Kono, Minister for Foreign Affairs, and Mr. Itsunori "
     "Onodera, Minister of Defense, held a Japan-Russia Foreign and Defense Ministerial "
     "Consultation.", "On July 31", "2018-07-31"),
    ("2018-07-31", "the first visit by senior defense authorities in 12 years (since the visit to "
     "Russia in 2006 by Mr. Fukushiro Nukaga", "in 2006", "2006"),
    ("2018-07-31", "(It is envisaged that this discussion will be held within the framework of "
     "the 2018-2019 Japan-Russia Inter-Foreign Ministry Consultation Plan that was signed on the "
     "occasion of the Japan-Russia Foreign Ministers’ Meeting in March).", "in March", "2018-03"),
    ("2019-05-30", "the first of the foreign heads of military departments to visit this body, "
     "which was formed in March 2018 on the basis of the headquarters", "March 2018", "2018-03"),
    ("2019-05-30", "said Russian Defence Minister General of the Army Sergei Shoigu, speaking "
     "today at the Russian-Japanese talks", "today", "2019-05-30"),
]


@pytest.mark.parametrize(("anchor", "sentence", "expression", "value"), SEED_CASES)
def test_seed_sentences(anchor: str, sentence: str, expression: str, value: str) -> None:
    assert covering(sentence, date.fromisoformat(anchor), expression).value == value


def test_gold_dates_on_seed_files() -> None:
    gold_path = SEEDS / "gold" / "seeds.json"
    if not gold_path.exists():
        pytest.skip("the shared seed corpus is not next to this checkout")
    for entry in json.loads(gold_path.read_text(encoding="utf-8"))["dates"]:
        text = (SEEDS / "corpus" / "seeds" / entry["file"]).read_text(encoding="utf-8")
        found = find_time_expressions(text, SEED_ANCHORS[entry["file"][:3]])
        values = {e.value for e in found if entry["expression"] in e.text}
        assert entry["resolves_to"] in values, (entry, values)


def test_seed_part_of_month_span() -> None:
    text = "meet at the upcoming G20 summit in Osaka, Japan, in late June."
    expr = covering(text, date(2019, 5, 30), "late June")
    assert (expr.precision, expr.first, expr.last) == ("month", date(2019, 6, 21), date(2019, 6, 30))
    assert expr.text == "in late June" and text[expr.start:expr.end] == expr.text


def test_deadline_is_a_day_with_a_modifier() -> None:
    expr = covering("a visit by the end of this year", date(2018, 7, 31), "end of this year")
    assert (expr.precision, expr.modifier, expr.anchored) == ("day", "by", True)


# Sentences written for these tests: other anchors, phrasings, months and years.
OWN_CASES = [
    # Year boundaries.
    ("2020-01-03", "The talks collapsed last December.", "last December", "2019-12"),
    ("2020-01-03", "Elections were held in December.", "in December", "2019-12"),
    ("2020-01-03", "Turnout fell sharply last year.", "last year", "2019"),
    ("2020-01-03", "The envoy left Seoul last week.", "last week", "2019-W52"),
    ("2019-12-20", "The envoy will return to Pyongyang next month.", "next month", "2020-01"),
    ("2019-12-30", "Negotiations in Vienna resume next week.", "next week", "2020-W02"),
    ("2012-12-31", "The new cabinet is sworn in tomorrow.", "tomorrow", "2013-01-01"),
    ("2012-12-31", "Spending rose this year.", "this year", "2012"),
    # Leap years.
    ("2020-03-01", "The accord was signed on February 29.", "February 29", "2020-02-29"),
    ("2021-03-01", "The accord was signed on February 29.", "February 29", "2020-02-29"),
    ("2012-02-28", "The vote is tomorrow.", "tomorrow", "2012-02-29"),
    ("2016-03-10", "The deal was reached on 29 February 2016.", "29 February 2016", "2016-02-29"),
    # Weekdays.
    ("2016-06-15", "Merkel met Hollande in Berlin on Monday.", "on Monday", "2016-06-13"),
    ("2016-06-15", "The ministers will meet again on Friday.", "on Friday", "2016-06-17"),
    ("2016-06-15", "Putin said on Friday that sanctions will stay.", "on Friday", "2016-06-10"),
    ("2016-06-15", "Sanctions will stay, Putin said on Friday.", "on Friday", "2016-06-10"),
    ("2016-06-15", "The summit opens next Tuesday.", "next Tuesday", "2016-06-21"),
    ("2016-06-15", "Troops crossed the border last Wednesday.", "last Wednesday", "2016-06-08"),
    ("2016-06-15", "Talks began this Monday.", "this Monday", "2016-06-13"),
    ("2016-06-15", "Kerry arrived Wednesday.", "Wednesday", "2016-06-15"),
    ("2016-06-15", "Ankara recalled its ambassador yesterday.", "yesterday", "2016-06-14"),
    ("2016-06-15", "He is expected in Kyiv on Thursday.", "on Thursday", "2016-06-16"),
    # Explicit dates.
    ("2017-09-05", "The agreement was reached on 12 March 2015.", "12 March 2015", "2015-03-12"),
    ("2017-09-05", "The file is dated 2015-03-12.", "2015-03-12", "2015-03-12"),
    ("2017-09-05", "The attacks of Sept. 11, 2001 changed NATO.", "Sept. 11, 2001", "2001-09-11"),
    ("2019-07-10", "Celebrations were held on 4 July.", "4 July", "2019-07-04"),
    ("2019-07-10", "On Thursday, July 4, the embassy closed.", "Thursday, July 4", "2019-07-04"),
    ("2019-07-10", "The envoy arrived on Nov. 2 last year.", "Nov. 2 last year", "2018-11-02"),
    # Months.
    ("2017-09-05", "Moon Jae-in took office in May.", "in May", "2017-05"),
    ("2017-09-05", "The summit will be held in November.", "in November", "2017-11"),
    ("2017-09-05", "Pyongyang tested a missile in early August.", "early August", "2017-08"),
    ("2015-08-20", "The mission will end next October.", "next October", "2015-10"),
    ("2015-08-20", "Fighting flared last August.", "last August", "2014-08"),
    ("2015-08-20", "The talks stalled in December last year.", "December last year", "2014-12"),
    ("2015-08-20", "Elections are planned for January next year.", "January next year", "2016-01"),
    ("2019-07-10", "Talks could resume in March or April 2020.", "March or April 2020",
     "2020-03-01/2020-04-30"),
    # Parts of periods.
    ("2017-09-05", "Payments are due at the end of the month.", "the end of the month", "2017-09-30"),
    ("2017-09-05", "A decision is expected early next year.", "early next year", "2018"),
    ("2015-08-20", "The plan must be approved by the end of 2016.", "by the end of 2016", "2016-12-31"),
    ("2015-08-20", "Troops will withdraw by the end of June.", "the end of June", "2016-06-30"),
    ("2019-11-20", "Growth slowed in the first half of 2020.", "the first half of 2020",
     "2020-01-01/2020-06-30"),
    ("2019-11-20", "Rates rise in the second half of next year.", "second half of next year",
     "2020-07-01/2020-12-31"),
    ("2019-11-20", "Exports grew in mid-2018.", "mid-2018", "2018"),
    # Quarters and seasons.
    ("2019-11-20", "Exports grew in Q3.", "Q3", "2019-Q3"),
    ("2019-11-20", "The fund opens in Q1 2020.", "Q1 2020", "2020-Q1"),
    ("2019-11-20", "GDP fell in the third quarter of 2018.", "third quarter of 2018", "2018-Q3"),
    ("2019-11-20", "Results are due next quarter.", "next quarter", "2020-Q1"),
    ("2019-07-10", "The fleet will sail this summer.", "this summer", "2019-SU"),
    ("2019-07-10", "Gas ran short last winter.", "last winter", "2018-WI"),
    ("2020-01-15", "Gas runs short this winter.", "this winter", "2019-WI"),
    ("2019-07-10", "Talks resume next spring.", "next spring", "2020-SP"),
    ("2019-07-10", "The base opened in the autumn of 2015.", "autumn of 2015", "2015-FA"),
    ("2019-07-10", "Sales will pick up this fall.", "this fall", "2019-FA"),
    # Years and spans.
    ("2019-07-10", "The two states have had no treaty since 1991.", "since 1991", "1991"),
    ("2019-07-10", "The base is leased until 2025.", "until 2025", "2025"),
    ("2019-07-10", "He served between 2006 and 2010.", "between 2006 and 2010",
     "2006-01-01/2010-12-31"),
    ("2019-07-10", "The reactor closed two years ago.", "two years ago", "2017"),
    ("2019-07-10", "Shelling resumed 3 days ago.", "3 days ago", "2019-07-07"),
    # A day of a relative year: "of last year" is part of it.
    ("2016-10-02", "The tour began on May 9th of last year in Lyon.", "on May 9th of last year", "2015-05-09"),
    ("2016-10-02", "The base closes on March 3 of next year.", "on March 3 of next year", "2017-03-03"),
    # A verb in the past right before the date outweighs a future cue earlier in the sentence
    # (2016-09-29 is a Thursday) ...
    ("2016-09-29", "The envoy to the upcoming summit urged Monday that the talks go on.", "Monday", "2016-09-26"),
    ("2016-09-29", "Ahead of the forthcoming vote, the two leaders met on Tuesday in Riga.", "on Tuesday", "2016-09-27"),
    ("2016-09-29", "The upcoming treaty, which both sides initialled in March, is long.", "in March", "2016-03"),
    # ... but not a passive or infinitive to come, nor a verb that is itself a future cue.
    ("2016-09-29", "The upcoming report will be released Friday.", "Friday", "2016-09-30"),
    ("2016-09-29", "The accord is to be signed in March.", "in March", "2017-03"),
    ("2016-09-29", "The forthcoming vote is scheduled Saturday.", "Saturday", "2016-10-01"),
    ("2016-09-29", "The ministers will travel to Oslo on Friday.", "on Friday", "2016-09-30"),
    # "Following" without "the" is "after": the Monday is past; "the following Monday" is the next.
    ("2016-09-29", "Following Monday's debate, both camps bought airtime.", "Following Monday", "2016-09-26"),
    ("2016-09-29", "The hearing resumes the following Monday.", "following Monday", "2016-10-03"),
    # A yearless day with no tense cue, far back, yields to a near one ahead ...
    ("2016-09-20", "Voters go to the polls on Nov. 8 across the country.", "on Nov. 8", "2016-11-08"),
    ("2016-09-20", "The waiver lapses on October 1 unless parliament acts.", "on October 1", "2016-10-01"),
    ("2016-09-20", "The Jan. 12 handover of the presidency looms.", "Jan. 12", "2017-01-12"),
    # ... but not with a past cue, after "since/between", nor when the next one is far off.
    ("2016-09-20", "The accord was signed on Jan. 12 in Vienna.", "on Jan. 12", "2016-01-12"),
    ("2016-09-20", "Exports have doubled since January 1.", "since January 1", "2016-01-01"),
    ("2016-09-20", "Shelling rose between January 3 and March 1.", "January 3", "2016-01-03"),
    ("2016-09-20", "The Feb. 2 blast near the port killed four.", "Feb. 2", "2016-02-02"),
    # Weekends, as TimeML writes them (2021-06-29 is a Tuesday; 2021-06-27 a Sunday).
    ("2021-06-29", "Rebels shelled the town over the weekend.", "the weekend", "2021-W25-WE"),
    ("2021-06-29", "The envoys met last weekend in Doha.", "last weekend", "2021-W25-WE"),
    ("2021-06-29", "The ministers will meet at the weekend.", "at the weekend", "2021-W26-WE"),
    ("2021-06-29", "Talks resume next weekend.", "next weekend", "2021-W27-WE"),
    ("2021-06-27", "Protests spread across the capital this weekend.", "this weekend", "2021-W25-WE"),
    # "This weekend" with no tense cue is the nearer one: just gone on a Monday, coming on a Thursday.
    ("2021-06-28", "The king told the crowd this weekend that he would stay.", "this weekend", "2021-W25-WE"),
    ("2021-07-01", "Leaders gather in Lisbon this weekend for a summit.", "this weekend", "2021-W26-WE"),
    ("2021-06-28", "Leaders will gather in Lisbon this weekend.", "this weekend", "2021-W26-WE"),
    # Spans of days: the first day is kept, not only the last.
    ("2023-07-01", "The alliance meets in Vilnius on July 11-12.", "on July 11-12", "2023-07-11/2023-07-12"),
    ("2023-07-01", "The envoys met on 27-28 June in Bern.", "on 27-28 June", "2023-06-27/2023-06-28"),
    ("2023-07-01", "The fair runs June 30-July 2 in Oslo.", "June 30-July 2", "2023-06-30/2023-07-02"),
    ("2023-07-01", "Talks were held from 3 to 5 May, 2021.", "from 3 to 5 May, 2021", "2021-05-03/2021-05-05"),
    ("2023-07-01", "The visit from July 11 to 13 is his first.", "from July 11 to 13", "2023-07-11/2023-07-13"),
    ("2023-07-01", "The council vote was 12-5 in May.", "in May", "2023-05"),
    # A day of the month alone, as news translated from Korean or Japanese writes it.
    ("2023-03-17", "The prime minister said on the 16th that talks would go on.", "on the 16th", "2023-03-16"),
    ("2023-03-17", "Shells fell on the 20th, the ministry said.", "on the 20th", "2023-02-20"),
    ("2023-03-17", "The envoy will arrive on the 21st.", "on the 21st", "2023-03-21"),
    # Parts of the day, and dates in figures.
    ("2020-10-28", "The spokesman said this morning that the border is shut.", "this morning", "2020-10-28"),
    ("2020-10-28", "Drones struck a depot last night.", "last night", "2020-10-27"),
    ("2020-10-28", "The memorandum was signed on 27.10.2020 in Baku.", "on 27.10.2020", "2020-10-27"),
    ("2020-10-28", "The ministry's note of 2020/10/26 was published.", "2020/10/26", "2020-10-26"),
    ("2020-10-28", "The decree of 23/10/2020 took effect.", "23/10/2020", "2020-10-23"),
    ("2020-10-28", "The letter dated 10/23/2020 was leaked.", "10/23/2020", "2020-10-23"),
    # A tens word and its unit are one number: not "four years ago" inside it.
    ("2019-07-10", "The harbour treaty was signed ninety-one years ago.", "ninety-one years ago", "1928"),
    ("2019-07-10", "Thirty-six years ago, the two navies clashed.", "Thirty-six years ago", "1983"),
    ("2019-07-10", "The pipeline opened fifteen years ago.", "fifteen years ago", "2004"),
    ("2019-07-10", "A forty-eight-hour truce began two days ago.", "two days ago", "2019-07-08"),
    ("2019-07-10", "It was the worst crisis of 1962.", "of 1962", "1962"),
    ("2019-07-10", "Talks will be held from 2014 to 2016.", "from 2014 to 2016",
     "2014-01-01/2016-12-31"),
    ("2019-07-10", "It happened the day before yesterday.", "the day before yesterday",
     "2019-07-08"),
    ("2019-07-10", "The fund closed as of June 30, 2020.", "June 30, 2020", "2020-06-30"),
    ("2019-07-10", "A year ago, Russia recalled its envoy.", "A year ago", "2018"),
    # "ago" in any case: the rules are skipped only for a text without it in every spelling.
    ("2019-07-10", "The ceasefire collapsed three weeks AGO.", "three weeks AGO", "2019-W25"),
    ("2019-07-10", "Troops withdrew 2 Months Ago.", "2 Months Ago", "2019-05"),
    ("2019-07-10", "Prices rose in the third quarter.", "the third quarter", "2019-Q3"),
    ("2019-07-10", "They met in the spring.", "in the spring", "2019-SP"),
]


@pytest.mark.parametrize(("sentence", "text", "modifier"), [
    ("He left on Thursday, July 4.", "on Thursday, July 4", None),
    ("They met in the spring.", "in the spring", None),
    ("The fund closed as of June 30, 2020.", "as of June 30, 2020", "as of"),
    ("No treaty has been signed since 1991.", "since 1991", "since"),
    ("Leave by the end of the month.", "by the end of the month", "by"),
])
def test_expression_text_takes_in_its_preposition(sentence: str, text: str,
                                                  modifier: str | None) -> None:
    (expr,) = find_time_expressions(sentence, date(2019, 7, 10))
    assert (expr.text, expr.modifier) == (text, modifier)


@pytest.mark.parametrize(("anchor", "sentence", "expression", "value"), OWN_CASES)
def test_own_sentences(anchor: str, sentence: str, expression: str, value: str) -> None:
    assert covering(sentence, date.fromisoformat(anchor), expression).value == value


@pytest.mark.parametrize(("anchor", "sentence", "expression", "first", "last", "precision"), [
    ("2021-06-29", "Rebels shelled the town over the weekend.", "the weekend",
     "2021-06-26", "2021-06-27", "weekend"),
    ("2020-02-10", "Talks will resume in late February.", "late February",
     "2020-02-21", "2020-02-29", "month"),
    ("2019-02-10", "Talks will resume in late February.", "late February",
     "2019-02-21", "2019-02-28", "month"),
    ("2017-09-05", "Talks will resume in mid-September.", "mid-September",
     "2017-09-11", "2017-09-20", "month"),
    ("2017-09-05", "A decision is expected early next year.", "early next year",
     "2018-01-01", "2018-04-30", "year"),
    ("2019-12-30", "Negotiations resume next week.", "next week", "2020-01-06", "2020-01-12", "week"),
    ("2020-01-15", "Gas runs short this winter.", "this winter", "2019-12-01", "2020-02-29", "season"),
    ("2019-11-20", "The fund opens in Q1 2020.", "Q1 2020", "2020-01-01", "2020-03-31", "quarter"),
    ("2015-08-20", "Elections are planned for January next year.", "January next year",
     "2016-01-01", "2016-01-31", "month"),
])
def test_spans(anchor: str, sentence: str, expression: str, first: str, last: str,
               precision: str) -> None:
    expr = covering(sentence, date.fromisoformat(anchor), expression)
    assert (expr.first, expr.last, expr.precision) == (
        date.fromisoformat(first), date.fromisoformat(last), precision)


@pytest.mark.parametrize("sentence", [
    "From time to time the status quo may be challenged but this is usually met by diplomacy.",
    "Thousands joined a protest march through the capital.",
    "Activists vowed to march on parliament.",
    "March on, they said, and the crowd went on.",
    "May I ask one more question?",
    "Theresa May met the cabinet.",
    "It was the first meeting in the 2+2 format.",
    "Each evening at 1830 UTC, DW's editors send out a selection of the day's news.",
    "It was the first visit by senior defense authorities in 12 years.",
    "Negotiations were based on a 1956 Soviet proposal.",
    "Support for the party fell to 45 percent.",
    "The index fell by 2020 points.",
    "A force of 2000 troops crossed the river.",
    "The total area is 91 hectares.",
    "Prices fall when demand drops.",
    "The Sunday Times reported the leak.",
    "The Good Friday Agreement still holds.",
    "Room 2019 is on the fourth floor.",
    "He flew to Mar del Plata for the talks.",
    "The deal of 2+2019 was odd.",
    "Then 2010 elections were held.",
    "The envoy, a sixty-one-year-old, left the talks.",
    "The ceasefire ran twenty-four hours, not days.",
    "Weekend talks on the border made no progress.",
    "Casualties rose from 12 to 40 per day.",
    "The embassy is on the 16th floor of the tower.",
    "It was the last night of the festival in the old town.",
    "The decree of 05/06/2020 is unclear about its own date.",
    "The address 10.27.2020.1 was blocked.",
    "He spoke on the 75th anniversary of the treaty.",
    "The markets are closed on weekends.",
    "A weekend of fighting left the town in ruins.",
    "Theresa May's summit with the French president was short.",
    "Prime Minister May's meeting with the chancellor ran late.",
    "The May government survived the vote of confidence.",
    "The August heat kept the delegates indoors.",
    "Mrs May summit talk dominated the papers.",
])
def test_false_positives(sentence: str) -> None:
    assert find_time_expressions(sentence, date(2019, 5, 30)) == []


def test_without_anchor_absolute_dates_still_resolve() -> None:
    text = "The accord of May 30, 2019 replaced the one signed in 2006."
    assert [e.value for e in find_time_expressions(text, None)] == ["2019-05-30", "2006"]


def test_without_anchor_relative_dates_have_no_value() -> None:
    found = find_time_expressions("Talks took place last year and on Friday.", None)
    assert [(e.text, e.value, e.first, e.anchored) for e in found] == [
        ("last year", None, None, True), ("on Friday", None, None, True)]


def test_without_anchor_a_yearless_day_keeps_month_and_day() -> None:
    expr = covering("TOKYO, November 2 (RIA Novosti) – talks ended.", None, "November 2")
    assert (expr.value, expr.precision, expr.anchored) == ("--11-02", "monthday", True)


def test_a_weekend_value_reads_back_as_its_saturday_and_sunday() -> None:
    assert iso_span("2021-W25-WE") == (date(2021, 6, 26), date(2021, 6, 27))
    assert iso_span("2021-W25") == (date(2021, 6, 21), date(2021, 6, 27))


def test_offsets_point_into_the_text() -> None:
    text = "On Friday, they agreed to meet in January or February next year, since 2006."
    for expr in find_time_expressions(text, date(2013, 11, 2)):
        assert text[expr.start:expr.end] == expr.text


def test_longest_match_wins() -> None:
    found = find_time_expressions("Talks in January or February next year.", date(2013, 11, 2))
    assert [e.text for e in found] == ["in January or February next year"]


@pytest.mark.parametrize(("month", "day", "weekday", "years", "expected"), [
    (11, 2, 5, range(2012, 2015), [2013]),
    (7, 31, 1, range(2015, 2021), [2018]),
    (5, 30, 3, range(2017, 2021), [2019]),
    (2, 29, None, range(2015, 2022), [2016, 2020]),
    (2, 29, 5, range(2000, 2030), [2020]),
    (12, 25, 6, [2017, 2018, 2019], []),
    (12, 25, 2, [2017, 2018, 2019], [2019]),
    (9, 11, 1, [2007, 2001, 2007], [2001, 2007]),
    (13, 1, None, [2019], []),
])
def test_infer_year(month: int, day: int, weekday: int | None, years: object,
                    expected: list[int]) -> None:
    assert infer_year(month, day, weekday, years) == expected  # type: ignore[arg-type]


def test_weekday_hints_read_the_opening() -> None:
    text = ("TOKYO, November 2 (RIA Novosti) – Russia's concern was the subject of talks in Tokyo "
            "this week, Russian Defense Minister Sergei Shoigu said Saturday.\n\nShoigu said at a "
            "news conference on Saturday that he was concerned. Talks last Monday were calm.")
    assert weekday_hints(text) == [5]


def test_weekday_hints_ignore_the_rest_of_a_long_text() -> None:
    text = "The minister spoke on Tuesday. " + "Filler sentence. " * 200 + "He said Friday."
    assert weekday_hints(text) == [1]


def test_seed_dateline_year_is_inferred() -> None:
    text = ("TOKYO, November 2 (RIA Novosti) – talks in Tokyo this week, Russian Defense "
            "Minister Sergei Shoigu said Saturday.")
    (hint,) = weekday_hints(text)
    assert infer_year(11, 2, hint, range(2012, 2015)) == [2013]


def test_data_file_has_every_section() -> None:
    data = load_yaml(DATA_FILE)
    assert set(data["months"]) == set(range(1, 13))
    assert set(data["weekdays"]) == set(range(7))
    assert all(isinstance(w, str) for w in data["prepositions"] + data["month_triggers"])
    assert set(data["modifiers"]) <= set(data["prepositions"])


# A month name with no preposition dates an event between an owner and the event's noun.
@pytest.mark.parametrize(("sentence", "expression", "value"), [
    ("The alliance agreed at its July summit in Riga to rotate troops.", "July", "2018-07"),
    ("Kenya's March talks with Somalia ended without a deal.", "March", "2019-03"),
    ("The two sides met before the November presidential election.", "November", "2018-11"),
    ("Ministers will prepare the leaders' December summit.", "December", "2019-12"),
    ("The April NATO meeting was cut short.", "April", "2019-04"),
])
def test_month_naming_an_event(sentence: str, expression: str, value: str) -> None:
    assert covering(sentence, date(2019, 5, 30), expression).value == value
