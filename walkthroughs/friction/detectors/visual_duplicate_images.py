"""Same picture for different products: one picture shown for products the walk saw as different.

Reads the pictures gatherer's fingerprints over the whole journey — a product list's cards, a product page's own
picture — and groups pictures that look the same (difference hashes a few bits apart and the average colour of each
sixteenth of them close, so colour variants of one product stay apart). A group standing for two products or more
is one finding, on the stage where it was first seen, naming the products: a shopper cannot tell them apart, or buys
the wrong one. Products are told apart by name: an ad's landing page and the product page of one product, at two
addresses, are one product.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..base import DetectorConfig, DetectorMeta, JourneyEvidence, Judgement, box, finding
from ..stage_picture import on_stage_pictures
from ..thresholds import Number

META = DetectorMeta(
    id="visual-duplicate-images",
    title="Different products show the same picture",
    description="Fingerprints every product picture the walk saw (list cards, product pages) and finds one picture "
                "standing for two products or more: difference hashes at most `max_hash_distance` bits apart and "
                "no part's average colour more than `max_colour_difference` apart.",
    reads=("pictures",),
    thresholds={
        "max_hash_distance": Number(6, maximum=64, integer=True, unit="bits of 64"),
        "max_colour_difference": Number(16, maximum=255, unit="of 255 in a colour channel of a sixteenth"),
        "min_products": Number(2, minimum=2, integer=True, unit="products"),
    },
)
NAMED = 4  # products named in the insight; the rest are counted


@dataclass
class Seen:
    stage: str
    key: str
    name: str
    product: str  # which product: its name, so a landing page and the product page of one product are one product
    dhash: int
    colours: bytes
    picture: dict


def _seen(journey: JourneyEvidence) -> list[Seen]:
    found = []
    for _, stage, evidence in journey.walked_stages():
        for picture in (evidence.get("pictures") or {}).get("pictures", []):
            product, prints = picture.get("product"), picture.get("fingerprint")
            if product and product.get("key") and prints:
                name = product.get("name") or product["key"]
                found.append(Seen(stage.name, product["key"], name, " ".join(name.split()).casefold(),
                                  int(prints["dhash"], 16), bytes.fromhex(prints["colours"]), picture))
    return found


def same_picture(a: Seen, b: Seen, config: DetectorConfig) -> bool:
    bits = bin(a.dhash ^ b.dhash).count("1")
    colour = max((abs(x - y) for x, y in zip(a.colours, b.colours)), default=255)
    return bits <= config.get("max_hash_distance") and colour <= config.get("max_colour_difference")


def groups(seen: list[Seen], config: DetectorConfig) -> list[list[Seen]]:
    """Pictures joined when they look the same, directly or through another (union–find over the pairs)."""
    parent = list(range(len(seen)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(seen)):
        for j in range(i + 1, len(seen)):
            if root(i) != root(j) and same_picture(seen[i], seen[j], config):
                parent[root(j)] = root(i)
    joined: dict[int, list[Seen]] = {}
    for i, item in enumerate(seen):
        joined.setdefault(root(i), []).append(item)
    return list(joined.values())


def detect(journey: JourneyEvidence, config: DetectorConfig) -> Judgement:
    seen = _seen(journey)
    judgement = Judgement()
    if not seen:
        judgement.not_applicable[None] = "the walk saw no product pictures it could tell products by"
        return judgement
    order = [stage.name for stage in journey.record.stages]
    for group in groups(seen, config):
        products = {s.product: s.name for s in group}
        names = list(products.values())
        if len(products) < config.get("min_products"):
            continue
        seen_so_far: set[str] = set()
        for stage in order:  # where the shopper first sees two of these products with this picture
            seen_so_far |= {s.product for s in group if s.stage == stage}
            if len(seen_so_far) >= config.get("min_products"):
                break
        here = [s for s in group if s.stage == stage]
        listed = ", ".join(f"“{n}”" for n in names[:NAMED])
        listed += f" and {len(names) - NAMED} more" if len(names) > NAMED else ""
        judgement.findings.append(finding(
            META, "major", stage,
            insight=f"{listed} show the same picture, so a shopper cannot tell them apart by it and may buy the "
                    "wrong one. Check the catalogue's image links for these products.",
            boxes=[box(s.picture.get("box")) for s in here],
            url=(journey.stage_evidence(order.index(stage)).get("pictures") or {}).get("url"),
            value=len(products), unit="products",
            details=[f"{s.name} ({s.key}) at {s.stage}: {s.picture.get('src')}" for s in group][:12],
        ))
    return Judgement(on_stage_pictures(journey, judgement.findings))
