"""The trained crisis classifier: its units, its one policy, the shipped weights, the model pass in the
registry, and the training command's rules (relabelling, group splits, reproducibility).

Every sentence here was written for these tests; nothing comes from the evaluation data.
"""

import json

import numpy as np
import pytest

from moderation.detectors import Category, screen_slow, screen_text
from moderation.detectors import classifier as clf
from moderation.detectors.classifier_units import MAX_UNITS, sentence_units
from moderation.detectors.crisis_model import CrisisModelDetector
from moderation.detectors.linear import load_weights

from .tiny_eval_data import write_tiny_eval_data

DISCLOSURE = (
    "I can't do this anymore. I want to die and I keep thinking about how I would do it. "
    "Nobody would even notice if I was gone."
)
SUPPORT = (
    "Reading the replies here makes me feel less alone. Thank you all for sharing, "
    "it really helps to know other people get it."
)


def test_sentence_units_keep_order_drop_fragments_and_cap_long_texts_by_distress_first():
    assert sentence_units("ok. I feel so alone tonight. The bus was late again today.") == [
        "i feel so alone tonight",
        "the bus was late again today",
    ]
    filler = " ".join(f"the train number {i} left on time." for i in range(30))
    units = sentence_units(filler + " I feel hopeless and empty and alone.")
    assert len(units) == MAX_UNITS
    assert units[-1] == "i feel hopeless and empty and alone"  # kept, and still in its place (last)


@pytest.mark.parametrize(
    ("p", "lane", "alerts"),
    [(0.10, False, False), (0.50, True, False), (0.95, True, True)],
)
def test_one_policy_weak_below_lane_low_priority_lane_then_alert(p, lane, alerts):
    scored = clf.Scored(probability=p, best_sentence="", best_sentence_probability=p, lexical_support=False)
    decision = clf.decide(scored, lane=0.4, alert=0.9)
    assert (decision.enters_lane, decision.alerts) == (lane, alerts)


def test_admin_overrides_replace_the_fitted_thresholds_and_alert_never_sits_below_lane():
    model = {"thresholds": {"lane": 0.4, "alert": 0.9}}
    assert clf.policy_thresholds(model) == (0.4, 0.9)
    assert clf.policy_thresholds(model, {"crisis.lane": 0.5, "crisis.alert": 0.8}) == (0.5, 0.8)
    assert clf.policy_thresholds(model, {"crisis.lane": 0.95}) == (0.95, 0.95)


@pytest.mark.parametrize("backend_name", ["minilm", "lexical"])
def test_shipped_weights_hold_a_calibrated_model_and_policy_per_backend_as_numbers_only(backend_name):
    model = load_weights()["crisis_classifier"][backend_name]
    th = model["thresholds"]
    assert 0 < th["lane"] <= th["alert"] < 1
    assert model["calibration"]["a"] > 0  # a higher decision value is a higher probability
    for part in ("sentence", "document"):
        m = model[part]
        assert len(m["coef"]) == len(m["mean"]) == len(m["scale"])
        assert all(isinstance(v, float | int) for v in m["coef"] + m["mean"] + m["scale"])
    dim = model["embedding_dim"]
    assert len(model["sentence"]["coef"]) == dim + len(clf.SENTENCE_LEXICAL)
    assert len(model["document"]["coef"]) == dim + len(clf.DOCUMENT_LEXICAL) + len(clf.SENTENCE_AGGREGATES)
    assert (dim == 0) == (backend_name == "lexical")


def test_the_lexical_fallback_model_runs_without_an_encoder_and_ranks_a_disclosure_above_support():
    model = clf.model_for("lexical")
    disclosure, support = clf.score_batch([DISCLOSURE, SUPPORT], model, encode=None)
    assert disclosure.probability > 0.5 > support.probability
    assert disclosure.best_sentence  # a sentence a moderator can read as evidence


def test_the_model_pass_takes_its_thresholds_from_the_map_it_is_given(lexical_backend):
    everything = screen_slow([(SUPPORT, None)], thresholds={"crisis.lane": 0.0, "crisis.alert": 1.0})[0]
    crisis = [f for f in everything if f.category == Category.CRISIS]
    assert crisis and crisis[0].detector == "crisis.model" and crisis[0].severity == "low"
    nothing = screen_slow([(DISCLOSURE, None)], thresholds={"crisis.lane": 1.0, "crisis.alert": 1.0})[0]
    assert not [f for f in nothing if f.category == Category.CRISIS and f.detector == "crisis.model"]


def test_the_model_pass_alerts_only_at_the_alert_threshold(lexical_backend):
    found = screen_slow([(DISCLOSURE, None)], thresholds={"crisis.lane": 0.0, "crisis.alert": 0.0})[0]
    model = next(f for f in found if f.category == Category.CRISIS)
    assert model.severity == "medium" and "crisis model: probability" in " ".join(model.evidence)


def test_the_model_pass_never_rates_high_on_its_own(monkeypatch):
    det = CrisisModelDetector(encode=lambda units: np.zeros((len(units), 384), dtype=np.float32))
    monkeypatch.setattr(clf, "model_for", lambda name: {"thresholds": {"lane": 0.1, "alert": 0.2}})
    monkeypatch.setattr(clf, "score_batch", lambda texts, m, encode: [clf.Scored(0.999, "x", 0.999, False)])
    found = det.screen_batch([("anything at all here", None)], {})[0]
    assert [(f.severity, f.subtype) for f in found] == [("medium", "risk_model")]


