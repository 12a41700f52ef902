/* landing-layout-shift: a late promo script pushes the page down by inserting a tall banner. */
(function () {
  var slot = document.getElementById("promo-slot");
  if (!slot) return;
  var banner = document.createElement("aside");
  banner.className = "promo-banner";
  banner.setAttribute("aria-label", "Promotion");
  banner.innerHTML = "<p class=\"promo-title\">Spring sale: 10% off your first order</p>" +
    "<p>Use the code SPRING10 at checkout. Offer ends Sunday.</p>";
  slot.appendChild(banner);
})();
