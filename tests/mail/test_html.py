"""HTML for display is inert; HTML turned into text reads like the mail it was."""

from __future__ import annotations

from desk.mail.html import html_to_text, sanitise_html


def test_nothing_runs_nothing_loads() -> None:
    dirty = (
        '<p onclick="steal()" style="background:url(http://t.example/x)">Bonjour</p>'
        "<script>alert(1)</script><style>p{}</style>"
        '<img src="https://tracker.example/p.gif"><iframe src="https://x.example"></iframe>'
        '<form action="https://phish.example"><input name="pw"></form>'
        '<a href="javascript:alert(1)">piège</a><a href="https://www.example-edu.fr">site</a>'
        "<object data='x.swf'></object>"
    )
    clean = sanitise_html(dirty)
    for banned in ("onclick", "style", "script", "alert", "<img", "iframe", "<form", "<input",
                   "javascript:", "<object", "tracker.example"):  # fmt: skip
        assert banned not in clean, banned
    assert "Bonjour" in clean
    assert 'href="https://www.example-edu.fr"' in clean
    assert 'rel="noopener noreferrer"' in clean


def test_paragraphs_breaks_entities_and_lists() -> None:
    html = (
        "<html><head><title>t</title><style>.a{}</style></head><body>"
        "<p>&Eacute;l&egrave;ve&nbsp;inscrit &amp; motiv&eacute;</p>"
        "<div>ligne 1<br>ligne 2</div><ul><li>un</li><li>deux</li></ul>"
        "<script>var x = 1;</script></body></html>"
    )
    assert html_to_text(html) == "Élève inscrit & motivé\n\nligne 1\nligne 2\n\n- un\n- deux"


def test_gmail_quote_becomes_prefixed_lines() -> None:
    html = (
        '<div dir="ltr">Toujours pas de réponse ?</div><br>'
        '<div class="gmail_quote"><div class="gmail_attr">Le lun. 16 mars 2020 à 09:12, '
        "Camille &lt;c@x.fr&gt; a écrit :<br></div>"
        '<blockquote class="gmail_quote">Mon fils ne peut pas<br>se connecter.'
        "<blockquote>plus ancien</blockquote></blockquote></div>"
    )
    assert html_to_text(html) == (
        "Toujours pas de réponse ?\n\nLe lun. 16 mars 2020 à 09:12, Camille <c@x.fr> a écrit :"
        "\n\n> Mon fils ne peut pas\n> se connecter.\n>\n> > plus ancien"
    )


def test_broken_markup_still_gives_text() -> None:
    assert html_to_text("<p>début <b>gras <i>sans fin") == "début gras sans fin"
    assert html_to_text("</blockquote></blockquote>texte") == "texte"
    assert html_to_text("a < b et c > d") == "a < b et c > d"
