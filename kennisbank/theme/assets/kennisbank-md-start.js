/* Material for MkDocs 9.8 start-up helpers (partials/javascripts/base.html, MIT licence, (c) Martin Donath),
 * moved out of the page so that no inline script is needed. The scope comes from the script tag. */
__md_scope = new URL(document.currentScript.getAttribute("data-md-scope"), location);
__md_hash = function (e) { return [...e].reduce(function (e, _) { return (e << 5) - e + _.charCodeAt(0); }, 0); };
__md_get = function (e, _ = localStorage, t = __md_scope) { return JSON.parse(_.getItem(t.pathname + "." + e)); };
__md_set = function (e, _, t = localStorage, a = __md_scope) {
  try { t.setItem(a.pathname + "." + e, JSON.stringify(_)); } catch (e) {}
};
