/* Faceted filters for the overviews of elements, examples and templates.
 *
 * The page already holds the full list (it works without JavaScript). Each <li> carries its facet values as
 * data attributes (data-thema="a b", data-fase=…, data-onderbouwing=…, data-sector=…). Within a facet the
 * ticked values are alternatives (OR); different facets narrow each other down (AND). The state is kept in
 * the URL query (?thema=a&thema=b&fase=c), so a filtered view can be bookmarked and shared.
 */
(function () {
  "use strict";

  function valuesOf(item, facet) {
    var raw = item.getAttribute("data-" + facet) || "";
    return raw.split(" ").filter(Boolean);
  }

  function matches(item, selected, skipFacet) {
    return Object.keys(selected).every(function (facet) {
      if (facet === skipFacet || selected[facet].length === 0) return true;
      var own = valuesOf(item, facet);
      return selected[facet].some(function (value) { return own.indexOf(value) !== -1; });
    });
  }

  function init(panel) {
    var list = panel.parentNode.querySelector("[data-kb-list]") || document.querySelector("[data-kb-list]");
    if (!list) return;
    var items = Array.prototype.slice.call(list.children);
    var boxes = Array.prototype.slice.call(panel.querySelectorAll("input[type=checkbox]"));
    var facets = Array.prototype.slice.call(panel.querySelectorAll("fieldset[data-facet]"))
      .map(function (f) { return f.getAttribute("data-facet"); });
    var shown = panel.querySelector("[data-kb-shown]");

    function selection() {
      var selected = {};
      facets.forEach(function (facet) { selected[facet] = []; });
      boxes.forEach(function (box) { if (box.checked) selected[box.name].push(box.value); });
      return selected;
    }

    function apply(updateUrl) {
      var selected = selection();
      var visible = 0;
      items.forEach(function (item) {
        var show = matches(item, selected, null);
        item.hidden = !show;
        if (show) visible += 1;
      });
      if (shown) shown.textContent = String(visible);
      // Counts say how many items a box would show, given the other facets' choices.
      boxes.forEach(function (box) {
        var count = items.filter(function (item) {
          return matches(item, selected, box.name) && valuesOf(item, box.name).indexOf(box.value) !== -1;
        }).length;
        var label = box.parentNode.querySelector("[data-count]");
        if (label) label.textContent = "(" + count + ")";
        box.parentNode.classList.toggle("kb-filters__empty", count === 0 && !box.checked);
      });
      if (updateUrl) {
        var params = new URLSearchParams();
        facets.forEach(function (facet) {
          selected[facet].forEach(function (value) { params.append(facet, value); });
        });
        var query = params.toString();
        history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
      }
    }

    // Restore the state from the URL (a shared link, the gap map, or the back button).
    var params = new URLSearchParams(window.location.search);
    boxes.forEach(function (box) { box.checked = params.getAll(box.name).indexOf(box.value) !== -1; });
    boxes.forEach(function (box) { box.addEventListener("change", function () { apply(true); }); });
    var reset = panel.querySelector("[data-kb-reset]");
    if (reset) {
      reset.addEventListener("click", function () {
        boxes.forEach(function (box) { box.checked = false; });
        apply(true);
      });
    }
    panel.hidden = false;
    apply(false);
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-kb-filters]"), init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
