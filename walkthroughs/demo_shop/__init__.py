"""The bundled demo shops: small, local web shops with switchable, real-world frictions.

```python
from walkthroughs.demo_shop import DEMO_SHOPS, DemoShop, FRICTIONS
with DemoShop(port=0, frictions=["slow-product"]) as shop:
    print(shop.url, len(shop.orders))
with DEMO_SHOPS["spa"].start(port=0, frictions=["alert-on-sort"]) as shop:  # the single-page shop
    print(shop.url)
```
Switches are also turned on per browser by the cookie `wt_frictions=id1,id2`. `DemoShop` and `FRICTIONS` are the
classic shop's; `DEMO_SHOPS` names both shops, each with its own switches.
"""

from .app import DemoShop, serve
from .frictions import COOKIE_NAME, FRICTIONS, FRICTIONS_BY_ID, Friction
from .shops import DEFAULT_SHOP, DEMO_SHOPS, DemoShopKind

__all__ = ["COOKIE_NAME", "DEFAULT_SHOP", "DEMO_SHOPS", "DemoShop", "DemoShopKind", "FRICTIONS", "FRICTIONS_BY_ID",
           "Friction", "serve"]
