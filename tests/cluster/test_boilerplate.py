"""Boilerplate learned from the mailbox: footers and form wrappers go, requests never do."""

from __future__ import annotations

from desk.cluster.boilerplate import BOILERPLATE_MESSAGES, Boilerplate
from desk.cluster.clusterer import DEFAULT_THRESHOLD, Clusterer, Mail, prepare
from desk.cluster.normalise import normalise

# A footer the hand-written patterns do not know (they know the usual disclaimers).
DISCLAIMER = (
    "Rectorat de l'académie de Montpellier - Division des examens et concours\n"
    "31 rue de l'Université, 34064 Montpellier\n"
    "Accueil du public du lundi au vendredi, de 9 h à 12 h et de 14 h à 17 h\n"
)
# 2 KB of footer lines, all different (a long corporate frame).
LONG_FOOTER = "\n".join(
    f"Groupe Scolaire Saint-Exupéry, service {service}, bâtiment {building}, "
    f"standard et accueil des familles du lundi au vendredi sauf jours fériés"
    for service in ("administratif", "comptable", "pédagogique", "informatique")
    for building in ("Nord", "Sud", "Est", "Ouest", "Central")
)
REQUESTS = [
    "Je voudrais savoir quand les livres de CM2 de mon fils seront envoyés.",
    "Pouvez-vous me dire comment réinitialiser le mot de passe de ma fille ?",
    "Mon certificat de scolarité pour la CAF n'est pas arrivé, pouvez-vous le renvoyer ?",
    "La classe virtuelle de mardi ne s'ouvre pas, le lien renvoie une erreur 404.",
    "Est-il possible de payer l'inscription en trois fois par prélèvement ?",
    "Le colis reçu contient les livres de 5e au lieu de ceux de 4e, que faire ?",
]


def body(text: str) -> str:
    return normalise("", text).body


def test_a_footer_many_messages_carry_is_learned_and_removed() -> None:
    learned = Boilerplate()
    texts = [body(f"{request}\n\n{DISCLAIMER}") for request in REQUESTS]
    learned.learn(texts)
    assert len(learned.lines) >= 3
    assert learned.strip(texts[0]) == body(REQUESTS[0])
    # Under the threshold nothing is learned: a line two messages share is no footer.
    few = Boilerplate()
    few.learn(texts[: BOILERPLATE_MESSAGES - 1])
    assert few.lines == set() and few.strip(texts[0]) == texts[0]


def test_identical_texts_count_once() -> None:
    learned = Boilerplate()
    learned.learn([body(f"{REQUESTS[0]}\n{DISCLAIMER}")] * 50)
    assert learned.lines == set()


def test_a_request_copied_by_many_people_is_never_boilerplate() -> None:
    request = "Pouvez-vous réinitialiser le mot de passe de mon fils ?"
    problem = "Le mot de passe de mon fils est refusé depuis lundi."
    learned = Boilerplate()
    learned.learn(body(f"{request}\n{problem}\nMon fils est en {level}.") for level in range(20))
    assert body(request) not in learned.lines
    assert body(problem) not in learned.lines


def test_a_web_form_wrapper_of_any_layout_is_learned_from_its_labels() -> None:
    people = [("Oliver Grant", "UK"), ("Aoife Byrne", "Ireland"), ("Sam Lee", "Canada")]
    people += [("Awa Diop", "Senegal"), ("Tom Hardy", "UK"), ("Lucy Moore", "Wales")]
    forms = [
        body(
            f"New enquiry from the English contact page\nName: {name}\nCountry: {country}\n"
            f"Topic: other\nYour message: {request}"
        )
        for (name, country), request in zip(people, REQUESTS, strict=True)
    ]
    learned = Boilerplate()
    learned.learn(forms)
    assert {"name :", "country :", "your message :"} <= learned.labels
    stripped = learned.strip(forms[1])
    assert stripped == body(REQUESTS[1])
    assert "grant" not in learned.strip(forms[0]) and "country" not in stripped


def test_removal_never_empties_a_message() -> None:
    learned = Boilerplate()
    footer = "Envoyé depuis mon téléphone Galaxy, veuillez excuser les fautes"
    learned.learn(body(f"{request}\n{footer}") for request in REQUESTS)
    assert learned.strip(body(footer)) == body(footer)


def test_every_message_framed_by_the_same_long_header_still_clusters_by_request() -> None:
    # 2 KB of the same frame above every message (a portal's relay): cut at the compared
    # length, every message would be the frame alone, and one cluster.
    long_disclaimer = LONG_FOOTER
    assert len(body(long_disclaimer)) > 2000
    mails = []
    for copy in range(4):
        for number, request in enumerate(REQUESTS):
            text = request.replace("mon fils", "mon fils Tom" if copy % 2 else "mon fils")
            mails.append(Mail(f"r{number}-{copy}", "", f"{long_disclaimer}\n\n{text}"))
    clusterer = Clusterer(DEFAULT_THRESHOLD)
    clusterer.add_batch(prepare(mail) for mail in mails)
    found = clusterer.assignments()
    for number in range(len(REQUESTS)):
        assert len({found[f"r{number}-{copy}"] for copy in range(4)}) == 1
    assert len(set(found.values())) == len(REQUESTS)


def test_a_signature_longer_than_the_request_does_not_glue_requests() -> None:
    signature = (
        "Jean-Pierre Marchand\nResponsable des achats\nBoulangeries Marchand SAS\n"
        "12 rue des Tanneurs, 69002 Lyon\nTél. 04 78 00 00 00 – Portable 06 00 00 00 00\n"
        "www.boulangeries-marchand.example"
    )
    mails = [Mail(f"s{i}", "", f"{r}\n\n{signature}") for i, r in enumerate(REQUESTS[:3])]
    clusterer = Clusterer(DEFAULT_THRESHOLD)
    clusterer.add_batch(prepare(mail) for mail in mails)
    assert len(set(clusterer.assignments().values())) == 3


def test_a_request_others_append_as_their_second_question_is_not_boilerplate() -> None:
    # Written without a question, it recurs in many different two-request messages; but
    # some message is just that request, so it is what people ask, not a footer.
    request = "L'appli marche plus sur mon tel, l'écran reste blanc au démarrage"
    firsts = [r.rstrip("?.") + "." for r in REQUESTS]
    learned = Boilerplate()
    learned.learn([body(request), *(body(f"{first}\nAutre chose\n{request}") for first in firsts)])
    assert body(request) not in learned.lines
    without = Boilerplate()  # the same lines, never seen alone: learned as shared
    without.learn(body(f"{first}\n{request}") for first in firsts)
    assert body(request) in without.lines


def test_a_sentence_with_a_colon_is_no_form_label() -> None:
    learned = Boilerplate()
    learned.learn(
        body(f"Le devoir corrigé est illisible : {first}\nAutre question : {first}")
        for first in REQUESTS
    )
    assert learned.labels == set()
