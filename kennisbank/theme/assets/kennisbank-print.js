/* Printing a page prints all of it: closed <details> (such as "Hoe citeer je deze pagina?") are opened for the
 * print and closed again afterwards. Browsers with CSS ::details-content already show them (kennisbank.css);
 * this covers the others. Without JavaScript nothing breaks: the block then prints closed there. */
(function () {
  "use strict";
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.slice.call(document.querySelectorAll("details:not([open])"));
    opened.forEach(function (details) { details.open = true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) { details.open = false; });
    opened = [];
  });
})();
