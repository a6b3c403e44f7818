/* Material for MkDocs 9.8 content script (partials/javascripts/content.html, MIT licence, (c) Martin Donath),
 * moved out of the page so that no inline script is needed. */
(function () {
  if (document.currentScript.hasAttribute("data-md-tabs-link")) {
    var tabs = __md_get("__tabs");
    if (Array.isArray(tabs)) {
      e: for (var set of document.querySelectorAll(".tabbed-set")) {
        var labels = set.querySelector(".tabbed-labels");
        for (var tab of tabs) for (var label of labels.getElementsByTagName("label")) {
          if (label.innerText.trim() === tab) { document.getElementById(label.htmlFor).checked = true; continue e; }
        }
      }
    }
  }
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
})();
