/* Explanations of glossary terms (<abbr title="…">) as tooltips that also work by keyboard and touch.
 *
 * Material's own tooltips (feature content.tooltips) put a title into innerHTML, so text from the data would
 * become markup; the kennisbank plugin switches that feature off. Here the title is only ever textContent:
 * whatever a definition contains is shown as the characters it is. Without JavaScript the browser's own
 * title tooltip remains. */
(function () {
  "use strict";
  var count = 0;

  function show(abbr) {
    if (abbr._kbTip) return;
    var text = abbr.getAttribute("title") || abbr._kbTitle || "";
    if (!text) return;
    var tip = document.createElement("div");
    tip.className = "kb-tooltip";
    tip.setAttribute("role", "tooltip");
    tip.id = "kb-tooltip-" + (++count);
    tip.textContent = text;
    document.body.appendChild(tip);
    var box = abbr.getBoundingClientRect();
    var left = Math.max(8, Math.min(box.left + window.scrollX,
      window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8));
    tip.style.left = left + "px";
    tip.style.top = (box.bottom + window.scrollY + 6) + "px";
    abbr._kbTitle = text;
    abbr.removeAttribute("title");  // no second, native tooltip on top of this one
    abbr.setAttribute("aria-describedby", tip.id);
    abbr._kbTip = tip;
  }

  function hide(abbr) {
    if (!abbr._kbTip) return;
    abbr._kbTip.remove();
    abbr._kbTip = null;
    abbr.removeAttribute("aria-describedby");
    abbr.setAttribute("title", abbr._kbTitle);
  }

  function mount() {
    var terms = document.querySelectorAll(".md-content abbr[title]");
    Array.prototype.forEach.call(terms, function (abbr) {
      if (!abbr.hasAttribute("tabindex")) abbr.setAttribute("tabindex", "0");
      abbr.addEventListener("mouseenter", function () { show(abbr); });
      abbr.addEventListener("focus", function () { show(abbr); });
      abbr.addEventListener("mouseleave", function () { if (document.activeElement !== abbr) hide(abbr); });
      abbr.addEventListener("blur", function () { hide(abbr); });
      abbr.addEventListener("keydown", function (event) { if (event.key === "Escape") hide(abbr); });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
