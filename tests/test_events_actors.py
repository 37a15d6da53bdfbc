"""Who does an event: pronouns and owners the coder must not read as the speaker or the owner.

"X said it would withdraw" makes a state or a body X the one who withdraws;
when X is one person, "it" and "they" are something or someone else. "X's
family asked ..." is the family, not X. Each case pairs the sentence with a
near miss that must keep its actor. All sentences are written for these tests.
"""

from __future__ import annotations

import pytest

from dyad.actors import load_dictionary
from dyad.extract.annotate import QUOTE_CODER, annotate
from dyad.model import Document, Event, Published
from dyad.nlp.analyze import analyze


def coded(text: str) -> list[Event]:
    """Run the whole per-document analysis on one text; keep the event coder's events."""
    doc = Document(id="t-0", source="t.txt", part=0, text=text, raw_sha256="0" * 64,
                   published=Published("2019-05-30", "day", "metadata"), language="en")
    events = annotate(doc, next(analyze([text])), load_dictionary()).events
    return [e for e in events if e.coder != QUOTE_CODER]


def sources(text: str) -> set[str | None]:
    """Return the sources of the coder's events in a text."""
    return {e.source for e in coded(text)}


# --- "it" and "they" in a person's words are not that person


@pytest.mark.parametrize("text", [
    "Sergey Lavrov said it had urged the council to meet again.",
    "Sergey Lavrov said they were demanding a new vote in the assembly.",
    "Sergey Lavrov said that their envoys had threatened to leave the talks.",
])
def test_it_or_they_in_one_persons_words_is_not_that_person(text: str) -> None:
    assert "sergey_lavrov" not in sources(text)


@pytest.mark.parametrize(("text", "actor"), [
    ("Russia said it would withdraw its troops from the border.", "RUS"),
    ("The Kremlin said it had urged Ukraine to return to the talks.", "RUS"),
    ("Sergey Lavrov said he had urged Ukraine to return to the talks.", "sergey_lavrov"),
])
def test_a_state_or_the_person_himself_still_does_it(text: str, actor: str) -> None:
    assert actor in sources(text)


# --- "X's family", "X's critics": people named by their tie to X are not X


@pytest.mark.parametrize("text", [
    "Sergey Lavrov's family called on the court to release the files.",
    "Sergey Lavrov's relatives asked the police to return the car.",
    "Sergey Lavrov's critics demanded an inquiry into the deal.",
    "The wife of Sergey Lavrov urged reporters to leave the house.",
])
def test_kin_and_critics_of_a_person_are_not_that_person(text: str) -> None:
    assert "sergey_lavrov" not in sources(text)


@pytest.mark.parametrize("text", [
    "Sergey Lavrov's spokeswoman called on the council to meet again.",
    "Russia's government urged Ukraine to return to the talks.",
])
def test_a_persons_spokeswoman_or_a_states_government_speaks_for_it(text: str) -> None:
    assert sources(text) & {"sergey_lavrov", "RUS"}


@pytest.mark.parametrize(("text", "actor"), [
    ("Syrian opponents of the regime demanded an inquiry into the deal.", "SYR"),
    ("Russian critics of the law called on the court to release the files.", "RUS"),
])
def test_critics_named_by_their_state_are_still_its(text: str, actor: str) -> None:
    assert actor in sources(text)


@pytest.mark.parametrize(("text", "actor"), [
    ("The Obama administration announced that it had accepted 500 refugees from Syria.", "barack_obama"),
    ("Vladimir Putin's government said it would withdraw its troops from the border.", "vladimir_putin"),
])
def test_it_in_the_words_of_a_persons_body_is_that_body(text: str, actor: str) -> None:
    assert actor in sources(text)


# --- a people the entity tagger took for a person ("Bosnian Croats") is no new person


def test_a_people_named_with_a_state_word_is_no_person() -> None:
    found = coded("Bosnian Croats said their soldiers had withdrawn from the town.")
    assert any(e.source in ("BIH", "HRV") and e.cameo.startswith("08") for e in found)
    assert not any((e.source or "").startswith("new:") for e in found)


