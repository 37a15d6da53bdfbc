"""Words that read as an event in one sense and as none, or another, in the next.

Campaign and parliamentary news uses the vocabulary of war and diplomacy for
words and paperwork: a senator "attacks" a minister, a candidate "releases"
his tax returns, a reporter "asks" a question, a budget "meets" a deadline.
Each case pairs such a sentence with a near miss in the sense the coder must
keep (troops attacking a town, a state releasing sailors, a state asking
another to act). All sentences are written for these tests.
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


def roots(text: str) -> set[str]:
    """Return the CAMEO roots the coder finds in a text."""
    return {e.cameo[:2] for e in coded(text)}


def triples(text: str) -> set[tuple[str | None, str | None, str]]:
    """Return (source, target, code) of the coder's events in a text."""
    return {(e.source, e.target, e.cameo) for e in coded(text)}


# --- violence in words: a person attacking a person criticises; attacking no actor is nothing


def test_a_politician_attacking_another_criticises_him() -> None:
    found = triples("Russian Foreign Minister Sergey Lavrov attacked John Kerry for his remarks on Syria.")
    assert ("sergey_lavrov", "john_kerry", "111") in found
    assert not any(code[:2] == "19" for _, _, code in found)


@pytest.mark.parametrize("text", [
    "Sergey Lavrov attacked the new sanctions plan in a speech on Tuesday.",
    "Sergey Lavrov has fought the proposal for months.",
    "Sergey Lavrov said the resolution was destroying the credibility of the council.",
    "Sergey Lavrov stepped up his attacks on the Western press.",
])
def test_a_person_fighting_no_actor_does_nothing_coded(text: str) -> None:
    assert not roots(text) & {"17", "18", "19", "20"}


@pytest.mark.parametrize(("text", "pair"), [
    ("Russian troops attacked the city of Mariupol on Tuesday.", ("RUS", None)),
    ("Russia attacked Georgia in August 2008.", ("RUS", "GEO")),
    ("Vladimir Putin attacked Georgia in August 2008.", ("vladimir_putin", "GEO")),
])
def test_violence_by_or_against_a_state_stays_violence(text: str, pair: tuple[str, str | None]) -> None:
    assert any((s, t) == pair and code[:2] == "19" for s, t, code in triples(text))


def test_a_person_attacking_a_convoy_is_still_an_attack() -> None:
    assert roots("Vladimir Putin attacked a military convoy near the border.") & {"18", "19"}


# --- things shown, not people freed


@pytest.mark.parametrize("text", [
    "John Kerry has refused to release his tax returns.",
    "The video footage that John Kerry released on Monday shows the meeting.",
    "John Kerry released the transcript of the call on Friday.",
    "Sergey Lavrov offered no evidence for the claim.",
])
def test_releasing_papers_or_offering_evidence_frees_and_offers_nothing(text: str) -> None:
    assert not {code for _, _, code in triples(text)} & {"0841", "0353", "030", "1243"}


def test_a_state_releasing_sailors_still_releases_them() -> None:
    assert any(code == "0841" and s == "IRN" for s, _, code in triples("Iran released the British sailors on Thursday."))


# --- asking a question is no appeal; asking someone to act is


@pytest.mark.parametrize("text", [
    "John Kerry asked Sergey Lavrov about the strikes during their meeting.",
    "Asked about the sanctions, Sergey Lavrov said Russia would respond.",
    '"Why now?" Sergey Lavrov asked.',
])
def test_a_question_is_no_appeal(text: str) -> None:
    assert "02" not in roots(text)


def test_asking_a_state_to_act_is_an_appeal() -> None:
    assert any(s == "JPN" and t == "RUS" and code[:2] == "02"
               for s, t, code in triples("Japan asked Russia to return the islands."))


# --- agreeing with a view is no agreement; agreeing to a deal is


@pytest.mark.parametrize("text", [
    "Angela Merkel agreed that the talks had been useful.",
    "Angela Merkel agreed with Emmanuel Macron about the risks.",
])
def test_agreeing_with_a_view_is_no_agreement(text: str) -> None:
    assert "03" not in roots(text)


@pytest.mark.parametrize("text", [
    "Russia and Ukraine agreed to a ceasefire on Friday.",
    "Japan and Russia agreed that the dialogue must continue.",
])
def test_agreeing_to_a_ceasefire_or_together_is_an_agreement(text: str) -> None:
    assert "03" in roots(text)


# --- meeting a deadline or with opposition is no meeting


@pytest.mark.parametrize("text", [
    "Greece met the deadline set by the European Union.",
    "The proposal by Germany met with strong opposition from Turkey.",
])
def test_meeting_a_bar_or_a_reaction_is_no_meeting(text: str) -> None:
    assert "04" not in roots(text)


def test_meeting_a_leader_is_a_meeting() -> None:
    assert any(code == "040" for _, _, code in triples("Recep Tayyip Erdogan met Vladimir Putin in Sochi."))


# --- recognising a fact is no recognition of a state


def test_recognising_that_is_no_recognition() -> None:
    assert "05" not in roots("Sweden recognized that the talks had stalled.")


def test_recognising_a_state_is_recognition() -> None:
    assert any(code == "054" and s == "SWE" for s, _, code in triples("Sweden recognized Palestine in 2014."))


