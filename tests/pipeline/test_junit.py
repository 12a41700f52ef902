"""JUnit XML from a saved run, read back with junitparser and checked against the shape CI tools expect."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from junitparser import Error, Failure, JUnitXml, Skipped
from saved_runs import broken_journey, completed_journey, run_result

from walkthroughs.ci.junit import write_junit

ALLOWED = {  # element → attributes the common JUnit schema (Jenkins' junit-10.xsd) allows on it
    "testsuites": {"name", "tests", "failures", "errors", "skipped", "time", "disabled"},
    "testsuite": {"name", "tests", "failures", "errors", "skipped", "time", "timestamp", "hostname", "id", "package",
                  "disabled"},
    "testcase": {"name", "classname", "time", "assertions", "status"},
    "failure": {"message", "type"}, "error": {"message", "type"}, "skipped": {"message"},
    "properties": set(), "property": {"name", "value"}, "system-out": set(), "system-err": set(),
}


def cases_by_name(xml: JUnitXml) -> dict[tuple[str, str], object]:
    return {(case.classname, case.name): case for suite in xml for case in suite}


def test_one_case_per_stage_and_device_with_findings_as_failure_text(tmp_path):
    path = write_junit(run_result([completed_journey(), broken_journey()], fail_on="major"), tmp_path / "junit.xml")
    xml = JUnitXml.fromfile(str(path))
    cases = cases_by_name(xml)
    assert sorted(cases) == sorted((f"checkout-journey.{device}", stage) for device in ("desktop", "mobile")
                                   for stage in ("ad landing", "product", "cart"))
    assert cases[("checkout-journey.desktop", "ad landing")].is_passed
    cart = cases[("checkout-journey.desktop", "cart")]
    [failure] = cart.result
    assert isinstance(failure, Failure) and failure.type == "friction"
    assert "Shipping appears only at the end" in failure.message
    assert "[major] Shipping appears only at the end — Show the shipping cost in the cart. (hidden-costs)" in failure.text
    product = cases[("checkout-journey.desktop", "product")]
    assert product.is_passed and "[minor] Slow product page" in product.system_out  # below the threshold: told, not failed
    lost = cases[("checkout-journey.mobile", "product")]
    [broken] = lost.result
    assert broken.type == "broken" and "cookie banner covers it" in broken.message
    assert "journeys/checkout-journey--mobile/02-product/failure.jpg" in broken.text
    [skipped] = cases[("checkout-journey.mobile", "cart")].result
    assert isinstance(skipped, Skipped) and "lost at “product”" in skipped.message
    assert (xml.tests, xml.failures, xml.errors, xml.skipped) == (6, 2, 0, 1)


def test_no_threshold_lists_findings_without_failing(tmp_path):
    xml = JUnitXml.fromfile(str(write_junit(run_result([completed_journey()], fail_on=None), tmp_path / "j.xml")))
    assert all(case.is_passed for suite in xml for case in suite)
    assert "[major] Shipping appears only at the end" in cases_by_name(xml)[("checkout-journey.desktop", "cart")].system_out


def test_a_journey_the_browser_could_not_walk_is_an_error(tmp_path):
    journey = broken_journey()
    journey.status, journey.error = "error", "TargetClosedError: the browser closed"
    for stage in journey.stages:
        stage.status, stage.steps, stage.failure = "not_reached", [], None
    xml = JUnitXml.fromfile(str(write_junit(run_result([journey]), tmp_path / "j.xml")))
    results = [case.result[0] for suite in xml for case in suite]
    assert all(isinstance(result, Error) and "browser closed" in result.message for result in results)
    assert xml.errors == 3


def test_the_file_keeps_to_the_junit_schema(tmp_path):
    root = ET.parse(write_junit(run_result([completed_journey(), broken_journey()]), tmp_path / "j.xml")).getroot()
    assert root.tag == "testsuites"
    for element in root.iter():
        assert element.tag in ALLOWED, element.tag
        assert set(element.attrib) <= ALLOWED[element.tag], (element.tag, element.attrib)
    for suite in root.findall("testsuite"):
        assert int(suite.get("tests")) == len(suite.findall("testcase"))
        for case in suite.findall("testcase"):
            float(case.get("time"))
            assert len([child for child in case if child.tag in ("failure", "error", "skipped")]) <= 1
