"""failed-requests: pages, API calls and images answered with an error, or never completed."""

from detector_cases import evidence, journey, judge, stage


def request(url, kind="fetch", status=None, failure=None):
    entry = {"stage": 0, "step": 0, "t_ms": 10.0, "url": url, "method": "GET", "resource_type": kind}
    return {**entry, "status": status} if status else {**entry, "failure": failure}


def test_an_api_answering_500_is_major_and_a_broken_image_too():
    record = journey(stage("cart"))
    found = evidence(record, signals={"http_errors": [request("http://shop/api/cart", status=500),
                                                      request("http://shop/img/shoe.jpg", "image", status=404)]})
    judged = judge("failed-requests", record, found)
    assert sorted((f.title, f.severity, f.evidence.value) for f in judged.findings) == [
        ("A request the page makes fails", "major", 500), ("Broken image", "major", 404)]


def test_blocked_trackers_cancelled_requests_and_ignored_paths_are_not_failures():
    record = journey(stage("cart"))
    found = evidence(record, signals={
        "failed_requests": [request("http://ads/x.js", "script", failure="net::ERR_BLOCKED_BY_CLIENT"),
                            request("http://shop/next", "document", failure="net::ERR_ABORTED")],
        "http_errors": [request("http://shop/favicon.ico", "image", status=404),
                        request("http://shop/health", "fetch", status=503)]})
    assert [f.evidence.url for f in judge("failed-requests", record, found).findings] == ["http://shop/health"]
    assert judge("failed-requests", record, found, overrides={"ignore": ["/favicon.ico", "/health"]}).findings == []
