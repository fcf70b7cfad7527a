"""AID and AGREE extraction on sentences written for these tests: each asserts one behaviour."""

from __future__ import annotations

from bilat.events.extract import extract
from bilat.knowledge.kb import load_kb
from bilat.model import Document, EventMention, EventType, Status

# a first sentence that tells the story's two states, so one-sided mentions can be completed
RUS_PRK = "Russia and North Korea have deepened their military ties this year. "


def _events(text: str, type_: EventType, published: str | None = "2024-09-13") -> list[EventMention]:
    doc = Document(id=Document.make_id("t.txt", text), name="t.txt", text=text, clean=text,
                   published=published)
    return [m for m in extract(doc, load_kb()).mentions if m.type == type_]


# ------------------------------------------------------------------------ AID


def test_technical_support_in_exchange_is_a_second_aid_in_the_other_direction() -> None:
    aids = _events("North Korea shipped artillery shells to Russia in return for technical support "
                   "for Pyongyang's satellite program.", EventType.AID)
    assert [m.countries for m in aids] == [("PRK", "RUS"), ("RUS", "PRK")]


def test_political_support_is_not_aid() -> None:
    assert not _events(RUS_PRK + "Kim Jong Un voiced his full support for Russia's position.",
                       EventType.AID)


def test_support_that_someone_provided_is_aid() -> None:
    aids = _events(RUS_PRK + "Putin thanked Kim for the support the North Korean soldiers provided "
                   "in the Kursk region.", EventType.AID)
    assert len(aids) == 1
    assert set(aids[0].countries) == {"PRK", "RUS"}
    assert aids[0].status == Status.OCCURRED


def test_aid_named_as_a_topic_of_talks_is_not_aid() -> None:
    assert not _events("The two ministers are expected to discuss cooperation, including the supply "
                       "of Russian weapons to Belarus.", EventType.AID)


def test_aid_named_as_a_document_clause_is_not_aid() -> None:
    assert not _events("The treaty contains provisions on the deployment of Russian troops in "
                       "Belarus.", EventType.AID)


def test_suspected_aid_is_not_reported_however_deep_the_clause() -> None:
    assert not _events("Washington suspects Iran is getting money from Russia in return for "
                       "shipping drones to Russia.", EventType.AID)


def test_another_transfer_is_a_planned_aid_between_the_same_states() -> None:
    aids = _events("North Korea sent 1,500 soldiers to Russia last week. Officials said another "
                   "transfer will take place soon.", EventType.AID)
    assert len(aids) == 2
    later = aids[1]
    assert later.status == Status.PLANNED
    assert set(later.countries) == {"PRK", "RUS"}


def test_a_quoted_finding_that_troops_were_shipped_is_reported() -> None:
    aids = _events('Seoul said it had confirmed "North Korea shipped troops to Russia on a Russian '
                   'vessel".', EventType.AID)
    assert len(aids) == 1
    assert aids[0].status == Status.OCCURRED


def test_coordinated_verb_with_its_own_object_is_a_second_aid() -> None:
    aids = _events("North Korea has been delivering shells to Russia, and last year it sent 10,000 "
                   "troops to Russia.", EventType.AID)
    assert len(aids) == 2
    assert "2023" in {m.date for m in aids}


def test_pledged_aid_is_planned() -> None:
    aids = _events(RUS_PRK + "Russia pledged humanitarian aid to North Korea.", EventType.AID)
    assert aids and aids[0].status == Status.PLANNED


def test_capital_named_as_an_actor_stands_for_its_state() -> None:
    aids = _events("Belarus sent military equipment to support Moscow's operations.", EventType.AID)
    assert aids and set(aids[0].countries) == {"BLR", "RUS"}


# ------------------------------------------------------------------------ AGREE


def test_talks_that_culminate_in_a_signing_give_the_signatories() -> None:
    agree = _events("Vladimir Putin held talks with Alexander Lukashenko in Minsk on Friday. "
                    "The talks culminated in the signing of the Treaty on Security Guarantees.",
                    EventType.AGREE)
    assert len(agree) == 1
    assert {"Vladimir Putin", "Alexander Lukashenko"} <= set(agree[0].actors)
    assert set(agree[0].countries) == {"RUS", "BLR"}


def test_the_leaders_who_signed_are_the_people_of_the_engagement_just_told() -> None:
    agree = _events("Vladimir Putin held talks with To Lam in Hanoi on Thursday. Afterwards, the "
                    "leaders signed a partnership agreement that replaces earlier accords from "
                    "1961 and 2000.", EventType.AGREE, published="2024-06-20")
    assert len(agree) == 1
    assert "Vladimir Putin" in agree[0].actors
    assert set(agree[0].countries) == {"RUS", "VNM"}
    assert agree[0].date not in ("1961", "2000")  # the superseded accords' years


