"""web-vitals: the only judge of Web Vitals — every measured vital rated on every stage, with the scenario's
thresholds, and a finding for each that is not good. The report colours its tiles by these ratings."""

from detector_cases import evidence, journey, judge, scenario, stage

from walkthroughs.friction.detectors.web_vitals import GOOGLE_THRESHOLDS, rate


def vitals(lcp=1200.0, cls=0.02, inp=None, long_tasks=()):
    load = {"url": "http://shop/p", "step": 0, "requests": 10, "transfer_bytes": 30_000, "long_tasks": list(long_tasks),
            "metrics": {"LCP": {"value": lcp, "attribution": {"element": "img.hero"}},
                        "CLS": {"value": cls, "attribution": {}}, "FCP": {"value": 800, "attribution": {}}}}
    interactions = [{"document": "1", "url": "http://shop/p", "step": 1, "value": inp,
                     "attribution": {"element": "button.buy"}}] if inp else []
    return {"vitals": {"page_loads": [load], "interactions": interactions}}


def test_ratings_follow_googles_thresholds_with_the_boundary_on_the_better_side():
    assert rate(2500, GOOGLE_THRESHOLDS["lcp_ms"]) == "good"
    assert rate(2501, GOOGLE_THRESHOLDS["lcp_ms"]) == "needs-improvement" and rate(4001, (2500, 4000)) == "poor"


def test_every_measured_vital_is_rated_and_a_poor_lcp_is_major():
    record = journey(stage("product"))
    judged = judge("web-vitals", record, evidence(record, {"product": vitals(lcp=4500, inp=300,
                                                                               long_tasks=[[900, 150]])}))
    assert judged.result("product").ratings == {"lcp_ms": "poor", "cls": "good", "inp_ms": "needs-improvement",
                                                "fcp_ms": "good", "tbt_ms": "good"}
    assert sorted((f.severity, f.title.split(":")[0]) for f in judged.findings) == [
        ("info", "The page answers taps slowly"), ("major", "The main content appears late")]


def test_a_stricter_threshold_in_the_scenario_rates_and_finds_alike():
    record = journey(stage("product"))
    info = scenario(record, stage_detectors={"product": {"web-vitals": {"lcp_ms": ["1s", "3s"]}}})
    judged = judge("web-vitals", record, evidence(record, {"product": vitals(lcp=1200)}), info)
    assert judged.result("product").ratings["lcp_ms"] == "needs-improvement"
    [lcp] = judged.findings
    assert (lcp.severity, lcp.evidence.threshold) == ("minor", 1000), "the finding and the rating never disagree"


def test_a_stage_where_nothing_was_loaded_or_tapped_does_not_apply():
    record = journey(stage("cart"))
    judged = judge("web-vitals", record, evidence(record, {"cart": {"vitals": {"page_loads": [], "interactions": []}}}))
    assert judged.result("cart").status == "not_applicable"
