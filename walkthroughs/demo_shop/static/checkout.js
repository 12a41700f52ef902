/* Checkout: keep the summary's shipping and total in step with the chosen delivery, show card fields for card. */
(function () {
  var totals = document.getElementById("checkout-totals");
  function euros(cents) { return "€" + (cents / 100).toLocaleString("en-US", {minimumFractionDigits: 2, maximumFractionDigits: 2}); }
  document.querySelectorAll("input[name=shipping]").forEach(function (radio) {
    radio.addEventListener("change", function () {
      if (!totals || totals.dataset.late === "yes") return;
      var cost = parseInt(radio.dataset.cost, 10);
      var subtotal = parseInt(totals.dataset.subtotal, 10);
      totals.querySelector("[data-testid=checkout-shipping]").textContent = cost ? euros(cost) : "Free";
      totals.querySelector("[data-testid=checkout-total]").textContent = euros(subtotal + cost);
    });
  });
  var cardFields = document.getElementById("card-fields");
  document.querySelectorAll("input[name=payment]").forEach(function (radio) {
    radio.addEventListener("change", function () { if (cardFields) cardFields.hidden = radio.value !== "card"; });
  });
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();

  // newsletter-popup: shown 1 s after load, or soon after the shopper starts typing, or at the latest
  // when they try to place the order -- whichever comes first.
  var popup = document.getElementById("newsletter");
  if (popup && !sessionStorage.getItem("newsletter-seen")) {
    var shown = false;
    var show = function () {
      if (shown) return;
      shown = true;
      popup.hidden = false;
      popup.querySelector("input").focus();
    };
    popup.querySelectorAll("[data-close]").forEach(function (button) {
      button.addEventListener("click", function () {
        popup.hidden = true;
        sessionStorage.setItem("newsletter-seen", "1");
      });
    });
    setTimeout(show, 1000);
    var form = document.querySelector(".checkout-form");
    form.addEventListener("focusin", function () { setTimeout(show, 250); }, {once: true});
    form.addEventListener("submit", function (event) {
      if (!sessionStorage.getItem("newsletter-seen")) { event.preventDefault(); show(); }
    });
  }
})();
