// Wide tables (web/components/wide_table.html): marks whether the table fits its region and at
// which edge more columns follow (state classes for the hint and the edge shadows). A region whose
// table fits is taken out of the tab order; one that scrolls stays focusable for the arrow keys.
(function () {
  "use strict";

  function update(wrapper, region) {
    var overflow = region.scrollWidth - region.clientWidth;
    var fits = overflow <= 1;
    wrapper.classList.toggle("wide-table--fits", fits);
    wrapper.classList.toggle("wide-table--more-left", !fits && region.scrollLeft > 1);
    wrapper.classList.toggle("wide-table--more-right", !fits && region.scrollLeft < overflow - 1);
    if (fits) {
      region.removeAttribute("tabindex");
      region.removeAttribute("aria-describedby");
    } else {
      region.setAttribute("tabindex", "0");
      region.setAttribute("aria-describedby", region.dataset.hint);
    }
  }

  function setUp(wrapper) {
    if (wrapper.dataset.wideTableReady) {
      return;
    }
    wrapper.dataset.wideTableReady = "true";
    var region = wrapper.querySelector(".wide-table__scroll");
    var refresh = function () { update(wrapper, region); };
    region.addEventListener("scroll", refresh, { passive: true });
    if (window.ResizeObserver) {
      new ResizeObserver(refresh).observe(region);
    } else {
      window.addEventListener("resize", refresh);
    }
    refresh();
  }

  function setUpAll() {
    document.querySelectorAll("[data-wide-table]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
  document.addEventListener("htmx:afterSettle", setUpAll);
}());
