"""Language identification: English news is never refused, other languages are."""

from bilat.documents.language import (
    ENGLISH_FUNCTION_SHARE,
    ENGLISH_FUNCTION_WORDS,
    _classify,
    detect_language,
    letter_count,
    plainly_english,
)

# Short, name-heavy English that py3langid scores a hair below Nigerian Pidgin ("pcm").
NAME_HEAVY = (
    "Vietnamese President To Lam spoke by phone with Indian Prime Minister Narendra Modi in "
    "New Delhi next month.\nBoth delegations included deputy ministers and senior diplomats.\n"
    "Iranian Foreign Minister Abbas Araghchi met Indian Prime Minister Narendra Modi in New "
    "Delhi on Friday.\n"
)


def test_name_heavy_english_is_english() -> None:
    assert detect_language(NAME_HEAVY) == "en"
    # a page cut short: menu, title and half a sentence, scored well below Pidgin
    cut = ("Talks\n\nHome | World | Share\nTalks\nIndian Prime Minister Narendra Modi hosted "
           "Chinese President Xi Jinping i")
    assert detect_language(cut) == "en"
    cut = ("Talks\n\nHome | World | Share\nTalks\nIranian Foreign Minister Abbas Araghchi "
           "hosted North Korean leader Kim Jong Un in Pyongyang ye")  # "bcl" by a hair
    assert detect_language(cut) == "en"


def test_other_languages_are_still_told_apart() -> None:
    german = ("Der Minister traf am Dienstag seinen Amtskollegen in der Hauptstadt und sprach "
              "über Handel, Energie und die Zusammenarbeit beider Länder in den nächsten Jahren.")
    french = ("Le ministre a rencontré mardi son homologue dans la capitale pour discuter du "
              "commerce, de l'énergie et de la coopération entre les deux pays voisins.")
    dutch = ("De minister ontmoette dinsdag zijn ambtgenoot in de hoofdstad en sprak over "
             "handel, energie en de samenwerking tussen beide landen.")
    indonesian = ("Menteri bertemu dengan rekannya di ibu kota pada hari Selasa untuk membahas "
                  "perdagangan, energi dan kerja sama kedua negara.")
    assert detect_language(german) == "de"
    assert detect_language(french) == "fr"
    assert detect_language(dutch) == "nl"
    assert detect_language(indonesian) not in (None, "en")


def test_too_little_text_is_undecided() -> None:
    assert detect_language("Talks in Hanoi.") is None


def test_the_cheap_english_test_agrees_with_the_identifier() -> None:
    """Rule: a text the function-word test calls English is English to py3langid too
    (checked on the example articles; on 2026-12-06, and at today's thresholds on
    2026-12-07, also on every document of both development sets and of the 1,200-document
    benchmark corpus), and prose in other
    languages is never taken by it."""
    from pathlib import Path

    from bilat.config import Settings
    from bilat.documents import prepare
    from bilat.sources import iter_raw

    articles = Path(__file__).resolve().parents[2] / "examples" / "articles"
    taken = 0
    for raw in iter_raw([articles]):
        clean = prepare(raw, Settings()).clean  # type: ignore[arg-type]
        if plainly_english(clean, letter_count(clean)):
            taken += 1
            assert _classify(clean) == "en"
    assert taken >= 10  # the test is what decides most English news


def test_the_cheap_english_test_leaves_other_languages_to_the_identifier() -> None:
    german = ("Der Minister traf am Dienstag seinen Amtskollegen in der Hauptstadt und sprach "
              "über Handel, Energie und die Zusammenarbeit beider Länder in den nächsten "
              "Jahren. Er war in Berlin, als die Nachricht kam, und hat mit ihm am Abend über "
              "die Lage gesprochen, die sich seit dem Sommer verändert hat. ") * 2
    spanish = ("El ministro se reunió el martes con su homólogo en la capital para hablar de "
               "comercio, energía y cooperación entre los dos países vecinos, que firmaron un "
               "acuerdo de amistad hace veinte años y lo renovaron en la última cumbre. ") * 2
    dutch = ("De minister ontmoette dinsdag zijn ambtgenoot in de hoofdstad en sprak over "
             "handel, energie en de samenwerking tussen beide landen, die al jaren goede "
             "buren zijn en in het verleden vaak samen hebben gewerkt aan grote projecten. ") * 2
    for text in (german, spanish, dutch):
        assert not plainly_english(text, letter_count(text))
        assert detect_language(text) != "en"


def test_headline_heavy_english_is_taken_without_the_identifier() -> None:
    """Rule: English news heavy with headlines, figures and names (a sixth of its words
    function words, against a third in running prose) is English by the cheap test; at the
    old threshold of a fifth such pages (111 of the benchmark corpus's 1,200) loaded the
    identifier's model only to be told English."""
    roundup = ("Markets roundup: The index closed 3.5 percent higher\n\nThe index closed 3.5 "
               "percent higher, led by technology and energy stocks. Investors will watch for "
               "retail sales figures due later this week.\n\nExports to Palau fell 3.5 percent "
               "in the third quarter, customs data showed. Bluefield Energy agreed a deal to "
               "buy a smaller rival for 211 million dollars.\n\nAnalysts at Bluefield Energy "
               "expect growth to slow to 3.5 percent next year.\n\nShares in Bluefield Energy "
               "rose 3.5 percent on Saturday after the company issued a statement on its "
               "quarterly results.\n")
    words = roundup.lower().split()
    share = sum(w in ENGLISH_FUNCTION_WORDS for w in words) / len(words)
    assert 0.15 < share < 0.2
    assert plainly_english(roundup, letter_count(roundup))
    assert _classify(roundup) == "en"


def test_a_body_in_another_script_goes_to_the_identifier() -> None:
    """Rule: the function-word share cannot be trusted for scripts written without spaces,
    so a page whose letters are not nearly all unaccented Latin is left to the identifier."""
    frame = ("Home | World | Business | Share this article with friends and family, and "
             "sign up for the newsletter that brings the news of the day to your inbox. ") * 2
    body = "中华人民共和国外交部长今天在北京会见了来访的俄罗斯外交部长双方就两国关系交换了意见" * 3
    page = frame + "\n" + body
    words = page.lower().split()
    assert sum(w in ENGLISH_FUNCTION_WORDS for w in words) >= ENGLISH_FUNCTION_SHARE * len(words)
    assert not plainly_english(page, letter_count(page))


def test_letters_are_counted_as_str_isalpha_counts_them() -> None:
    """ASCII counted in C, the rest character by character: the same count on ASCII,
    accented Latin, Hangul, digits of other scripts, letter-like numerals and symbols."""
    for text in ["", "Putin met Kim.", "Kim Jong Un (김정은) met Шойгу in Pyongyang",
                 "Zürich, Ⅻ, ², ½, ٣, ß and ǅ", "1,200 docs_2024 — “quoted” ☃ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢"]:
        assert letter_count(text) == sum(map(str.isalpha, text))