@pytest.mark.parametrize("text", [
    "The Kenyan president recognized the Hindu festival of Diwali at a dinner.",
    "Germany recognizes the urgency of the refugee crisis.",
    "The Egyptian foreign minister recognized the contribution of Jordanian soldiers.",
    "Kenyan President Recognizes Major Hindu Festival.",
])
def test_recognising_a_thing_is_no_recognition(text: str) -> None:
    # diplomatic recognition is of a polity; a holiday, an urgency or a service is acknowledged
    assert "054" not in {code for _, _, code in triples(text)}


@pytest.mark.parametrize("text", [
    "Brazil recognized Kosovo in 2012.",
    "Sweden recognized the State of Palestine last year.",
    "Moscow recognized the independence of the breakaway regions.",
    "Norway recognized the new government in Tripoli.",
])
def test_near_miss_recognising_a_polity_stays(text: str) -> None:
    assert "054" in {code for _, _, code in triples(text)}


# --- "sanctioned": a party punished; an act authorised


@pytest.mark.parametrize(("text", "pair"), [
    ("Canada sanctioned Russia over the annexation.", ("CAN", "RUS")),
    ("The European Union sanctioned four Iranian banks on Monday.", ("eu", "IRN")),
    ("Belarus was sanctioned by the United States in June.", ("USA", "BLR")),
])
def test_sanctioning_a_party_is_a_sanction(text: str, pair: tuple[str, str]) -> None:
    assert (*pair, "163") in triples(text)


@pytest.mark.parametrize("text", [
    "The Security Council sanctioned the use of force against Libya.",
    "Congress sanctioned the sale of fighter jets to Jordan.",
])
def test_near_miss_sanctioning_an_act_authorises_it(text: str) -> None:
    assert "16" not in roots(text)


# --- who does what is blamed on them; a passive participle's doer is its "by" object


def test_one_blamed_for_an_act_did_it() -> None:
    found = triples("Ukraine blamed Russia for shooting down the airliner.")
    assert any(s == "RUS" and code[:2] == "19" for s, _, code in found)
    assert not any(s == "UKR" and code[:2] == "19" for s, _, code in found)


def test_a_participle_clause_is_done_by_its_agent() -> None:
    found = triples("Pressed by France, Germany condemned the attack on the embassy.")
    assert not any(s == "DEU" and code[:2] == "10" for s, _, code in found)


# --- modality: a question, an avoided act, a needed act are not done


def modalities(text: str) -> dict[str, str]:
    """Map each event's code to its modality."""
    return {e.cameo: e.modality for e in coded(text)}


@pytest.mark.parametrize(("text", "code", "modality"), [
    ("But has Russia called for new talks?", "026", "hypothetical"),
    ("Sergey Lavrov avoided meeting the inspectors.", "040", "negated"),
    ("The Syrian government needs to make new appeals to the rebels.", "020", "hypothetical"),
    ("Russia could attack Ukraine again.", "190", "hypothetical"),
    ("Russia called for new talks.", "026", "asserted"),
    ("Sergey Lavrov condemned the strikes on Aleppo.", "111", "asserted"),
])
def test_questions_avoidance_and_needs_leave_acts_undone(text: str, code: str, modality: str) -> None:
    assert modalities(text).get(code) == modality


# --- an accusation denied, avoided or only supposed charges no one (issue 28: only asserted records count)


@pytest.mark.parametrize("text", [
    "Sergey Lavrov avoided condemning the strikes on Aleppo.",
    "Sergey Lavrov will be unable to accuse the inspectors of bias.",
    "The Kenyan minister did not accuse Uganda of cheating.",
    "Kenya never blamed Uganda for the floods.",
    "The Kenyan minister denied accusing Uganda of cheating.",
    "If Kenya accuses Uganda of cheating, the talks will end.",
    "Kenya should condemn Uganda for the raid.",
    # the avoiding verb misread as a noun, the charge hung on it
    "Donald Trump and Hillary Clinton spoke on Monday. Trump avoids condemning Russia's invasion of Ukraine.",
])
def test_an_accusation_denied_or_supposed_is_none(text: str) -> None:
    assert "11" not in roots(text)


@pytest.mark.parametrize(("text", "modality"), [
    ("The Kenyan minister accused Uganda of cheating.", "asserted"),
    ("Kenya blamed Uganda for the floods, denying any part in them.", "asserted"),
    ("Kenya, which has not paid its share, accused Uganda of cheating.", "asserted"),
    ("Kenya accused Uganda of failing to pay its share.", "asserted"),
    ("Kenya said Uganda had blamed it for the floods.", "reported"),
    ("Kenya stopped condemning Uganda for the raid.", "asserted"),  # stopping is no avoiding
    ("Kenya issued a statement condemning Uganda for the raid.", "asserted"),  # a noun that avoids nothing
])
def test_near_misses_of_denied_accusations_are_accusations(text: str, modality: str) -> None:
    assert [e.modality for e in coded(text) if e.cameo.startswith("11")] == [modality]


# --- a date after a preposition is no pattern's preposition; a particle makes another verb


def test_calling_someone_on_a_day_is_no_call_on_them() -> None:
    assert "02" not in roots("Angela Merkel called Vladimir Putin on Friday to discuss the crisis.")
    assert "02" in roots("Angela Merkel called on Vladimir Putin on Friday to end the war.")


@pytest.mark.parametrize("text", ["Germany backed off its demands on Tuesday.", "Germany backed away from the deal."])
def test_backing_off_is_no_backing(text: str) -> None:
    assert "05" not in roots(text)