def test_a_treaty_retold_with_its_day_and_place_is_the_same_signing() -> None:
    agree = _events("Vladimir Putin and Alexander Lukashenko signed a security treaty in December. "
                    "The treaty was signed in Minsk on December 6, 2024.", EventType.AGREE,
                    published="2024-12-10")
    assert len(agree) == 1
    assert {"Vladimir Putin", "Alexander Lukashenko"} <= set(agree[0].actors)
    assert agree[0].date == "2024-12-06"
    assert agree[0].location == "Minsk"


def test_ratification_instruments_inside_a_signed_protocol_are_no_second_agreement() -> None:
    agree = _events("The protocol on exchanging the ratification instruments was signed by Russian "
                    "Deputy Foreign Minister Andrei Rudenko in Moscow.", EventType.AGREE)
    assert len(agree) <= 1


def test_anniversary_of_an_agreement_dates_its_conclusion() -> None:
    agree = _events(RUS_PRK + "This year marks the 75th anniversary of the conclusion of the "
                    "agreement on economic cooperation between the two countries.", EventType.AGREE,
                    published="2024-03-17")
    assert [m.date for m in agree] == ["1949"]


def test_plan_signed_following_the_talks_takes_their_month() -> None:
    # "following" may be days later: the month is known, the day is not
    agree = _events("Sergei Lavrov held talks with Choe Son Hui in Moscow on November 1. A "
                    "2025-2026 plan of exchanges between the two foreign ministries was signed "
                    "following the talks.", EventType.AGREE, published="2024-11-05")
    assert agree and agree[0].date == "2024-11"


def test_plan_signed_at_the_talks_takes_their_day() -> None:
    agree = _events("Sergei Lavrov held talks with Choe Son Hui in Moscow on November 1. A "
                    "plan of exchanges between the two foreign ministries was signed at the talks.",
                    EventType.AGREE, published="2024-11-05")
    assert agree and agree[0].date == "2024-11-01"


def test_a_treaty_reached_at_a_summit_is_an_agreement() -> None:
    agree = _events(RUS_PRK + "They pledged to uphold the defence treaty reached at a summit in "
                    "Pyongyang last year.", EventType.AGREE)
    assert agree and agree[0].date == "2023"
    assert set(agree[0].countries) == {"RUS", "PRK"}


def test_an_attempt_to_strike_a_deal_is_not_an_agreement() -> None:
    assert not _events("Their efforts to strike a deal between Washington and Pyongyang on the "
                       "nuclear programme collapsed in 2019.", EventType.AGREE)


def test_the_state_thanked_for_sending_troops_is_the_provider() -> None:
    aids = _events(RUS_PRK + "Lavrov thanked North Korea for sending soldiers who helped Russian "
                   "units push Ukrainian forces out of the region.", EventType.AID)
    assert aids and aids[0].countries == ("PRK", "RUS")


def test_troops_carried_aboard_ships_are_aid_but_carrying_out_strikes_is_not() -> None:
    assert _events("About 2,000 North Korean soldiers were carried to Russia aboard Russian navy "
                   "ships.", EventType.AID)
    assert not _events("Russian forces carried out strikes on Ukrainian towns.", EventType.AID)


def test_no_agreements_signed_is_no_agreement() -> None:
    assert not _events("Vladimir Putin met Kim Jong Un in Vladivostok, but the Kremlin said no "
                       "agreements were signed during the summit.", EventType.AGREE)


def test_the_two_leaders_who_signed_include_the_one_the_sentence_names() -> None:
    agree = _events("Vladimir Putin spoke by telephone with Kim Jong Un on Tuesday. Donald Trump "
                    "and Vladimir Putin will meet in Alaska on Friday. Kim Jong Un said he stays "
                    "faithful to the mutual defence pact the two leaders signed last year.",
                    EventType.AGREE, published="2025-08-13")
    assert agree and set(agree[0].actors) == {"Kim Jong Un", "Vladimir Putin"}
    assert set(agree[0].countries) == {"PRK", "RUS"}


def test_assistance_provided_to_a_state_is_aid_but_political_support_is_not() -> None:
    aids = _events("Russia provided assistance to Laos after the floods.", EventType.AID)
    assert aids and aids[0].countries == ("RUS", "LAO")
    assert not _events("China has provided political support to Russia.", EventType.AID)


def test_aid_to_a_state_is_aid_without_a_qualifier() -> None:
    aids = _events("Russian aid to Cuba rose sharply in 2023.", EventType.AID)
    assert aids and aids[0].countries == ("RUS", "CUB")


