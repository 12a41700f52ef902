// The report's only script: filters on the overview and a full-size screenshot viewer with keyboard navigation.
// Without it every screenshot is still a plain link to its image and nothing is hidden.
"use strict";

function setUpFilters() {
  const form = document.querySelector("[data-filters]");
  if (!form) return;
  form.hidden = false;
  const count = form.querySelector("[data-filter-count]");
  const findings = document.querySelectorAll("#findings [data-severity]");

  function checked(name) {
    return new Set(Array.from(form.querySelectorAll(`input[name="${name}"]:checked`), (input) => input.value));
  }

  function apply() {
    const wanted = { severity: checked("severity"), device: checked("device"), stage: checked("stage") };
    document.querySelectorAll("main [data-severity], main [data-device], main [data-stage]").forEach((element) => {
      if (element.closest("[data-filters]")) return;
      const shown = Object.entries(wanted).every(([name, values]) => {
        const own = element.dataset[name];
        if (own === undefined || own === "") return true;
        return own.split(" ").some((value) => values.has(value));
      });
      element.classList.toggle("filtered-out", !shown);
    });
    if (count) {
      const visible = Array.from(findings).filter((element) => !element.classList.contains("filtered-out")).length;
      count.textContent = `Showing ${visible} of ${findings.length} findings`;
    }
  }

  form.addEventListener("change", apply);
  apply();
}

function setUpViewer() {
  const viewer = document.getElementById("viewer");
  if (!viewer || typeof viewer.showModal !== "function") return;
  const image = document.getElementById("viewer-image");
  const caption = document.getElementById("viewer-caption");
  const position = document.getElementById("viewer-count");
  const original = document.getElementById("viewer-original");
  let shots = [];
  let current = 0;

  function show(index) {
    current = (index + shots.length) % shots.length;
    const link = shots[current];
    image.src = link.getAttribute("href");
    image.alt = link.dataset.caption || "";
    caption.textContent = link.dataset.caption || "";
    position.textContent = shots.length > 1 ? `${current + 1} / ${shots.length}` : "";
    original.href = link.dataset.original || link.getAttribute("href");
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-shot]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    const gallery = link.closest("[data-gallery]") || document;
    shots = Array.from(gallery.querySelectorAll("a[data-shot]")).filter((a) => !a.closest(".filtered-out"));
    show(Math.max(0, shots.indexOf(link)));
    viewer.showModal();
  });

  viewer.addEventListener("keydown", (event) => {
    if (event.key === "ArrowRight") { show(current + 1); event.preventDefault(); }
    if (event.key === "ArrowLeft") { show(current - 1); event.preventDefault(); }
  });
  viewer.addEventListener("click", (event) => {
    const action = event.target.closest("[data-viewer]");
    if (action) {
      const name = action.dataset.viewer;
      if (name === "next") show(current + 1);
      if (name === "previous") show(current - 1);
      if (name === "close") viewer.close();
    } else if (event.target === viewer) {
      viewer.close();
    }
  });
}

// Served by `walkthrough show-report`, the trace viewer lives at /trace/: a trace link opens it in one click.
function setUpTraceLinks() {
  if (!/^https?:$/.test(location.protocol)) return;
  document.querySelectorAll("a[data-trace]").forEach((link) => {
    const zip = new URL(link.getAttribute("href"), location.href).href;
    link.href = `/trace/index.html?trace=${encodeURIComponent(zip)}`;
    link.target = "_blank";
    link.hidden = false;
  });
}

// A printed report (Ctrl+P, or `walkthrough report --pdf`) shows every folded finding open; folds close again after.
function setUpPrinting() {
  let opened = [];
  window.addEventListener("beforeprint", () => {
    opened = Array.from(document.querySelectorAll("details:not([open])"));
    opened.forEach((fold) => { fold.open = true; });
  });
  window.addEventListener("afterprint", () => {
    opened.forEach((fold) => { fold.open = false; });
    opened = [];
  });
}

setUpFilters();
setUpViewer();
setUpTraceLinks();
setUpPrinting();
