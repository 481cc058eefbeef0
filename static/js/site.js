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
 * 5. 朗读: the button shows only where the browser has a Chinese voice; it reads the answer
 *    (the answer bar, else the result, else the page's main text) in zh-CN.
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
    Array.prototype.forEach.call(document.querySelectorAll(".page-tools a[href*='next=']"), function (link) {
      link.href = link.href.replace(/next=[^&]*/, "next=" + encodeURIComponent(location.pathname + location.search));
    });
  }
  document.addEventListener("htmx:pushedIntoHistory", followUrl);
  document.addEventListener("htmx:replacedInHistory", followUrl);

  /* 5. 朗读 */
  var speech = window.speechSynthesis;
  var button = document.querySelector("[data-speak]");
  if (!speech || !button || !window.SpeechSynthesisUtterance) return;
  function chineseVoice() {
    var voices = speech.getVoices();
    for (var i = 0; i < voices.length; i++) {
      if (/^(zh|cmn)([-_](CN|Hans))?/i.test(voices[i].lang) && !/(HK|TW|yue)/i.test(voices[i].lang)) return voices[i];
    }
    return null;
  }
  function offer() {
    if (chineseVoice()) button.hidden = false;
  }
  offer();
  if (speech.addEventListener) speech.addEventListener("voiceschanged", offer);
  function answerText() {
    var bar = document.getElementById("answer-text");
    var source = bar && bar.textContent.trim() ? bar : document.querySelector("main .result") || document.querySelector("main");
    return source ? source.textContent.replace(/\s+/g, " ").trim() : "";
  }
  function stopped() {
    button.setAttribute("aria-pressed", "false");
    button.textContent = "朗读";
  }
  button.addEventListener("click", function () {
    if (speech.speaking) {
      speech.cancel();
      stopped();
      return;
    }
    var utterance = new window.SpeechSynthesisUtterance(answerText());
    utterance.lang = "zh-CN";
    utterance.voice = chineseVoice();
    utterance.rate = 0.9;
    utterance.onend = stopped;
    utterance.onerror = stopped;
    button.setAttribute("aria-pressed", "true");
    button.textContent = "停止朗读";
    speech.speak(utterance);
  });
})();
