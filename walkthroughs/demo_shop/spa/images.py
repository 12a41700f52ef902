"""Product pictures of the single-page shop, drawn at run time: no image files, no network.

Each kind has its own silhouette and background, so pictures of different products look different to a person
and to a perceptual hash (the ground truth of `same-picture-everywhere` is one picture for every product).
"""

from __future__ import annotations

from .catalogue import Product

_DRAWINGS = {
    "kettle": ('#f1ede4', '<path d="M120 300 L130 170 Q200 140 270 170 L280 300 Z" fill="{c}"/>'
               '<path d="M270 190 Q330 200 300 120 Q320 110 345 95" fill="none" stroke="{c}" stroke-width="12"/>'
               '<path d="M160 160 Q200 95 240 160" fill="none" stroke="#b08d57" stroke-width="14"/>'
               '<rect x="110" y="300" width="180" height="14" rx="6" fill="#00000033"/>'),
    "grinder": ('#e7eef2', '<rect x="150" y="170" width="100" height="150" rx="10" fill="{c}"/>'
                '<rect x="160" y="120" width="80" height="50" rx="6" fill="#c9ccce"/>'
                '<path d="M200 120 L200 80 L300 60" fill="none" stroke="#3a3a3a" stroke-width="10"/>'
                '<circle cx="300" cy="60" r="16" fill="#3a3a3a"/>'),
    "beans": ('#f6efe6', '<path d="M120 110 L280 110 L300 320 L100 320 Z" fill="#c8a97e"/>'
              '<rect x="150" y="170" width="100" height="70" fill="#fff7ea"/>'
              '<ellipse cx="185" cy="205" rx="16" ry="24" fill="{c}"/><ellipse cx="220" cy="205" rx="16" ry="24" '
              'fill="{c}"/><path d="M120 110 L280 110 L270 90 L130 90 Z" fill="#a98958"/>'),
    "dripper": ('#eaf0e8', '<path d="M100 130 L300 130 L230 260 L170 260 Z" fill="{c}" stroke="#8d877a" '
                'stroke-width="4"/><rect x="140" y="260" width="120" height="14" rx="4" fill="#8d877a"/>'
                '<path d="M300 150 Q345 160 320 205" fill="none" stroke="{c}" stroke-width="14"/>'
                '<rect x="150" y="290" width="100" height="40" rx="8" fill="#6b4f3a"/>'),
    "mug": ('#f4e9e1', '<rect x="155" y="80" width="90" height="250" rx="30" fill="{c}"/>'
            '<rect x="150" y="70" width="100" height="34" rx="10" fill="#1d1d1d"/>'
            '<rect x="170" y="160" width="60" height="90" rx="8" fill="#ffffff33"/>'),
    "carafe": ('#e9e6f2', '<path d="M170 80 L230 80 L235 150 Q320 200 300 300 Q290 330 200 330 Q110 330 100 300 '
               'Q80 200 165 150 Z" fill="{c}" opacity="0.85"/><rect x="160" y="140" width="80" height="26" '
               'fill="#a0703c"/><path d="M120 260 Q200 240 280 260 L285 300 Q200 320 115 300 Z" fill="#5b3a29"/>'),
    "filters": ('#eef3f0', '<path d="M90 120 L190 120 L160 290 L120 290 Z" fill="{c}" stroke="#b9a57f" '
                'stroke-width="3"/><path d="M210 120 L310 120 L280 290 L240 290 Z" fill="{c}" stroke="#b9a57f" '
                'stroke-width="3"/><path d="M150 100 L250 100 L220 270 L180 270 Z" fill="{c}" stroke="#b9a57f" '
                'stroke-width="3"/>'),
}


def product_svg(product: Product) -> str:
    """A 400×400 illustration of the product."""
    background, shape = _DRAWINGS[product.kind]
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400">'
        f'<rect width="400" height="400" fill="{background}"/>'
        '<ellipse cx="200" cy="338" rx="140" ry="14" fill="#00000012"/>'
        f'{shape.replace("{c}", product.colour)}</svg>'
    )


FAVICON_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#5b3a29"/>'
    '<ellipse cx="16" cy="16" rx="7" ry="10" fill="#f1ede4"/><path d="M16 7 Q12 16 16 25" stroke="#5b3a29" '
    'stroke-width="2" fill="none"/></svg>'
)
