"""The form's save path on app pages: every click written at once, the live panel drawn after a burst,
the "saving…" and "connection lost" words in the page's language."""
import asyncio

from sedamkit.core.answers import read_answers
from sedamkit.ui import forms
from sedamkit.ui.forms import QuestionnaireForm

ITEMS = ["talent_specify", "funding_budget", "funding_case", "talent_learning_time", "need_strategy_gap_tools"]


def _counting_live(calls):
    def live():
        calls.append(1)
        return f"panel {len(calls)}"
    return live


def test_in_a_kernel_each_click_is_written_at_once_and_the_panel_drawn_once_after_the_burst(spec, tmp_path):
    path = tmp_path / "ceo.json"
    calls = []
    form = QuestionnaireForm(spec, path, "ceo", live=_counting_live(calls), live_delay=0.2)
    assert calls == [1]                                           # drawn once when the form opens

    async def burst():
        for n, iid in enumerate(ITEMS):
            form.answer(iid, 1 + n % 5)
            # written before the next click is handled, and the status says so only then
            assert read_answers(path, spec)["answers"][iid] == 1 + n % 5
            assert "✔" in form.status.value
        assert calls == [1]                                       # no redraw during the burst
        await asyncio.sleep(0.4)

    asyncio.run(burst())
    assert calls == [1, 1]                                        # one redraw for the whole burst
    assert form.output.outputs[0]["data"]["text/plain"] == "panel 2"
    assert form.progress.value == len(ITEMS)


def test_the_last_click_on_an_item_wins_and_nothing_is_lost(spec, tmp_path):
    path = tmp_path / "ceo.json"
    form = QuestionnaireForm(spec, path, "ceo", live=lambda: None, live_delay=0.2)

    async def burst():
        for v in (1, 2, 3, 5, 4):
            form.answer("talent_specify", v)
        form.answer("funding_budget", None)
        form.answer("funding_case", 2, comment="Board in May")

    asyncio.run(burst())
    saved = read_answers(path, spec)
    assert saved["answers"] == {"talent_specify": 4, "funding_budget": None, "funding_case": 2}
    assert saved["comments"] == {"funding_case": "Board in May"}


def test_a_long_burst_still_updates_the_panel(spec, tmp_path, monkeypatch):
    monkeypatch.setattr(forms, "LIVE_MAX_WAIT", 0.3)
    calls = []
    form = QuestionnaireForm(spec, tmp_path / "ceo.json", "ceo", live=_counting_live(calls), live_delay=0.25)

    async def clicking():
        for n in range(10):                                       # a click every 0.1 s for 1 s
            form.answer(ITEMS[n % len(ITEMS)], 1 + n % 5)
            await asyncio.sleep(0.1)

    asyncio.run(clicking())
    assert len(calls) >= 3                                        # the opening draw and at least 2 during


def test_outside_a_kernel_the_panel_follows_every_save(spec, tmp_path):
    calls = []
    form = QuestionnaireForm(spec, tmp_path / "ceo.json", "ceo", live=_counting_live(calls))
    form.answer("talent_specify", 3)
    form.answer("funding_budget", 2)
    assert len(calls) == 3 and form.output.outputs[0]["data"]["text/plain"] == "panel 3"


def test_a_failing_panel_is_a_plain_problem_and_the_answer_is_saved(spec, tmp_path):
    from sedamkit.core.errors import Problem, SedamError

    def live():
        raise SedamError(Problem("ANS001", str(tmp_path / "x.json"), None, "the file cannot be read", "fix it"))

    path = tmp_path / "ceo.json"
    form = QuestionnaireForm(spec, path, "ceo", live=live)
    form.answer("talent_specify", 3)
    assert read_answers(path, spec)["answers"] == {"talent_specify": 3}
    html = form.output.outputs[0]["data"]["text/html"]
    assert "ANS001" in html and "Traceback" not in html


def test_the_saving_and_lost_words_are_in_the_form_language(spec, tmp_path):
    from dataclasses import replace

    form = QuestionnaireForm(spec, tmp_path / "ceo.json", "ceo")
    assert "saving…" in form.pending.value and "Connection lost" in form.pending.value
    assert "sedam-status" in form.status._dom_classes and "sedam-pending" in form.pending._dom_classes
    assert form.pending in form.widget.children[1].children      # beside the progress and the status
    assert ".sedam-form .sedam-pending { display: none; }" in form.widget.children[0].value  # hidden in a notebook
    fr = replace(spec, language="fr")
    form_fr = QuestionnaireForm(fr, tmp_path / "cfo.json", "cfo")
    assert "enregistrement en cours…" in form_fr.pending.value
    assert ("Connexion perdue — vos dernières réponses ne sont peut-être pas enregistrées. Rechargez la page."
            in form_fr.pending.value)


def test_a_writer_cache_skips_rereading_its_own_file_but_never_another_writers_save(spec, tmp_path, monkeypatch):
    import sedamkit.core.answers as A

    path = tmp_path / "ceo.json"
    reads = []
    real = A.read_answers
    monkeypatch.setattr(A, "read_answers", lambda p, s: reads.append(p) or real(p, s))
    cache = {}
    A.merge_save(path, spec, "ceo", {"answers": {"talent_specify": 4}}, cache=cache)
    A.merge_save(path, spec, "ceo", {"answers": {"funding_budget": 2}}, cache=cache)
    assert reads == []                                            # its own file: not read again
    A.merge_save(path, spec, "ceo", {"answers": {"talent_specify": 5}})   # another tab saves
    doc, _ = A.merge_save(path, spec, "ceo", {"answers": {"funding_case": 3}}, cache=cache)
    assert len(reads) == 2                                        # the other tab's save (and this one) read it
    assert doc["answers"] == {"talent_specify": 5, "funding_budget": 2, "funding_case": 3}
    assert real(path, spec)["answers"] == doc["answers"]
