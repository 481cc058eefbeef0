/*
 * Small improvements on top of htmx; every page works without them.
 *
 * 1. Calculator history: a live answer while the reader is still typing replaces the
 *    current history entry; the first answer after a pause in another field (or a choice,
 *    or a submit) adds one. Typing "7", pausing, then "6" leaves one new entry, for 76.
 * 2. Back and Forward show inputs and answer that agree: htmx reloads the page for the
 *    URL from the server (historyCacheSize is 0), and fields kept across live swaps
 *    (hx-preserve) must not survive that reload with a stale value.
 * 3. Search: pressing Enter when the live results for the same words are already shown
 *    does not ask again; it moves to the results instead.
 * 4. 长辈模式 link: after a live answer changes the URL, the link brings the reader back to it.
 */
(function () {
  "use strict";

  var typingIn = null; /* the field whose live answers replace each other */

  document.addEventListener("htmx:beforeHistoryUpdate", function (event) {
    var detail = event.detail;
    var config = detail.requestConfig || {};
    var source = config.elt; /* detail.elt is the body, where htmx fires this event */
    var form = source && source.closest ? source.closest("form[data-history]") : null;
    if (!form || !detail.history) return;
    var trigger = config.triggeringEvent;
    var field = trigger && trigger.type === "input" ? trigger.target : null;
    var here = location.pathname + location.search;
    if (detail.history.type === "push" && (detail.history.path === here || (field && field === typingIn))) {
      detail.history.type = "replace";
    }
    typingIn = field;
  });

  document.addEventListener("htmx:historyCacheMissLoad", function () {
    typingIn = null;
    Array.prototype.forEach.call(document.querySelectorAll("[hx-preserve][id]"), function (elt) {
      elt.removeAttribute("id");
    });
  });

  /* 3. Search */
  function searchForm(elt) {
    return elt && elt.closest ? elt.closest("form[data-live-search]") : null;
  }
  var shownFor = null;
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-live-search]");
    if (form && form.q && form.q.value.trim()) shownFor = form.q.value.trim();
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var form = searchForm(event.detail.requestConfig && event.detail.requestConfig.elt);
    if (form) shownFor = form.q.value.trim();
  });
  document.addEventListener("htmx:confirm", function (event) {
    var form = searchForm(event.detail.elt);
    var trigger = event.detail.triggeringEvent;
    if (!form || !trigger || trigger.type !== "submit") return;
    if (shownFor !== null && form.q.value.trim() === shownFor) {
      event.preventDefault();
      var results = document.getElementById("search-results");
      var first = results && results.querySelector("[role=status], a");
      if (first) {
        if (!first.hasAttribute("tabindex") && first.tagName !== "A") first.setAttribute("tabindex", "-1");
        first.focus();
      }
    }
  });

  /* 4. The 长辈模式 link follows the answer's URL */
  function followUrl() {
    var link = document.querySelector(".page-tools a");
    if (link) link.href = link.href.replace(/next=[^&]*/, "next=" + encodeURIComponent(location.pathname + location.search));
  }
  document.addEventListener("htmx:pushedIntoHistory", followUrl);
  document.addEventListener("htmx:replacedInHistory", followUrl);

})();
