/* Cart page: change quantities and remove lines through the cart API; load recommendations. */
(function () {
  var message = document.querySelector("[data-testid=cart-message]");

  function render(cart) {
    window.shop.setCartCount(cart.count);
    var byId = {};
    cart.lines.forEach(function (line) { byId[line.id] = line; });
    document.querySelectorAll("[data-testid=cart-line]").forEach(function (row) {
      var line = byId[row.dataset.lineId];
      if (!line) { row.remove(); return; }
      row.querySelector(".qty-input").value = line.quantity;
      row.querySelector("[data-testid=line-total]").textContent = line.line_total_text;
    });
    var set = function (id, text) { var el = document.querySelector("[data-testid=" + id + "]"); if (el) el.textContent = text; };
    set("subtotal", cart.subtotal_text);
    set("discount", cart.discount_text);
    set("coupon", cart.coupon || "");
    var discount = document.querySelector(".summary .discount");
    if (discount) discount.hidden = !cart.discount;
    set("shipping", cart.shipping_text);
    set("cart-total", cart.total_text);
    if (!cart.lines.length) {
      var layout = document.getElementById("cart");
      if (layout) layout.remove();
      var empty = document.querySelector("[data-testid=empty-cart]");
      empty.hidden = false;
      empty.classList.remove("is-hidden");
    }
  }

  function update(row, quantity, what) {
    window.shop.postJSON("/api/cart/lines/" + row.dataset.lineId, {quantity: quantity}).then(function (result) {
      if (result.ok) {
        render(result.body);
        if (message) message.textContent = what;
      } else if (message) {
        message.textContent = result.body.error || "Sorry, that did not work.";
      }
    });
  }

  document.querySelectorAll("[data-testid=cart-line]").forEach(function (row) {
    var input = row.querySelector(".qty-input");
    var title = row.querySelector(".cart-line-title").textContent;
    row.querySelectorAll(".qty-button").forEach(function (button) {
      button.addEventListener("click", function () {
        var next = Math.max(1, Math.min(10, (parseInt(input.value, 10) || 1) + parseInt(button.dataset.step, 10)));
        update(row, next, "Quantity of " + title + " changed to " + next + ".");
      });
    });
    input.addEventListener("change", function () {
      var next = Math.max(1, Math.min(10, parseInt(input.value, 10) || 1));
      update(row, next, "Quantity of " + title + " changed to " + next + ".");
    });
    row.querySelector(".remove").addEventListener("click", function () {
      update(row, 0, title + " removed from your cart.");
    });
  });

  var coupon = document.getElementById("coupon-form");
  if (coupon) {
    var code = document.getElementById("coupon-code");
    var note = document.getElementById("coupon-message");
    coupon.addEventListener("submit", function (event) {
      event.preventDefault();
      window.shop.postJSON("/api/cart/coupon", {code: code.value}).then(function (result) {
        var applied = result.ok && result.body.applied;
        if (applied) render(result.body);
        note.textContent = applied ? result.body.message : (result.body.error || "Sorry, that did not work.");
        note.className = "coupon-message " + (applied ? "success" : "field-error");
        if (applied) code.removeAttribute("aria-invalid"); else code.setAttribute("aria-invalid", "true");
      });
    });
  }

  var section = document.getElementById("recommendations");
  if (section) {
    fetch("/api/recommendations", {credentials: "same-origin"}).then(function (response) {
      if (!response.ok) throw new Error("recommendations unavailable");
      return response.json();
    }).then(function (data) {
      var list = section.querySelector("ul");
      data.products.forEach(function (product) {
        var item = document.createElement("li");
        item.className = "card";
        var link = document.createElement("a");
        link.className = "card-link";
        link.href = product.url;
        var img = document.createElement("img");
        img.src = product.image; img.alt = product.title; img.width = 400; img.height = 400;
        var title = document.createElement("span");
        title.className = "card-title"; title.textContent = product.title;
        link.append(img, title);
        var price = document.createElement("p");
        price.className = "card-price"; price.textContent = product.price_text;
        item.append(link, price);
        list.append(item);
      });
      section.hidden = !data.products.length;
    }).catch(function () { section.hidden = true; });
  }
})();