def test_backing_a_deal_is_backing() -> None:
    assert "05" in roots("Germany backed the deal.")


def test_a_demand_needs_what_is_demanded() -> None:
    assert "10" not in roots('"Where is the money?" Sergey Lavrov demanded.\n\nHe left.')
    assert "10" in roots("Russia demanded the return of the ship.")


# --- an act sought or proposed is not done; a stigma reinforced is no troop build-up


@pytest.mark.parametrize("text", [
    "The United States will seek new U.N. sanctions against North Korea.",
    "Japan proposed a visit by Vladimir Putin to Tokyo.",
])
def test_a_sought_act_named_by_a_noun_is_not_done(text: str) -> None:
    assert not roots(text) & {"16", "04"}


def test_a_welcomed_visit_happened() -> None:
    assert "04" in roots("Japan welcomed the visit by Vladimir Putin to Tokyo.")


@pytest.mark.parametrize("text", ["Russia reinforced the stigma.", "The stigma was later reinforced by Russia."])
def test_reinforcing_no_armed_force_is_no_build_up(text: str) -> None:
    assert "15" not in roots(text)


def test_reinforcing_troops_is_a_build_up() -> None:
    assert "15" in roots("Russia reinforced its troops near the border.")


def test_a_person_wanting_to_attack_rules_threatens_no_one() -> None:
    assert "13" not in roots("Sergey Lavrov said he wants to attack the new rules on trade.")


def test_an_act_one_is_pressed_to_do_is_not_done() -> None:
    assert "05" not in roots("Germany had been facing growing pressure from donors to back the sanctions.")
    assert "05" in roots("Germany backed the sanctions under pressure from its allies.")


# --- summoning an envoy is a protest, summoning one's adviser is not; a conjoined participle's doer


def test_summoning_an_ambassador_is_a_protest_and_an_adviser_none() -> None:
    assert ("TUR", "DEU", "114") in triples("Turkey summoned the German ambassador on Monday.")
    assert "11" not in roots("Barack Obama summoned his senior adviser to the Oval Office.")


def test_a_conjoined_participle_is_done_by_its_own_agent() -> None:
    found = triples("In Yemen, a coalition led by Saudi Arabia and backed by the United States bombed a hospital.")
    assert ("USA", None, "051") in found
    assert ("SAU", None, "051") not in found


# --- the object of "forced", "persuaded" does the act; "told" only directs it


@pytest.mark.parametrize(("text", "doer"), [
    ("France forced Russia to withdraw its troops.", "RUS"),
    ("France persuaded Iran to resume the talks.", "IRN"),
])
def test_the_one_forced_or_persuaded_does_the_act(text: str, doer: str) -> None:
    found = triples(text)
    assert {s for s, _, code in found if code[:2] in ("04", "08")} == {doer}


def test_an_act_one_is_told_to_do_is_not_done() -> None:
    assert "04" not in roots("France told Iran to resume the talks.")
    assert ("FRA", "IRN", "026") in triples("France urged Iran to resume the talks.")


# --- discussing alone is no consultation; the one assassinated is no assassin


def test_discussing_without_a_partner_is_no_consultation() -> None:
    assert "04" not in roots("Sergey Lavrov discussed his plans for the region.")
    assert ("sergey_lavrov", "john_kerry", "040") in triples("Sergey Lavrov discussed Syria with John Kerry.")
    assert ("JPN", "RUS", "040") in triples("Japan and Russia discussed the islands.")


def test_a_passive_gerund_is_not_done_by_the_one_it_befell() -> None:
    assert "18" not in roots("Benazir Bhutto led Pakistan twice before being assassinated in 2007.")


def test_discussing_after_a_meeting_with_a_partner_is_a_consultation() -> None:
    assert "04" in roots("Sergey Lavrov held a videoconference with John Kerry, discussing arms control.")


# --- letting a party act is yielding; letting a thing happen or a belief stand is not


@pytest.mark.parametrize("text", [
    "France and Germany allowed complacency to replace caution.",
    "Russia cannot allow Ukraine to become a NATO base.",
    "Vladimir Putin allowed his aides to believe the rumour.",
    "Sergey Lavrov said the treaty allowed mistrust to spread across the region.",
])
def test_letting_a_thing_happen_or_a_belief_stand_yields_nothing(text: str) -> None:
    assert "08" not in roots(text)


@pytest.mark.parametrize("text", [
    "Serbia allowed the monitors to enter the province.",
    "Turkey allowed Kurdish refugees to return home.",
    "Israel allowed access to the crossing.",
])
def test_letting_a_party_in_or_through_is_yielding(text: str) -> None:
    assert "08" in roots(text)


# --- a warning of what will happen is pessimism; a warning of what a party will do is a threat


@pytest.mark.parametrize("text", [
    "Sergey Lavrov warned that the new treaty would not be a cure for the region's troubles.",
    "Vladimir Putin warned that a victory by the opposition would bring chaos.",
    "China warned Japan that the dispute could harm trade.",
])
def test_a_warning_of_what_will_happen_is_no_threat(text: str) -> None:
    found = roots(text)
    assert "13" not in found
    assert "01" in found


@pytest.mark.parametrize("text", [
    "Russia warned that it would respond to the deployment.",
    "Sergey Lavrov warned that Russia would retaliate against the sanctions.",
    "Iran warned that its navy would close the strait.",
])
def test_a_warning_of_what_a_party_will_do_is_a_threat(text: str) -> None:
    assert "13" in roots(text)