def test_a_person_with_a_plural_looking_surname_stays_a_person() -> None:
    assert "new:mark_williams" in sources("Mark Williams said he would visit Ukraine.")


# --- a surname with a capital inside ("McAuliffe") is still the person named before


@pytest.mark.parametrize(("full", "surname", "actor"), [
    ("Ian MacKenzie", "MacKenzie", "new:ian_mackenzie"),
    ("Mark LaRosa", "LaRosa", "new:mark_larosa"),
])
def test_a_surname_with_an_inner_capital_takes_its_person_and_his_pronoun(full: str, surname: str, actor: str) -> None:
    text = (f'Governor {full} will choose the envoy. "It could matter," said Tom Hardwick, an analyst.\n\n'
            f"{surname} has said ten people want the post, but he refuses to meet the rebels.")
    found = coded(text)
    assert any(e.source == actor and e.cameo.startswith("12") for e in found)
    assert not any(e.source == "new:tom_hardwick" for e in found)


# --- a Chinese or Korean person's English given name is no surname ("Joseph Wu" is "Wu")


def test_a_western_given_name_of_a_taiwanese_minister_is_not_his_surname() -> None:
    dictionary = load_dictionary()
    assert "joseph_wu" not in {a.id for a in dictionary.surname_index.get(dictionary.key("Joseph"), [])}
    assert "joseph_wu" in {a.id for a in dictionary.surname_index.get(dictionary.key("Wu"), [])}
    assert "lee_jae_myung" in {a.id for a in dictionary.surname_index.get(dictionary.key("Lee"), [])}


@pytest.mark.parametrize(("text", "actor"), [
    ("Taiwan's Foreign Minister Joseph Wu met the envoy. Wu later condemned the drills.", "joseph_wu"),
    ("Xi Jinping met Lee Jae-myung. Lee later condemned the drills.", "lee_jae_myung"),
])
def test_their_surnames_still_name_them(text: str, actor: str) -> None:
    assert actor in sources(text)


# --- bodies and organisations the dictionary lacked act under their own names


@pytest.mark.parametrize(("text", "actor"), [
    ("The FBI said it had opened an inquiry into the attack.", "fbi"),
    ("The Justice Department sued the company over the sanctions breach.", "us_justice_department"),
    ("The State Duma condemned the new sanctions.", "state_duma"),
    ("Physicians for Human Rights accused Israel of torturing prisoners.", "physicians_for_human_rights"),
    ("The Commission on Presidential Debates rejected the request.", "us_presidential_debates_commission"),
])
def test_a_body_the_dictionary_names_is_the_doer(text: str, actor: str) -> None:
    assert actor in sources(text)


def test_the_debates_commission_is_not_the_european_commission() -> None:
    assert "european_commission" not in sources("The Commission on Presidential Debates rejected the request.")


def test_they_in_one_persons_words_of_a_joint_act_includes_that_person() -> None:
    text = "Sergey Lavrov met Antony Blinken in Geneva on Friday. Lavrov said they had agreed to continue the talks."
    assert any(e.source == "sergey_lavrov" and e.cameo.startswith("03") for e in coded(text))


# --- a tweet speaks for its author, as a statement or a letter does


def test_a_tweet_urging_is_its_authors_appeal() -> None:
    found = coded("In a tweet urging Ukraine to return to the talks, Sergey Lavrov repeated the claim.")
    assert any(e.source == "sergey_lavrov" and e.target == "UKR" and e.cameo.startswith("02") for e in found)


# --- a people named with a hyphen ("African-American") is not its state


def test_a_hyphenated_people_is_not_the_state() -> None:
    assert "USA" not in sources("Leaders in the African-American community have opposed the new resolution.")


def test_two_states_joined_by_a_hyphen_stay_states() -> None:
    assert "RUS" in sources("Russian-American talks collapsed after Russia expelled American diplomats.")


# --- former staff speak for themselves, not for the body they left


def test_former_staff_are_not_their_old_body() -> None:
    assert "rt_tv" not in sources("Several former RT journalists have complained they were censored.")


def test_staff_still_speak_for_their_body() -> None:
    assert "rt_tv" in sources("Several RT journalists have complained they were censored.")


# --- the one called on or urged to act does what that act's clause does