def test_a_second_signer_in_a_coordinated_clause_is_a_second_act() -> None:
    agree = _events(RUS_PRK + "Vladimir Putin signed the ratification law on November 9, and Kim "
                    "Jong Un ratified the treaty later in November.", EventType.AGREE,
                    published="2024-12-05")
    assert sorted((m.actors, m.date) for m in agree) == [
        (("Kim Jong Un",), "2024-11"), (("Vladimir Putin",), "2024-11-09")]


def test_signed_by_the_two_leaders_names_the_two_people_just_told() -> None:
    agree = _events(RUS_PRK + "Vladimir Putin signed the ratification law on November 9, and Kim "
                    "Jong Un ratified the treaty later in November. The treaty itself was signed "
                    "by the two leaders in Pyongyang on June 19.", EventType.AGREE,
                    published="2024-12-05")
    june = [m for m in agree if m.date == "2024-06-19"]
    assert june and set(june[0].actors) == {"Vladimir Putin", "Kim Jong Un"}


def test_states_that_report_an_aid_are_not_party_to_it() -> None:
    aids = _events(RUS_PRK + "South Korea and Japan say that thousands of North Korean soldiers "
                   "have been sent to Russia.", EventType.AID)
    assert aids and set(aids[0].countries) == {"PRK", "RUS"}


def test_supplying_a_state_with_goods_is_aid() -> None:
    aids = _events("China will supply Russia with drones, officials said.", EventType.AID)
    assert aids and aids[0].countries == ("CHN", "RUS")
    assert aids[0].status == Status.PLANNED


def test_the_nationality_of_the_troops_names_the_provider() -> None:
    aids = _events("Russia received North Korean artillery shells in August.", EventType.AID)
    assert aids and aids[0].countries == ("PRK", "RUS")


def test_aid_denied_stopped_asked_for_or_alleged_is_not_aid() -> None:
    for text in ("Russia denied sending troops to Belarus.",
                 "The United States suspended military aid to Ukraine in March.",
                 "Kim asked Russia for technical assistance.",
                 "Ukraine accused Belarus of supplying fuel to Russian troops.",
                 "Lawmakers debated aid to Ukraine."):
        assert not _events(text, EventType.AID), text


def test_a_refused_or_urged_signing_is_not_an_agreement() -> None:
    for text in ("Russia refused to sign the treaty with Ukraine.",
                 "Moscow urged Pyongyang to ratify the agreement with Russia."):
        assert not _events(text, EventType.AGREE), text


def test_the_deployed_troops_already_told_are_no_new_aid() -> None:
    aids = _events("North Korea sent 3,000 troops to Russia in October. The deployed troops have "
                   "been stationed near Vladivostok.", EventType.AID)
    assert len(aids) == 1


def test_troops_sent_to_territory_held_by_a_state_go_to_that_state() -> None:
    aids = _events("A Ukrainian minister said North Korea has sent troops to Ukrainian territory "
                   "occupied by Russia.", EventType.AID)
    assert aids and aids[0].countries == ("PRK", "RUS")


def test_preparing_to_send_more_is_a_second_planned_aid() -> None:
    aids = _events(RUS_PRK + "Officials said North Korea has sent 3,000 troops to Russia and is "
                   "preparing to send 10,000 more troops.", EventType.AID)
    assert sorted(m.status.value for m in aids) == ["occurred", "planned"]


def test_signing_a_decree_or_a_guest_book_is_no_agreement() -> None:
    for text in ("Putin met Kim in Pyongyang. Putin also signed a decree appointing a new "
                 "ambassador to North Korea.",
                 "Putin met Kim in Pyongyang. Kim signed the guest book at the Kremlin."):
        assert not _events(text, EventType.AGREE), text


def test_signing_documents_or_a_law_ratifying_a_treaty_is_an_agreement() -> None:
    for text in ("Putin met Kim in Pyongyang. The two leaders signed 11 documents on cooperation.",
                 "Putin met Kim in Pyongyang. Putin signed the law ratifying the treaty with "
                 "North Korea."):
        assert _events(text, EventType.AGREE), text


def test_the_state_whose_war_the_aid_supports_receives_it() -> None:
    aids = _events(RUS_PRK + "The comments seemed to concern Pyongyang's deployment of troops to "
                   "support Moscow's offensive.", EventType.AID)
    assert [m.countries for m in aids] == [("PRK", "RUS")]



def test_a_coordinated_act_keeps_its_date_to_itself() -> None:
    aids = _events(RUS_PRK + "Officials met in Seoul on Monday to review the situation. North Korea "
                   "has been shipping artillery shells to Russia, and last autumn it sent thousands "
                   "of soldiers there.", EventType.AID, published="2025-03-21")
    by_label = {m.what: m.date for m in aids}
    assert by_label.get("troops") == "2024"
    assert by_label.get("arms") != "2024"
