"""The bundled demo shop: a small, local web shop with switchable, real-world frictions.

```python
from walkthroughs.demo_shop import DemoShop, FRICTIONS
with DemoShop(port=0, frictions=["slow-product"]) as shop:
    print(shop.url, len(shop.orders))
```
Switches are also turned on per browser by the cookie `wt_frictions=id1,id2`.
"""

from .app import DemoShop, serve
from .frictions import COOKIE_NAME, FRICTIONS, FRICTIONS_BY_ID, Friction

__all__ = ["COOKIE_NAME", "DemoShop", "FRICTIONS", "FRICTIONS_BY_ID", "Friction", "serve"]