def test_the_admin_says_when_the_lexical_fallback_screens(lexical_backend):
    assert clf.describe_active().startswith("LEXICAL FALLBACK")


@pytest.mark.slow
def test_minilm_model_keeps_hopeful_and_supportive_lines_out_of_the_safety_lane(minilm_backend):
    for text in (
        SUPPORT,
        "Medication helped me more than talking, honestly. Six months in and I sleep again.",
        "You are not alone in this. Please keep posting, we are all rooting for you.",
        "Therapy was awkward at first but my counsellor is kind and it is getting easier.",
    ):
        assert not [f for f in screen_text(text) if f.category == Category.CRISIS], text


@pytest.mark.slow
def test_minilm_model_alerts_on_a_disclosure_and_ignores_negation_and_someone_else(minilm_backend):
    found = screen_slow([(DISCLOSURE, None)])[0]
    model = next(f for f in found if f.category == Category.CRISIS)
    assert model.detector == "crisis.model" and model.severity == "medium"
    for text in (
        "I'm not suicidal and I would never hurt myself, I'm just tired of my commute.",
        "My brother keeps saying he wants to die and I don't know how to help him.",
        "Please don't ever think nobody would miss you. We would, every one of us.",
    ):
        assert not [f for f in screen_slow([(text, None)])[0] if f.category == Category.CRISIS], text


# --- training rules (need scikit-learn, the train extra) -----------------------------------------------


@pytest.fixture
def tiny_data(tmp_path):
    return write_tiny_eval_data(tmp_path)


def test_rows_of_one_conversation_are_all_on_the_same_side_of_the_split(tiny_data):
    from moderation.detectors.training.data import load_crisis_items

    items = load_crisis_items(tiny_data)
    sides: dict[str, set[bool]] = {}
    for it in items:
        sides.setdefault(f"{it.dataset}:{it.group}", set()).add(it.held_out)
    assert all(len(s) == 1 for s in sides.values())
    esconv = [it for it in items if it.dataset == "esconv"]
    assert 0 < sum(it.held_out for it in esconv) < len(esconv)


def test_a_label_0_row_stating_current_first_person_ideation_is_relabelled_and_others_are_not():
    pytest.importorskip("sklearn")
    from moderation.detectors.training.data import Item
    from moderation.detectors.training.fit import relabel_target

    def item(text, dataset="esconv", label=0, role=""):
        return Item(dataset, text, "g", label, False, role=role)

    assert relabel_target(item("Honestly I want to die, nothing is getting better."))[0] == 1
    assert relabel_target(item("I'm not suicidal, just worn out by this job."))[0] == 0
    assert relabel_target(item("Years ago I wanted to die, but therapy helped me a lot."))[0] == 0
    assert relabel_target(item("My friend told me she wants to kill herself."))[0] == 0
    # Expert labels are never relabelled; Indicator users are measured, not fitted.
    assert relabel_target(item("I want to die.", dataset="cssrs", role="Supportive"))[0] == 0
    assert relabel_target(item("Work is hard.", dataset="cssrs", role="Indicator"))[0] == -1


def test_training_is_reproducible_and_writes_numbers_only(tiny_data, tmp_path):
    pytest.importorskip("sklearn")
    from moderation.detectors.training.fit import train

    out_a, out_b = tmp_path / "a.json", tmp_path / "b.json"
    train(tiny_data, backend_name="lexical", with_embeddings=False, out=out_a, log=None)
    train(tiny_data, backend_name="lexical", with_embeddings=False, out=out_b, log=None)
    a, b = json.loads(out_a.read_text()), json.loads(out_b.read_text())
    for m in (a, b):
        m["crisis_classifier"]["lexical"]["trained"].pop("date")
    assert a == b
    model = a["crisis_classifier"]["lexical"]
    assert 0 < model["thresholds"]["lane"] <= model["thresholds"]["alert"] < 1
    load_weights.cache_clear()
    clf.model_for.cache_clear()


@pytest.mark.django_db
def test_crisis_lane_and_alert_thresholds_set_in_the_admin_reach_the_model_pass(lexical_backend):
    from moderation.models import DetectorThreshold
    from moderation.services.screening import current_thresholds

    DetectorThreshold.objects.create(category="crisis.lane", threshold=0.0)
    DetectorThreshold.objects.create(category="crisis.alert", threshold=1.0)
    found = screen_slow([(SUPPORT, None)], thresholds=current_thresholds())[0]
    assert [(f.detector, f.severity) for f in found if f.category == Category.CRISIS] == [
        ("crisis.model", "low")
    ]


def test_the_threshold_admin_page_names_the_crisis_model_and_the_lexical_fallback(
    client, admin_member, lexical_backend
):
    from django.urls import reverse

    client.force_login(admin_member)
    page = client.get(reverse("admin:moderation_detectorthreshold_changelist")).content.decode()
    assert "LEXICAL FALLBACK (ML dependencies not installed)" in page
    assert "fitted thresholds: lane" in page