@pytest.mark.parametrize("text", [
    "Senator Jane Roe on Wednesday called on Governor John Doe to apologize for accusing Mayor Bill Smith of lying.",
    "Senator Jane Roe called on Governor John Doe to apologize for accusing Mayor Bill Smith of lying.",
])
def test_the_one_called_on_did_what_he_must_apologize_for(text: str) -> None:
    found = {(e.source, e.target, e.cameo[:2]) for e in coded(text)}
    assert ("new:john_doe", "new:bill_smith", "11") in found
    assert ("new:jane_roe", "new:bill_smith", "11") not in found


# --- who is asked: the subject of what a demand asks; who is threatened: where the threat goes


@pytest.mark.parametrize(("text", "pair"), [
    ("Peru demanded that Chile hand back the fishing boats.", ("PER", "CHL")),
    ("Amnesty International demanded that the Kenyan government free the reporters.", ("amnesty", "KEN")),
    ("Peru renewed its demand that Bolivia reopen the border.", ("PER", "BOL")),
    ("Japan urged that Russia pull back its ships.", ("JPN", "RUS")),
    ("Iran threatened to cut off gas supplies to Armenia.", ("IRN", "ARM")),
    ("Chile threatened unspecified action against Peru over the boats.", ("CHL", "PER")),
])
def test_the_one_asked_or_threatened_is_the_target(text: str, pair: tuple[str, str]) -> None:
    assert pair in {(e.source, e.target) for e in coded(text)}


def test_a_demand_about_a_thing_has_no_target() -> None:
    assert {e.target for e in coded("Peru demanded that the fishing season be extended.")} <= {None}


@pytest.mark.parametrize(("text", "pair"), [
    ("Bolivia turned down a new offer from Chile for talks on the port.", ("BOL", "CHL")),
    ("Kenya rejected an appeal from Uganda to reopen the border.", ("KEN", "UGA")),
])
def test_an_offer_or_appeal_from_a_party_is_that_partys(text: str, pair: tuple[str, str]) -> None:
    assert pair in {(e.source, e.target) for e in coded(text)}


@pytest.mark.parametrize(("text", "pair"), [
    ("Iran expelled inspectors of the IAEA from the plant.", ("IRN", "iaea")),
    ("Ethiopia began its invasion of Somalia on Friday.", ("ETH", "SOM")),
    ("Chile demanded a meeting of the UN Security Council.", ("CHL", "un_security_council")),
    ("Kenya refused to respond to a demand from Uganda.", ("KEN", "UGA")),
    ("Japan refused to sell rice to China.", ("JPN", "CHN")),
])
def test_the_owner_of_the_acted_on_or_where_a_refused_act_goes_is_the_target(text: str, pair: tuple[str, str]) -> None:
    assert pair in {(e.source, e.target) for e in coded(text)}


# --- two verbs sharing one object ("condemned and rejected the plan"): the object is each one's target


@pytest.mark.parametrize(("text", "triple"), [
    ("Chile condemned and rejected the Bolivian proposal.", ("CHL", "BOL", "111")),
    ("Norway criticized and then sanctioned Belarus.", ("NOR", "BLR", "111")),
])
def test_two_verbs_sharing_an_object_both_target_it(text: str, triple: tuple[str, str, str]) -> None:
    assert triple in {(e.source, e.target, e.cameo) for e in coded(text)}


@pytest.mark.parametrize(("text", "code"), [
    ("Peru condemned the vote and rejected the Chilean plan.", "111"),  # each verb its own object
    ("Japan protested and Russia sanctioned the Chinese firms.", "140"),  # the later verb has its own subject
    ("Serbia withdrew and then attacked Kosovo.", "087"),  # a withdrawal's target is where it leaves
    ("Peru criticized loudly and rejected the Chilean plan.", "111"),  # something else follows the first verb
])
def test_near_miss_verbs_with_their_own_objects_keep_them(text: str, code: str) -> None:
    assert {e.target for e in coded(text) if e.cameo == code} <= {None}


def test_a_series_of_attacks_is_not_aimed_at_the_series() -> None:
    assert ("RUS", "UKR") in {(e.source, e.target) for e in coded("Russia launched a series of attacks on Ukraine.")}


