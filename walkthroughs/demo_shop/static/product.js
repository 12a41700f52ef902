/* Product page: add to cart with fetch, announce the result; the cookie banner's buttons. */
(function () {
  var form = document.getElementById("add-form");
  var status = document.querySelector("[data-testid=add-status]");
  var size = document.getElementById("size");
  var sizeError = document.getElementById("size-error");
  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!size.value) {
        sizeError.textContent = "Please choose a size.";
        sizeError.hidden = false;
        size.setAttribute("aria-invalid", "true");
        size.focus();
        return;
      }
      sizeError.hidden = true;
      size.removeAttribute("aria-invalid");
      var button = form.querySelector("button[type=submit]");
      button.disabled = true;
      status.textContent = "Adding…";
      window.shop.postJSON("/api/cart", {
        slug: form.dataset.slug, size: size.value, quantity: parseInt(document.getElementById("quantity").value, 10) || 1
      }).then(function (result) {
        if (result.ok) {
          window.shop.setCartCount(result.body.count);
          status.innerHTML = "";
          var text = document.createElement("span");
          text.textContent = "Added to cart. ";
          var link = document.createElement("a");
          link.href = "/cart";
          link.textContent = "View cart";
          status.append(text, link);
          status.className = "add-status success";
        } else {
          status.textContent = result.body.error || "Sorry, that did not work. Please try again.";
          status.className = "add-status failure";
        }
      }).catch(function () {
        status.textContent = "Sorry, we could not reach the shop. Check your connection and try again.";
        status.className = "add-status failure";
      }).finally(function () { button.disabled = false; });
    });
  }
  var banner = document.querySelector("[data-testid=cookie-banner]");
  if (banner) {
    banner.querySelectorAll("[data-consent]").forEach(function (button) {
      button.addEventListener("click", function () {
        document.cookie = "wt_consent=" + button.dataset.consent + "; path=/; SameSite=Lax";
        banner.remove();
      });
    });
  }
})();