# --- an act held by a pledge made, a reason or a chance is not done


@pytest.mark.parametrize("text", [
    "Delegates asked how Lavrov could turn back on a pledge he made to support the plan.",
    "Putin's reasons to veto the resolution are weak.",
    "There is absolutely no chance that Russia will withdraw from the treaty.",
])
def test_an_act_a_pledge_reason_or_chance_holds_is_not_done(text: str) -> None:
    assert not any(e.modality == "asserted" or e.modality == "intended" for e in coded(text))


def test_a_veto_cast_is_still_done() -> None:
    assert any(e.cameo.startswith("12") and e.modality == "asserted" for e in coded("Russia vetoed the resolution on Friday."))


# --- harm done to oneself, an act a call asks for, a successor's deeds


@pytest.mark.parametrize("text", [
    "A former Russian officer shot himself outside the barracks.",
    "The Ukrainian colonel killed himself in his office.",
])
def test_harm_done_to_oneself_is_no_violence_between_parties(text: str) -> None:
    assert not roots(text) & {"18", "19", "20"}


def test_a_defence_of_oneself_is_still_a_defence() -> None:
    assert "05" in roots("Vladimir Putin defended himself against the charges.")


@pytest.mark.parametrize("text", [
    "Germany dropped a call for providing weapons to Ukraine.",
    "Vladimir Putin hopes that his successor will push for talks with Ukraine.",
])
def test_an_act_a_call_asks_for_or_a_successor_does_is_not_the_subjects(text: str) -> None:
    assert not any(e.cameo[:2] in ("07", "10") for e in coded(text))


# --- an act done for the purpose of another takes that act's modality


@pytest.mark.parametrize(("text", "modality"), [
    ("Vladimir Putin vowed to form a task force to crack down on smugglers.", "intended"),
    ("Obviously we need to do everything we can to support Ukraine, Lavrov said.", "hypothetical"),
])
def test_a_purpose_takes_the_modality_of_the_act_it_serves(text: str, modality: str) -> None:
    assert {e.modality for e in coded(text) if e.cameo[:2] in ("05", "17")} == {modality}


def test_a_purpose_of_a_done_act_is_still_told_as_done() -> None:
    found = coded("Vladimir Putin formed a task force to crack down on smugglers.")
    assert {e.modality for e in found if e.cameo.startswith("17")} == {"asserted"}


# --- welcoming guests, holding a post, publishing a plan: not praise, occupation or release


@pytest.mark.parametrize("text", [
    "Vladimir Putin welcomed several hundred guests at the Kremlin.",
    "Sergey Lavrov occupies one of the key positions in the government.",
    "Vladimir Putin released his budget plan on Monday.",
    "Vladimir Putin will host campaign events in two regions this week.",
])
def test_hospitality_an_office_or_a_published_plan_codes_nothing(text: str) -> None:
    assert not roots(text) & {"03", "04", "05", "19", "08"}


@pytest.mark.parametrize(("text", "root"), [
    ("Vladimir Putin welcomed the decision by Turkey.", "05"),
    ("Russia occupied one of the towns near the border.", "19"),
    ("Russia released two Ukrainian sailors.", "08"),
    ("Vladimir Putin hosted Recep Tayyip Erdogan in Sochi.", "04"),
])
def test_praise_occupation_and_release_stay(text: str, root: str) -> None:
    assert root in roots(text)


# --- demonstrating something is showing it; demonstrating in a city is protest


@pytest.mark.parametrize("text", [
    "Russia held drills to demonstrate its resolve.",
    "Russia marched troops into the province.",
])
def test_demonstrating_a_thing_or_marching_troops_is_no_protest(text: str) -> None:
    assert "14" not in roots(text)


@pytest.mark.parametrize("text", [
    "Students demonstrated in Minsk on Sunday.",
    "Protesters marched on the parliament in Kyiv.",
])
def test_demonstrating_or_marching_in_a_place_is_protest(text: str) -> None:
    assert "14" in roots(text)


# --- a visit is going to a party or a state; going to a thing, or by a people, is a journey


@pytest.mark.parametrize("text", [
    "Kenyan President Uhuru Kenyatta toured the new museum on Friday.",
    "Kenyan President Uhuru Kenyatta visited the museum on Friday.",
    "Xi Jinping said he would come back to visit it as a private citizen one day.",
    "Shinzo Abe's visit to the shrine angered China.",
    "Syrians arriving in Germany say the journey took months.",
    "Thousands of Afghan refugees arrived in Pakistan last week.",
    "Mexican workers travel to Texas every spring.",
    "Representative Maria Lopez arrived in Congress in 2009 after two terms as a mayor.",
    "The lawyer Anna Berg arrived in Parliament at the last election.",
])
def test_going_to_a_thing_or_by_a_people_is_no_visit(text: str) -> None:
    assert not {code for _, _, code in triples(text)} & {"042", "036", "043"}


@pytest.mark.parametrize(("text", "pair"), [
    ("Chinese President Xi Jinping visited Moscow on Monday.", ("xi_jinping", "RUS")),
    ("Japanese Prime Minister Shinzo Abe arrived in Moscow on Sunday.", ("shinzo_abe", "RUS")),
    ("The Japanese premier arrived in Beijing on Friday.", ("shinzo_abe", "CHN")),
    ("Shinzo Abe's visit to China was cut short.", ("shinzo_abe", "CHN")),
    ("Japanese Prime Minister Shinzo Abe arrived in Washington to address Congress.", ("shinzo_abe", "USA")),
])
def test_a_visit_to_a_state_or_its_city_stays(text: str, pair: tuple[str, str]) -> None:
    assert any((s, t) == pair and code[:2] == "04" for s, t, code in triples(text))