# --- a person the dictionary lacks takes the state the words beside the name give


def countries(text: str) -> dict[str, str | None]:
    """Return the country of every actor a text's analysis made or found."""
    doc = Document(id="t-0", source="t.txt", part=0, text=text, raw_sha256="0" * 64,
                   published=Published("2019-05-30", "day", "metadata"), language="en")
    return {a.id: a.country for a in annotate(doc, next(analyze([text])), load_dictionary()).actors}


@pytest.mark.parametrize(("text", "person", "country"), [
    ("A member of the Kenyan parliament, Jane Muthoni Roe, started a hunger strike.", "new:jane_muthoni_roe", "KEN"),
    ("Jane Muthoni Roe, Kenya's leading rights activist, began a hunger strike.", "new:jane_muthoni_roe", "KEN"),
    ("Nigerian junior foreign minister Jane Roe summoned the envoy.", "new:jane_roe", "NGA"),
    ("Jane Roe, the United States' top envoy, spoke on Monday.", "new:jane_roe", "USA"),
])
def test_a_new_person_takes_the_state_described_beside_the_name(text: str, person: str, country: str) -> None:
    assert countries(text).get(person) == country


@pytest.mark.parametrize(("text", "person"), [
    ("Jane Roe, a critic of Russian policy, condemned the decision.", "new:jane_roe"),
    ("Arizona Sen. John Doe, a former Vietnam prisoner of war, spoke.", "new:john_doe"),
    ("New Jersey Gov. John Doe spoke on Monday.", "new:john_doe"),
])
def test_a_state_a_description_only_mentions_is_not_the_persons(text: str, person: str) -> None:
    assert countries(text).get(person) is None


# --- a body named inside a phrase about someone's body is the body, not its owner


@pytest.mark.parametrize(("text", "actor"), [
    ("Osama bin Laden's al-Qaeda network attacked the embassy in Nairobi.", "al_qaeda"),
    ("The leader's Islamic State group threatened Turkey with new attacks.", "islamic_state"),
])
def test_a_body_named_in_its_owners_phrase_acts(text: str, actor: str) -> None:
    assert sources(text) == {actor}


@pytest.mark.parametrize(("text", "actor"), [
    ("Vladimir Putin's spokesman accused Ukraine of sabotage.", "vladimir_putin"),
    ("Vladimir Putin's government accused Ukraine of sabotage.", "vladimir_putin"),
])
def test_an_owners_plain_noun_still_speaks_for_the_owner(text: str, actor: str) -> None:
    assert sources(text) == {actor}


# --- a people named after one state, living in another: the state they live in acts


@pytest.mark.parametrize(("text", "actor"), [
    ("Bosnian Serbs rejected the new map of the canton on Monday.", "BIH"),
    ("Croatian Serbs demanded a vote on the status of the region.", "HRV"),
    ("Bulgarian Turks staged a protest outside the parliament in Sofia.", "BGR"),
    ("Bosnian and Croatian Serbs demanded a vote on the status of the region.", "HRV"),
])
def test_a_minority_named_after_another_state_is_the_state_it_lives_in(text: str, actor: str) -> None:
    found = sources(text)
    assert actor in found
    assert not found & {"SRB", "TUR"}


@pytest.mark.parametrize(("text", "actor"), [
    # citizens named after their own state stay that state's
    ("Turkish Cypriots rejected the new map of the island on Monday.", "CYP"),
    # a people on its own, or with no state word before it
    ("Serbs rejected the new map of the canton on Monday.", "SRB"),
    ("Russia urged Serbs to accept the new map of the canton.", "RUS"),
])
def test_near_misses_a_people_on_its_own_stays_its_state(text: str, actor: str) -> None:
    assert actor in sources(text)


# --- forces moved in the passive, with no agent: their owner moves them


@pytest.mark.parametrize(("text", "actor", "code"), [
    ("Turkish troops were withdrawn from the ridge above the valley on Sunday.", "TUR", "087"),
    ("Two battalions of Turkish soldiers were deployed along the river last week.", "TUR", "154"),
    ("Forty UN peacekeepers were shipped out of the besieged district on Friday.", "un", "1661"),
])
def test_forces_moved_in_the_passive_are_moved_by_their_owner(text: str, actor: str, code: str) -> None:
    assert any(e.source == actor and e.cameo == code for e in coded(text))


