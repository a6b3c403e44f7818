/* Search that answers a question (#19), on top of Material's search (9.8.1; what this relies on is listed and
   checked in kennisbank/compat/material_search.py).

   Material's worker makes every word an optional prefix: in 'te weinig deelnemers' the stop word 'te' (left out of
   the index) becomes 'te*' and matches every page with a word beginning with 'te', and a page with one of the words
   in its title outranks one with all of them. This script wraps the search worker the bundle makes:
   - each query loses its stop words, unless it is a single word (still being typed: 'de' on the way to 'deelname'),
     and the punctuation around its words ('betrokken?');
   - the pages of each result are ordered by how many of the words they hold (in any of their sections); among
     those holding the most: the phrase as typed (or the part in quotes) first, then the words as whole words, then
     the words next to each other; otherwise as Material ordered them (see rank below);
   - each result says what kind of page it is (Werkzaam element, Bron ...), from its folder: the script tag's
     data-kb-search (theme/main.html, adapter/config_tweaks.py) maps every generated folder to its label.
   Text of results is only read here, never written as HTML. */
(() => {
  "use strict";

  const script = document.currentScript;
  let settings = null;
  try {
    settings = JSON.parse(script.dataset.kbSearch || "null");
  } catch (error) {
    settings = null;
  }
  if (!settings || !settings.messages || typeof window.Worker !== "function") return;
  const messages = settings.messages;
  const kinds = settings.kinds || {};
  const root = new URL((script.dataset.kbRoot || ".") + "/", location.href);

  // lunr's stop words, as Material's worker leaves them out of the index (tests/test_compat_material_search.py).
  const STOP_WORDS = {
    nl: "aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door dus een eens en er " +
        "ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets ik in is ja je kan kon " +
        "kunnen maar me meer men met mij mijn moet na naar niet niets nog nu of om omdat onder ons ook op over " +
        "reeds te tegen toch toen tot u uit uw van veel voor want waren was wat werd wezen wie wil worden wordt " +
        "zal ze zelf zich zij zijn zo zonder zou",
    en: "a able about across after all almost also am among an and any are as at be because been but by can " +
        "cannot could dear did do does either else ever every for from get got had has have he her hers him his " +
        "how however i if in into is it its just least let like likely may me might most must my neither no nor " +
        "not of off often on only or other our own rather said say says she should since so some than that the " +
        "their them then there these they this tis to too twas us wants was we were what when where which while " +
        "who whom why will with would yet you your",
  };

  const EDGES = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
  const NOT_A_WORD = /[^\p{L}\p{N}]+/u;

  function words(text) {
    return text.toLowerCase().split(NOT_A_WORD).filter(Boolean);
  }

  /* The query as sent to Material's worker, and what the ranking needs to know about it. */
  function prepare(query, stop) {
    const parts = query.trim().split(/"([^"]+)"/g);  // odd parts were in quotes, as Material splits them
    const quoted = parts.filter((part, index) => index & 1);
    const single = parts.flatMap(part => part.split(/\s+/).filter(Boolean)).length === 1 && !quoted.length;
    const keep = token => {
      const [, sign, body, suffix] = token.match(/^([+-]?)(.*?)(\*|[~^]\d*)?$/u);
      const word = body.replace(EDGES, "");
      const meaningful = single ? word.length > 0 : words(word).some(w => !stop.has(w));
      return meaningful ? sign + word + (suffix || "") : "";
    };
    const sent = parts.map((part, index) => {
      const kept = part.split(/\s+/).map(keep).filter(Boolean).join(" ");
      return index & 1 ? (kept ? `"${kept}"` : "") : kept;
    }).filter(Boolean).join(" ");
    const phrase = words(quoted.length ? quoted[0] : query).join(" ");
    return {
      query: sent,
      phrase: phrase.includes(" ") ? phrase : "",
      terms: single ? [] : words(query).filter(w => !stop.has(w)),  // in the order typed
    };
  }

  /* A result's title and text as sentences of words: block elements and sentence ends separate them. */
  function sentences(item) {
    const plain = html => String(html || "").replace(/<\/?mark>/g, "")
      .replace(/<\/?(?:p|li|ol|ul|h[1-6]|div|table|tr|td|th|dl|dt|dd|blockquote|pre|br)\b[^>]*>/gi, "\n")
      .replace(/<[^>]*>/g, " ").replace(/&(?:amp|lt|gt|quot|#39|nbsp);/g, " ");
    return `${plain(item.title)}\n${plain(item.text)}`.split(/[.!?;:]+(?=\s|$)|\n/u).map(words)
      .filter(sentence => sentence.length);
  }

  // A word counts as the one typed when it is that word or has an ending of at most two letters ('deelnemer',
  // 'deelnemers'), not when it is merely longer ('houd', 'houding'): Material matches any word it begins.
  const ENDING = 2;
  const isWord = (word, term) => word.startsWith(term) && word.length - term.length <= ENDING;

  /* For a page: whether one of its sentences holds the phrase, how many of the query's words it holds as words, and
     how many pairs of consecutive query words stand next to each other in a sentence once stop words are left out
     ('deelnemers zich meer betrokken' for 'deelnemers betrokken'). */
  function closeness(group, prepared, stop) {
    let phrase = false;
    const whole = new Set();
    const pairs = new Set();
    for (const item of group)
      for (const sentence of sentences(item)) {
        if (prepared.phrase && ` ${sentence.join(" ")} `.includes(` ${prepared.phrase} `)) phrase = true;
        const content = sentence.filter(word => !stop.has(word));
        const at = prepared.terms.map(term => content.flatMap((word, i) => isWord(word, term) ? [i] : []));
        at.forEach((positions, t) => positions.length && whole.add(t));
        for (let i = 0; i + 1 < at.length; i++)
          if (at[i].some(p => at[i + 1].includes(p - 1) || at[i + 1].includes(p + 1))) pairs.add(i);
      }
    return { phrase, whole: whole.size, pairs: pairs.size };
  }

  /* Pages holding more of the words first (as Material matched them: each word once, in any section of the page);
     among those holding the most, the ones with the phrase, then those holding more of them as words, then those
     with more of them next to each other; otherwise Material's order (lunr's score: a word in a title counts most). */
  function rank(result, prepared, stop) {
    const scored = result.items.map((group, index) => {
      const hits = new Set();
      for (const item of group)
        for (const [term, matched] of Object.entries(item.terms || {}))
          if (matched) hits.add(term);
      return { group, index, hits: hits.size, phrase: false, whole: 0, pairs: 0 };
    });
    const most = Math.max(0, ...scored.map(entry => entry.hits));
    if (prepared.phrase || prepared.terms.length > 1)
      for (const entry of scored)
        if (entry.hits === most) Object.assign(entry, closeness(entry.group, prepared, stop));  // only where it can count
    scored.sort((a, b) => b.hits - a.hits || b.phrase - a.phrase || b.whole - a.whole || b.pairs - a.pairs ||
      a.index - b.index);
    return { ...result, items: scored.map(entry => entry.group) };
  }

  function stopWordsFor(languages) {
    const stop = new Set();
    for (const language of languages || [])
      for (const word of (STOP_WORDS[language] || "").split(" ")) stop.add(word);
    return stop;
  }

  /* Stands in for the search worker: the bundle only uses postMessage and "message" events. */
  class RankedSearch extends EventTarget {
    constructor(worker) {
      super();
      this.worker = worker;
      this.stop = new Set();
      this.pending = [];  // one entry per query sent: the worker answers each with one result, in order
      worker.addEventListener("message", event => this.receive(event.data));
      worker.addEventListener("error", event => this.dispatchEvent(new ErrorEvent("error", event)));
    }

    postMessage(message) {
      if (message && message.type === messages.setup && message.data && message.data.config)
        this.stop = stopWordsFor(message.data.config.lang);
      if (message && message.type === messages.query && typeof message.data === "string") {
        const prepared = prepare(message.data, this.stop);
        this.pending.push(prepared);
        message = { ...message, data: prepared.query };
      }
      this.worker.postMessage(message);
    }

    receive(data) {
      if (data && data.type === messages.result && this.pending.length) {
        const prepared = this.pending.shift();
        if (data.data && Array.isArray(data.data.items))
          data = { ...data, data: rank(data.data, prepared, this.stop) };
      }
      this.dispatchEvent(new MessageEvent("message", { data }));
    }

    terminate() {
      this.worker.terminate();
    }
  }

  function searchWorkerUrl() {
    try {
      return JSON.parse(document.querySelector("#__config").textContent).search;
    } catch (error) {
      return null;
    }
  }

  // Only the search worker is wrapped; any other worker is made as it would be.
  window.Worker = new Proxy(window.Worker, {
    construct(Worker, args) {
      const worker = new Worker(...args);
      return args.length && String(args[0]) === searchWorkerUrl() ? new RankedSearch(worker) : worker;
    },
  });

  /* The kind of page a result leads to, from its folder: 'werkzame-elementen/x/' is a working element. */
  function kindOf(href) {
    const url = new URL(href, location.href);
    if (!url.href.startsWith(root.href)) return "";
    const [folder, page] = url.pathname.slice(root.pathname.length).split("/");  // folders are plain ASCII
    return page && page !== "index.html" && Object.hasOwn(kinds, folder) ? kinds[folder] : "";
  }

  function labelResult(item) {
    const link = item.querySelector(":scope > a.md-search-result__link");
    const article = link && link.querySelector("article");
    const kind = link && kindOf(link.getAttribute("href"));
    if (!kind || !article || article.querySelector(".kb-search-kind")) return;
    const label = document.createElement("span");
    label.className = "kb-search-kind";
    label.textContent = kind;
    article.insertBefore(label, article.querySelector("h1"));
  }

  document.addEventListener("DOMContentLoaded", () => {
    const list = document.querySelector(".md-search-result__list");
    if (!list) return;
    new MutationObserver(changes => {
      for (const change of changes)
        for (const node of change.addedNodes)
          if (node.nodeType === Node.ELEMENT_NODE && node.matches(".md-search-result__item")) labelResult(node);
    }).observe(list, { childList: true });
  });
})();