def test_a_visit_to_a_region_or_with_no_place_named_stays() -> None:
    assert "04" in roots("Kenyan President Uhuru Kenyatta visited the region on Friday.")
    assert "03" in roots("Vladimir Putin will visit next week.")


# --- a lawyer's defence is no one's stance


@pytest.mark.parametrize("text", [
    "As a lawyer, Senator Tim Kaine defended people accused of fraud.",
    "Senator Tim Kaine defended dozens of people accused of fraud.",
    "Senator Tim Kaine defended his client in court for a week.",
])
def test_defending_a_client_is_no_verbal_support(text: str) -> None:
    assert "05" not in roots(text)


def test_defending_a_decision_stays_a_defence() -> None:
    assert "052" in {code for _, _, code in triples("Senator Tim Kaine defended the decision to veto the bill.")}


# --- a warning of what things will do is a forecast; of what a party will do, a threat


@pytest.mark.parametrize("text", [
    "“Terrible things are going to happen,” Senator Jane Roe warned in Ohio.",
    "Japan warned that prices would rise sharply next year.",
])
def test_warning_of_what_things_will_do_is_pessimism(text: str) -> None:
    codes = {code for _, _, code in triples(text)}
    assert "012" in codes and not any(c.startswith("13") for c in codes)


def test_warning_of_what_protesters_will_face_stays_a_threat() -> None:
    assert "13" in roots("Japan warned that the protesters would be arrested.")


# --- credit given for a deed is praise, not a loan


def test_credit_given_for_a_deed_is_praise() -> None:
    codes = {code for _, _, code in triples("Senator Jane Roe gives credit to Japan for speaking out against the abuses.")}
    assert "051" in codes and "071" not in codes


@pytest.mark.parametrize("text", ["Japan will meet and exceed the target.", "Japan pledged to meet and exceed the target."])
def test_a_bar_met_by_two_verbs_is_no_meeting(text: str) -> None:
    assert not {code for _, _, code in triples(text)} & {"036", "040"}


# --- what an aim or a chance holds is not done; what befalls is no one's threat


@pytest.mark.parametrize(("text", "root"), [
    ("Senator Jane Roe's goal was to make Governor John Doe defend the budget.", "05"),
    ("There is no chance Senator Jane Roe will withdraw from the race.", "03"),
    ("There is no chance the Turkish army will withdraw from Syria this year.", "03"),
    ("There is no chance Vladimir Putin will resign before the election.", "03"),
    ("Kenya's plan is to send troops to Mali.", "15"),
])
def test_an_aim_or_a_chance_is_not_done(text: str, root: str) -> None:
    assert root not in roots(text)


@pytest.mark.parametrize("text", [
    "The demand Russia rejected came from Japan.",
    "Japan withdrew the proposal Russia had rejected.",
])
def test_near_miss_a_relative_clause_on_an_asking_noun_is_done(text: str) -> None:
    assert "12" in roots(text)


def test_near_miss_a_relative_clause_with_a_modal_stays_a_relative_clause() -> None:
    # "in which" makes it a relative clause, modal or not: the pledge is the proposal's (hypothetical)
    assert "03" in roots("Japan drafted a proposal in which Russia would pledge to cut its emissions.")


def test_making_someone_defend_it_is_his_defence() -> None:
    assert "052" in {code for _, _, code in triples("Senator Jane Roe made Governor John Doe defend the budget.")}


@pytest.mark.parametrize("text", [
    "Japan warned that if the deal fails, it could collapse.",
    "Japan warned that the pact would fall apart.",
])
def test_warning_of_what_befalls_is_pessimism(text: str) -> None:
    assert "012" in {code for _, _, code in triples(text)}


def test_warning_of_what_it_will_do_stays_a_threat() -> None:
    assert "13" in roots("Japan warned that it would respond with force.")


@pytest.mark.parametrize("text", [
    "Chile pleaded with Peruvian officers not to shoot.",
    "The video shows Chile pleading with Peruvian officers not to shoot.",
])
def test_pleading_with_someone_not_to_act_is_no_act(text: str) -> None:
    assert "18" not in roots(text)


def test_pleading_with_a_state_to_act_is_an_appeal() -> None:
    assert ("CHL", "PER", "02") in {(s, t, code[:2]) for s, t, code in triples("Chile pleaded with Peru to release the sailors.")}


# --- meeting the public is campaigning, not a meeting between parties


@pytest.mark.parametrize("text", [
    "Senator Jane Roe met with voters in a diner in New Hampshire.",
    "Xi Jinping met with the families of the victims.",
    "Senator Jane Roe met supporters after the debate.",
])
def test_meeting_the_public_is_no_meeting(text: str) -> None:
    assert not {code for _, _, code in triples(text)} & {"040", "036"}


def test_meeting_a_leader_stays_a_meeting() -> None:
    assert ("xi_jinping", "shinzo_abe", "040") in triples("Xi Jinping met Shinzo Abe in Tokyo.")


# --- one accusation per charge: a second charge in words of its own is a second accusation


