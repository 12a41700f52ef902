"""JUnit XML from a saved run, read back with junitparser and checked against the shape CI tools expect: the case
names both front doors share, each case's scenario file and line, pictures relative to the XML file."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from junitparser import Error, Failure, JUnitXml, Skipped
from saved_runs import broken_journey, checks_failed_journey, completed_journey, run_result, save_run

from walkthroughs.ci.junit import write_junit

ALLOWED = {  # element → attributes the common JUnit schema (Jenkins' junit-10.xsd) allows on it
    "testsuites": {"name", "tests", "failures", "errors", "skipped", "time", "disabled"},
    "testsuite": {"name", "tests", "failures", "errors", "skipped", "time", "timestamp", "hostname", "id", "package",
                  "disabled"},
    # file and line besides: pytest (xunit1), GitLab and GitHub's test-report actions read them
    "testcase": {"name", "classname", "time", "assertions", "status", "file", "line"},
    "failure": {"message", "type"}, "error": {"message", "type"}, "skipped": {"message"},
    "properties": set(), "property": {"name", "value"}, "system-out": set(), "system-err": set(),
}
FILE = "scenarios/demo-shop.yaml"


def cases_by_name(xml: JUnitXml) -> dict[tuple[str, str], object]:
    return {(case.classname, case.name): case for suite in xml for case in suite}


def test_a_case_per_journey_named_as_pytest_names_the_plugins_items(tmp_path):
    path = write_junit(run_result([completed_journey(), broken_journey()], fail_on="major"), tmp_path / "junit.xml")
    xml = JUnitXml.fromfile(str(path))
    cases = cases_by_name(xml)
    # pytest's junitxml names `scenarios/demo-shop.yaml::checkout-journey[mobile]` exactly so
    assert sorted(cases) == [("scenarios.demo-shop.yaml", "checkout-journey[desktop]"),
                             ("scenarios.demo-shop.yaml", "checkout-journey[mobile]")]
    desktop = cases[("scenarios.demo-shop.yaml", "checkout-journey[desktop]")]
    [failure] = desktop.result
    assert isinstance(failure, Failure) and failure.type == "friction"
    assert "[major] Shipping appears only at the end — Show the shipping cost in the cart. (hidden-costs)" in failure.text
    assert "[minor] Slow product page" in desktop.system_out  # below the threshold: told, not failed
    mobile = cases[("scenarios.demo-shop.yaml", "checkout-journey[mobile]")]
    [broken] = mobile.result
    assert broken.type == "broken" and "lost at “product” at step “click Add to cart”" in broken.message
    root = ET.parse(path).getroot()
    attributes = {case.get("name"): (case.get("file"), case.get("line")) for case in root.iter("testcase")}
    assert attributes == {"checkout-journey[desktop]": (FILE, "16"), "checkout-journey[mobile]": (FILE, "13")}
    assert (xml.tests, xml.failures, xml.errors, xml.skipped) == (2, 2, 0, 0)


def test_a_case_per_stage_carries_the_line_of_its_problem_or_its_stage(tmp_path):
    path = write_junit(run_result([completed_journey(), broken_journey()], fail_on="major"), tmp_path / "junit.xml",
                       granularity="stage")
    xml = JUnitXml.fromfile(str(path))
    cases = cases_by_name(xml)
    journey = "scenarios.demo-shop.yaml.checkout-journey"
    assert sorted(cases) == sorted((f"{journey}[{device}]", stage) for device in ("desktop", "mobile")
                                   for stage in ("ad landing", "product", "cart"))
    assert cases[(f"{journey}[desktop]", "ad landing")].is_passed
    [failure] = cases[(f"{journey}[desktop]", "cart")].result
    assert isinstance(failure, Failure) and "Shipping appears only at the end" in failure.message
    [skipped] = cases[(f"{journey}[mobile]", "cart")].result
    assert isinstance(skipped, Skipped) and "lost at “product”" in skipped.message
    lines = {(case.get("classname"), case.get("name")): case.get("line") for case in ET.parse(path).getroot().iter("testcase")}
    assert lines[(f"{journey}[mobile]", "product")] == "13"  # the step the shopper was lost at
    assert lines[(f"{journey}[mobile]", "cart")] == "16" and lines[(f"{journey}[desktop]", "ad landing")] == "5"
    assert (xml.tests, xml.failures, xml.errors, xml.skipped) == (6, 2, 0, 1)


def test_pictures_are_relative_to_the_xml_file_and_listed_as_attachments(tmp_path):
    reports = tmp_path / "reports"
    run_dir = save_run(reports, run_result([broken_journey()]))
    shot = run_dir / "journeys" / "checkout-journey--mobile" / "02-product" / "failure.jpg"
    shot.parent.mkdir(parents=True)
    shot.write_bytes(b"\xff\xd8")
    path = write_junit(run_result([broken_journey()]), tmp_path / "merged" / "junit.xml", run_dir=run_dir)
    [case] = [case for suite in JUnitXml.fromfile(str(path)) for case in suite]
    relative = "../reports/20260102-100000-aaaa/journeys/checkout-journey--mobile/02-product/failure.jpg"
    assert f"screenshot: {relative}" in case.result[0].text
    assert f"[[ATTACHMENT|{relative}]]" in case.system_out
    assert (path.parent / relative).resolve() == shot.resolve()  # it points at the real file


def test_no_threshold_lists_findings_without_failing(tmp_path):
    xml = JUnitXml.fromfile(str(write_junit(run_result([completed_journey()], fail_on=None), tmp_path / "j.xml")))
    assert all(case.is_passed for suite in xml for case in suite)
    [case] = [case for suite in xml for case in suite]
    assert "[major] Shipping appears only at the end" in case.system_out


def test_a_journey_the_browser_could_not_walk_is_an_error(tmp_path):
    journey = broken_journey()
    journey.status, journey.error = "error", "TargetClosedError: the browser closed"
    for stage in journey.stages:
        stage.status, stage.steps, stage.failure = "not_reached", [], None
    for granularity, count in (("journey", 1), ("stage", 3)):
        xml = JUnitXml.fromfile(str(write_junit(run_result([journey]), tmp_path / "j.xml", granularity)))
        results = [case.result[0] for suite in xml for case in suite]
        assert all(isinstance(result, Error) and "browser closed" in result.message for result in results)
        assert xml.errors == count


def test_the_file_keeps_to_the_junit_schema(tmp_path):
    for granularity in ("journey", "stage"):
        root = ET.parse(write_junit(run_result([completed_journey(), broken_journey()]), tmp_path / "j.xml",
                                    granularity)).getroot()
        assert root.tag == "testsuites"
        for element in root.iter():
            assert element.tag in ALLOWED, element.tag
            assert set(element.attrib) <= ALLOWED[element.tag], (element.tag, element.attrib)
        for suite in root.findall("testsuite"):
            assert int(suite.get("tests")) == len(suite.findall("testcase"))
            for case in suite.findall("testcase"):
                float(case.get("time"))
                assert len([child for child in case if child.tag in ("failure", "error", "skipped")]) <= 1


def test_a_check_that_failed_while_the_walk_went_on_fails_its_case_at_its_line(tmp_path):
    result = run_result([checks_failed_journey()], fail_on="blocker")
    for granularity, name in (("journey", "checkout-journey[desktop]"), ("stage", "product")):
        path = write_junit(result, tmp_path / f"{granularity}.xml", granularity=granularity)
        case = next(c for c in ET.parse(path).getroot().iter("testcase") if c.get("name") == name)
        failure = case.find("failure")
        assert failure.get("type") == "check" and case.get("line") == "12", granularity
        assert failure.get("message").startswith("check failed at “product” at step “Check the url contains")
        assert "02-product/02.jpg" in failure.text
