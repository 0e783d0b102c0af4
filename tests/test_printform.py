"""The paper questionnaire: every item once with its boxes, spec text escaped, the chosen language,
and a PDF printed offline whose first page renders."""
import html
import re
import subprocess

import pytest
import yaml

from sedamkit.core.errors import SedamError
from sedamkit.core.spec import load_spec, spec_from_dict
from sedamkit.delivery.cli import main
from sedamkit.delivery.pdf import available as pdf_available
from sedamkit.delivery.printform import print_questionnaires, questionnaire_html


def test_every_item_is_there_once_numbered_once_with_one_box_per_label():
    spec = load_spec("necessity_feasibility", language="fr")
    page = questionnaire_html(spec)
    rows = re.findall(r"<tr id='item-([a-z0-9_]+)'><td class='num'>(\d+)</td>(.*?)</tr>", page, re.S)
    assert sorted(r[0] for r in rows) == sorted(spec.item_ids)                 # each item, once
    assert [int(r[1]) for r in rows] == list(range(1, len(spec.items) + 1))    # numbered 1..n, once each
    for item_id, n, cells in rows:
        it = spec.item(item_id)
        sc = spec.scales[it.scale]
        assert cells.count("class='box'") == len(sc.values) + sc.allow_na
        assert html.escape(spec.text(it.text), quote=False).replace("'", "&#x27;") in cells \
            or html.escape(spec.text(it.text)) in cells
        assert f">{n}<" not in cells                                           # the number is not repeated
    for a in spec.areas:
        assert html.escape(spec.text(a["title"])).replace("&#x27;", "'") in page.replace("&#x27;", "'")
    assert "Pas du tout d&#x27;accord" in page or "Pas du tout d'accord" in page
    assert 'lang="fr"' in page and "Strongly disagree" not in page
    cond = [it for it in spec.items if it.show_if]
    assert cond and "Répondez seulement si la réponse à la question" in page


def test_spec_text_is_escaped(spec_data):
    spec_data["title"]["en"] = "Survey <script>alert(1)</script>"
    spec_data["items"][0]["text"]["en"] = 'Do you "trust" <img src=x onerror=alert(2)> & us?'
    spec_data["areas"][0]["title"]["en"] = "<b>bold</b> area"
    page = questionnaire_html(spec_from_dict(spec_data))
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>bold" not in page
    assert "&lt;script&gt;" in page and "&lt;img src=x onerror=alert(2)&gt; &amp; us?" in page


def test_a_language_the_questionnaire_lacks_is_refused(tmp_path):
    with pytest.raises(SedamError, match="EDU008"):
        print_questionnaires("necessity_feasibility", tmp_path, language="de")
    assert not list(tmp_path.iterdir())


def test_a_client_folder_prints_each_questionnaire_in_its_language(tmp_path, spec_data, capsys):
    client = tmp_path / "client"
    client.mkdir()
    (client / "client.yaml").write_text(yaml.safe_dump({"name": "Café Été", "id": "cafe", "language": "fr"}))
    assert main(["print", str(client), "--out", str(tmp_path / "out")]) == 0
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["mission_review.fr.html", "necessity_feasibility.fr.html"]
    yaml_file = tmp_path / "mine.yaml"
    yaml_file.write_text(yaml.safe_dump(spec_data, allow_unicode=True))
    assert main(["print", str(yaml_file), "--lang", "en", "--out", str(tmp_path / "out2")]) == 0
    assert (tmp_path / "out2" / f"{spec_data['id']}.en.html").is_file()
    assert main(["print", "no_such_questionnaire", "--out", str(tmp_path / "out3")]) == 1
    assert "SPEC012" in capsys.readouterr().err


def test_the_pdf_is_printed_offline_and_page_one_renders(tmp_path):
    if not pdf_available():
        pytest.skip("no WeasyPrint (the offline proof is tests/test_pdf_offline.py)")
    written = print_questionnaires("necessity_feasibility", tmp_path, language="en", pdf=True, log=None)
    pdf = tmp_path / "necessity_feasibility.en.pdf"
    assert pdf in written and pdf.read_bytes()[:5] == b"%PDF-"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "A4" in info and int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 2
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")], check=True)
    assert (tmp_path / "p-1.png").stat().st_size > 10_000
    text = " ".join(subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True,
                                   text=True).stdout.split())
    assert "Necessity and feasibility" in text and "Strongly disagree" in text
    assert not list(tmp_path.glob(".*.tmp"))