def accusations(text: str) -> list[tuple[str | None, str | None]]:
    """Return (source, target) of each accusation (root 11) with a target the coder keeps."""
    return [(e.source, e.target) for e in coded(text) if e.cameo.startswith("11") and e.target]


def test_two_charges_by_one_verb_are_two_accusations() -> None:
    text = ("Kenya accused Uganda's army of stealing cattle near the lake. "
            "In Nairobi, where the talks ended without a deal on Friday, Kenya also accused Uganda of "
            "hiding the report on the floods that struck the border towns.")
    assert accusations(text) == [("KEN", "UGA"), ("KEN", "UGA")]


@pytest.mark.parametrize("text", [
    # the same charge told twice, shorter then fuller
    "Kenya accused Uganda of cheating. In a long statement on Friday, Kenya accused Uganda of cheating at the border post.",
    # a charge first told with no content, then in full
    "Kenya accused Uganda on Friday. Kenya accused Uganda of cheating at the border post in a long statement.",
])
def test_near_misses_one_charge_told_twice_is_one_accusation(text: str) -> None:
    assert accusations(text) == [("KEN", "UGA")]


# --- an order to another party is a demand of it; an order to one's own forces is command


@pytest.mark.parametrize(("text", "source", "target"), [
    ("A Kenyan court ordered Uganda to compensate the herders for the cattle.", "KEN", "UGA"),
    ("The Kenyan tribunal ordered Uganda's government to hand over the border files.", "KEN", "UGA"),
    ("A Kenyan magistrate has ordered the former governor to appear for questioning next week.", "KEN", None),
])
def test_an_order_to_another_party_is_a_demand(text: str, source: str, target: str | None) -> None:
    assert any(s == source and t == target and code.startswith("10") for s, t, code in triples(text))


@pytest.mark.parametrize(("text", "kept"), [
    # an order to one's own forces: the act ordered is still coded, and no demand
    ("The Kenyan president ordered Kenyan troops to withdraw from the border posts on Monday.", "08"),
    ("Kenya's leader ordered Kenyan soldiers to pull out of the disputed district.", "08"),
])
def test_near_misses_an_order_to_ones_own_forces_is_no_demand(text: str, kept: str) -> None:
    found = roots(text)
    assert "10" not in found
    assert kept in found


def test_near_miss_an_order_with_no_one_to_act_is_no_demand() -> None:
    assert "10" not in roots("The Kenyan president ordered a review of the grazing rules.")


# --- violence readied is force made ready (152), not a threat in words


@pytest.mark.parametrize("text", [
    "The Chadian army prepared to resume shelling the rebel positions near the lake.",
    "Chadian troops were preparing to storm the border town held by the rebels.",
])
def test_violence_being_readied_is_force_posture(text: str) -> None:
    codes = {e.cameo for e in coded(text)}
    assert "152" in codes
    assert not any(c.startswith("13") for c in codes)


@pytest.mark.parametrize(("text", "root"), [
    ("Chad threatened to shell the rebel positions near the lake.", "13"),  # a threat stays a threat
    ("Chad is prepared to shell the rebel positions near the lake.", "13"),  # a stance, not readying
    ("Chad prepared to send food aid to the camps near the lake.", "03"),  # help readied is an intention
])
def test_near_misses_threats_stances_and_help_readied_keep_their_codes(text: str, root: str) -> None:
    assert root in roots(text)
    assert "15" not in roots(text)


# --- an act a speaker rules out ("is out of the question", "off the table") is the speaker's refusal


@pytest.mark.parametrize(("text", "target"), [
    ("Norwegian officials said that easing the fishing quotas for Iceland was out of the question.", "ISL"),
    ("Norway said on Monday that new talks with Iceland were off the table for now.", "ISL"),
    ("Norway said a second vote on the treaty remained out of the question.", None),
])
def test_an_act_ruled_out_is_the_speakers_refusal(text: str, target: str | None) -> None:
    assert ("NOR", target, "120") in triples(text)


@pytest.mark.parametrize("text", [
    # the words in another sense: a question asked, a table as furniture
    "Norway said the question of Icelandic quotas was out of its hands.",
    "Norway said the documents on Iceland were taken off the table before the meeting.",
    # no speaker rules it out
    "Easing the fishing quotas for Iceland was out of the question for the ministers of Norway.",
])
def test_near_misses_questions_and_tables_are_no_refusal(text: str) -> None:
    assert not {code for _, _, code in triples(text)} & {"120"}


def test_a_visit_to_a_named_office_stays() -> None:
    # `seats` is a bare legislature one takes a seat in, not every room with a name
    assert "04" in roots("The Burmese leader Aung San Suu Kyi visited the Oval Office on Wednesday.")


# --- a decision, a rule or a statement uses no force, whoever made it


@pytest.mark.parametrize("text", [
    "The new policy of the European Union destroys trust in the single market.",
    "A ruling by the Russian court attacks the rights of workers.",
    "The latest report by the United Nations destroys the myth of a clean war.",
])
def test_a_decision_or_a_text_doing_violence_is_no_violence(text: str) -> None:
    assert not roots(text) & {"17", "18", "19", "20"}


@pytest.mark.parametrize("text", [
    "Taliban fighters destroyed the bridge near Kandahar.",
    "Hamas attacked the village on Monday.",
    "A decision by Russia to attack Ukraine shocked Europe.",
])
def test_near_miss_a_group_or_a_state_doing_violence_stays(text: str) -> None:
    assert roots(text) & {"17", "18", "19", "20"}


