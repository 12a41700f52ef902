"""The single-page demo shop: a coffee shop built the way shops on a front-end framework are, with its own defects.

```python
from walkthroughs.demo_shop.spa import SpaShop
with SpaShop(port=0, frictions=["alert-on-sort"]) as shop:
    print(shop.url, len(shop.orders))
```
Client-side routing (History API), markup rendered by Preact with htm, a JSON API for catalogue, cart and orders,
and the noise of a healthy live shop: telemetry posted to a host that never answers, a CDN script with a local
fallback, a web font that never loads. Switches are also turned on per browser by the cookie `wt_frictions=id,id`.
"""

from .frictions import FRICTIONS, FRICTIONS_BY_ID
from .server import SpaShop, serve

__all__ = ["FRICTIONS", "FRICTIONS_BY_ID", "SpaShop", "serve"]