@pytest.mark.parametrize("text", [
    # harm befalls the forces: no one named does it
    "Turkish troops were attacked near the ridge above the valley on Sunday.",
    # people who are no forces
    "Turkish diplomats were withdrawn from the capital on Sunday.",
])
def test_near_misses_harm_to_forces_or_moving_civilians_names_no_doer(text: str) -> None:
    assert "TUR" not in sources(text)


# --- a party named by its tie to a state ("X's ally", "an ally of X") is not that state


@pytest.mark.parametrize("text", [
    "Libyan rebels shot dead the commander of Egypt's tribal allies in the desert.",
    "Libyan rebels killed an ally of Egypt near the oasis.",
    "Egypt's allies in the region condemned Libya over the raid.",
])
def test_a_states_ally_is_not_the_state(text: str) -> None:
    assert "EGY" not in {x for e in coded(text) for x in (e.source, e.target)}


@pytest.mark.parametrize(("text", "actor"), [
    ("Libyan rebels shot dead Egypt's deputy defence minister near the oasis.", "EGY"),
    ("Libya condemned Egypt and its allies over the raid.", "EGY"),
])
def test_near_misses_a_states_own_officials_are_the_state(text: str, actor: str) -> None:
    assert actor in {e.target for e in coded(text)}


# --- a people no state is named after, or marked as a people, protests for the state it is in


@pytest.mark.parametrize(("text", "actor"), [
    ("Ethnic Hungarians protested in Bucharest on Sunday against the language law.", "ROU"),
    ("Hundreds of Kurds protested in Ankara on Sunday against the ban.", "TUR"),
])
def test_a_people_protesting_is_the_state_it_protests_in(text: str, actor: str) -> None:
    assert actor in sources(text)


@pytest.mark.parametrize(("text", "actor", "absent"), [
    # a people named after a state, with no marker, is that state's
    ("Hungarians protested in Bucharest on Sunday against the language law.", "HUN", "ROU"),
])
def test_near_misses_a_states_people_stays_its_own(text: str, actor: str, absent: str) -> None:
    found = sources(text)
    assert actor in found
    assert absent not in found


def test_near_miss_a_peoples_violence_is_no_crowds_act() -> None:
    assert "ROU" not in sources("Ethnic Hungarians attacked a police station in Bucharest on Sunday.")


# --- a passive's "by" hung on the gerund of its charge: parties accuse, a means does not


@pytest.mark.parametrize(("text", "pair"), [
    ("Kenya was accused of arming the militias by Somalia.", ("SOM", "KEN")),
    ("The Bolivian minister was accused of taking bribes by Chilean officials.", ("CHL", "BOL")),
])
def test_parties_named_by_after_a_charge_accuse(text: str, pair: tuple[str, str]) -> None:
    assert (*pair, "112") in {(e.source, e.target, e.cameo) for e in coded(text)}


@pytest.mark.parametrize("text", [
    "Kenya was accused of destabilising Somalia by arming the militias.",
    "Kenya was accused of arming the militias by sea.",
])
def test_near_miss_a_means_after_a_charge_names_no_accuser(text: str) -> None:
    assert not any(e.cameo == "112" and e.source is not None for e in coded(text))


# --- an economy's slowdown or a debt crisis does nothing, whatever state its modifier names


@pytest.mark.parametrize("text", [
    "The Japanese slowdown threatens Korean exports.",
    "The Italian debt crisis threatened the eurozone.",
])
def test_a_slowdown_or_a_crisis_is_no_doer(text: str) -> None:
    assert not any(e.cameo.startswith("13") for e in coded(text))


@pytest.mark.parametrize(("text", "source"), [
    ("The Japanese government threatened South Korea with sanctions.", "JPN"),
    ("Italy threatened to veto the budget.", "ITA"),
])
def test_near_miss_a_government_or_a_state_threatens(text: str, source: str) -> None:
    assert any(e.cameo.startswith("13") and e.source == source for e in coded(text))