# --- probing by armed forces is reconnaissance, not an inquiry


@pytest.mark.parametrize("text", [
    "Chinese warships have been probing Vietnamese waters since March.",
    "Russian jets probed Norwegian air defences over the Arctic.",
    "Diplomats noted an increase in Russian military probing along the Estonian frontier.",
])
def test_armed_forces_probing_is_no_investigation(text: str) -> None:
    assert "09" not in roots(text)


@pytest.mark.parametrize("text", [
    "Chinese military police probed the death of the Tibetan monk.",
    "Kenyan police are probing the bombing of the Somali embassy.",
    "The Russian army is investigating the collision.",
])
def test_near_miss_police_or_an_army_inquiry_is_an_investigation(text: str) -> None:
    assert "09" in roots(text)


# --- "warned X to do": pressing a party to cease or to act is a threat; a precaution is advice


@pytest.mark.parametrize("text", [
    "The Justice Department warned county clerks to update their voter rolls.",
    "Canada warned its citizens to avoid travel to Haiti.",
])
def test_a_warning_to_take_a_precaution_is_no_threat(text: str) -> None:
    assert "13" not in roots(text)


@pytest.mark.parametrize(("text", "pair"), [
    ("Beijing warned Vietnam to halt its drilling near the islands.", ("CHN", "VNM")),
    ("Moscow warned Kyiv not to shell Donetsk.", ("RUS", "UKR")),
    ("Peru warned Ecuador to pull its troops back from the border.", ("PER", "ECU")),
])
def test_near_miss_a_warning_to_cease_is_a_threat(text: str, pair: tuple[str, str]) -> None:
    assert (*pair, "130") in triples(text)


@pytest.mark.parametrize(("text", "code"), [
    ("Turkey warned the Kurdish militia to withdraw from Manbij.", "087"),
    ("Egypt warned Hamas to release the hostages.", "0841"),
    ("Moscow warned Kyiv not to shell Donetsk.", "19"),
])
def test_the_warner_does_not_do_what_he_warns_of(text: str, code: str) -> None:
    assert not any(c.startswith(code) for _, _, c in triples(text))


# --- a particle that gives a light verb its own sense: "gave UP its weapons" gives no arms


@pytest.mark.parametrize(("text", "code"), [
    ("Libya gave up its chemical weapons in 2003.", "072"),
    ("Chile held up the talks with Bolivia for a month.", "040"),
    ("President Uhuru Kenyatta offered it up as proof of his record.", "030"),
])
def test_a_light_verb_with_up_is_another_verb(text: str, code: str) -> None:
    assert code not in {c for _, _, c in triples(text)}


@pytest.mark.parametrize(("text", "code"), [
    ("Norway backed up Denmark at the summit.", "051"),
    ("Moscow stepped up its attacks on Kyiv.", "190"),
    ("Turkey opened up its border to the refugees.", "0863"),
    ("Moscow built up its forces near the border.", "154"),
    ("Somali pirates have kidnapped up to 20 Indian sailors.", "181"),  # "up to 20": an amount
    ("Peru upgraded its ties with Chile back up to full level.", "050"),
    ("Japan scaled back its aid to Myanmar.", "162"),
    ("Israel pulled back its troops from the border.", "087"),
])
def test_near_miss_particles_written_or_idle_keep_the_act(text: str, code: str) -> None:
    assert code in {c for _, _, c in triples(text)}


# --- a person who "invaded", "captured", "bombed" or "stormed" no place used no force


@pytest.mark.parametrize("text", [
    "Senator Marco Rubio captured the Republican nomination in May.",
    "Hillary Clinton bombed in the second debate.",
    "Senator Bernie Sanders stormed out of the committee hearing.",
    "Hillary Clinton invaded her rival's turf in Arizona.",
])
def test_a_person_using_force_on_no_place_did_nothing_coded(text: str) -> None:
    assert not roots(text) & {"18", "19", "20"}


@pytest.mark.parametrize("text", [
    "General Khalifa Haftar stormed Benghazi in 2014.",
    "President Bashar al-Assad bombed Aleppo again on Sunday.",
    "Syrian rebels stormed the presidential palace in Damascus.",
    "President Vladimir Putin invaded Crimea in 2014.",
])
def test_near_miss_force_on_a_place_or_by_a_group_stays(text: str) -> None:
    assert roots(text) & {"18", "19", "20"}


# --- what is shot down flies; what is killed lived; what is deployed fights


@pytest.mark.parametrize(("text", "root"), [
    ("Senator Chuck Schumer shot down the proposal on Friday.", "19"),
    ("Senator Mitch McConnell killed the bill in committee.", "18"),
    ("Senator Ted Cruz deployed his surrogates to Iowa.", "15"),
])
def test_a_thing_shot_down_killed_or_deployed_in_politics_is_no_force(text: str, root: str) -> None:
    assert root not in roots(text)


@pytest.mark.parametrize(("text", "root"), [
    ("Syria shot down a Turkish warplane.", "19"),
    ("The Taliban killed the provincial governor.", "18"),
    ("China deployed missiles near Taiwan.", "15"),
])
def test_near_miss_force_on_aircraft_people_or_arms_stays(text: str, root: str) -> None:
    assert root in roots(text)


