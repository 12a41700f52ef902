/* Shared behaviour: the burger menu, and keeping the header's cart badge in step. */
(function () {
  var burger = document.querySelector(".burger");
  var nav = document.getElementById("site-nav");
  if (burger && nav) {
    burger.addEventListener("click", function () {
      var open = burger.getAttribute("aria-expanded") !== "true";
      burger.setAttribute("aria-expanded", String(open));
      nav.classList.toggle("open", open);
      if (open) { var first = nav.querySelector("a"); if (first) first.focus(); }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && nav.classList.contains("open")) {
        nav.classList.remove("open");
        burger.setAttribute("aria-expanded", "false");
        burger.focus();
      }
    });
  }
  window.shop = {
    setCartCount: function (count) {
      document.querySelectorAll("[data-testid=cart-count]").forEach(function (el) { el.textContent = count; });
      var text = document.getElementById("cart-count-text");
      if (text) text.textContent = count + (count === 1 ? " item" : " items") + " in your cart";
    },
    postJSON: function (url, data) {
      return fetch(url, {
        method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(data),
        credentials: "same-origin"
      }).then(function (response) {
        return response.json().then(function (body) { return {ok: response.ok, body: body}; });
      });
    }
  };
})();
