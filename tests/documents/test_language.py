"""Language identification: English news is never refused, other languages are."""

from bilat.documents.language import detect_language

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