# --- rallying people, arresting a trend, releasing a playlist: no protest, arrest or release


@pytest.mark.parametrize(("text", "code"), [
    ("Senator Ted Cruz rallied his supporters in Houston.", "141"),
    ("Senator Marco Rubio arrested the slide in his poll numbers.", "173"),
    ("President Barack Obama released a playlist of his favourite songs.", "0841"),
])
def test_campaign_words_are_no_protest_arrest_or_release(text: str, code: str) -> None:
    assert code not in {c for _, _, c in triples(text)}


@pytest.mark.parametrize(("text", "code"), [
    ("Thousands of Armenian students rallied in Yerevan against the vote.", "141"),
    ("Turkish police arrested the Kurdish mayor on Monday.", "173"),
    ("Iran released the British sailors on Friday.", "0841"),
])
def test_near_miss_a_rally_an_arrest_and_a_release_stay(text: str, code: str) -> None:
    assert code in {c for _, _, c in triples(text)}


# --- national teams in a game: no meeting, hosting or force between states


@pytest.mark.parametrize("text", [
    "Croatia met Denmark in the quarterfinal on Sunday.",
    "Brazil hosted Colombia in a friendly match on Tuesday.",
    "Chile clashed with Peru in a bad-tempered game.",
    "Italy beat Spain on penalties after a tense draw.",
])
def test_national_teams_in_a_game_are_no_states_acting(text: str) -> None:
    assert not roots(text) & {"04", "17", "18", "19", "20"}


@pytest.mark.parametrize(("text", "root"), [
    ("President Vladimir Putin met President Emmanuel Macron at the World Cup final in Moscow.", "04"),
    ("Chancellor Angela Merkel met President Barack Obama in Berlin during the World Cup.", "04"),
    ("Israeli troops attacked Gaza in the final days of the war.", "19"),
    ("Russia and Ukraine met in Minsk for a new round of talks.", "04"),
])
def test_near_miss_leaders_at_a_game_or_a_final_phase_of_war_stay(text: str, root: str) -> None:
    assert root in roots(text)


# --- a decision is the act decided, not an intention


@pytest.mark.parametrize(("text", "code"), [
    ("Canada decided to impose sanctions on Belarus.", "163"),
    ("The Zambian cabinet decided to send troops to Congo.", "154"),
])
def test_a_decision_codes_the_act_decided(text: str, code: str) -> None:
    assert (code, "asserted") in {(e.cameo, e.modality) for e in coded(text)}


@pytest.mark.parametrize(("text", "code"), [
    ("Canada plans to impose sanctions on Belarus.", "1312"),
    ("The Zambian cabinet agreed to send troops to Congo.", "154"),
])
def test_near_miss_a_plan_or_an_agreement_stays_an_intention(text: str, code: str) -> None:
    assert (code, "intended") in {(e.cameo, e.modality) for e in coded(text)}


# --- "offered" words are no offer; cooperation offered is


@pytest.mark.parametrize("text", [
    "President Barack Obama offered his thoughts on the vote.",
    "Chancellor Angela Merkel offered few specifics on the plan.",
    "President Vladimir Putin offered a toast to the Chinese delegation.",
])
def test_offering_words_is_no_offer(text: str) -> None:
    assert "030" not in {c for _, _, c in triples(text)}


@pytest.mark.parametrize(("text", "pair"), [
    ("Norway offered Iceland a new loan.", ("NOR", "ISL")),
    ("Russia offered Belarus a compromise on oil prices.", ("RUS", "BLR")),
    ("The European Union offered Turkey billions of euros to house the refugees.", ("eu", "TUR")),
])
def test_near_miss_offering_cooperation_is_an_offer(text: str, pair: tuple[str, str]) -> None:
    assert (*pair, "030") in triples(text)


def test_an_apology_offered_is_an_apology() -> None:
    assert "055" in {c for _, _, c in triples("President Barack Obama offered an apology to Japan.")}


# --- a candidate withdrawing from a race moves no troops


@pytest.mark.parametrize("text", [
    "Senator Marco Rubio withdrew from the race on Tuesday.",
    "Senator Ted Cruz pulled out of the debate in Iowa.",
])
def test_withdrawing_from_a_race_is_no_withdrawal(text: str) -> None:
    assert "087" not in {c for _, _, c in triples(text)}


@pytest.mark.parametrize("text", [
    "Russian troops pulled out of the village on Sunday.",
    "Ethiopia withdrew its troops from the border.",
])
def test_near_miss_troops_leaving_a_place_withdraw(text: str) -> None:
    assert "087" in {c for _, _, c in triples(text)}


# --- hosting a games, athletes travelling to one: no visit between states


@pytest.mark.parametrize(("text", "code"), [
    ("Brazil hosted the Olympics in 2016.", "043"),
    ("South Africa hosted the World Cup in 2010.", "043"),
    ("Ethiopian athletes arrived in Tokyo for the Games.", "042"),
])
def test_hosting_or_travelling_to_games_is_no_visit(text: str, code: str) -> None:
    assert code not in {c for _, _, c in triples(text)}


@pytest.mark.parametrize(("text", "code"), [
    ("Egypt hosted the Jordanian king in Cairo.", "043"),
    ("A Chinese negotiating team arrived in Washington on Monday.", "042"),
])
def test_near_miss_hosting_a_leader_or_a_delegation_travelling_stays(text: str, code: str) -> None:
    assert code in {c for _, _, c in triples(text)}
