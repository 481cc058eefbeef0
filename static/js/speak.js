/*
 * 朗读 (长辈模式 only: loaded by base.html when the reader turned the mode on, so nobody
 * else downloads it). The button shows only where the browser has a Chinese voice; it
 * reads the answer (the answer bar, else the result, else the page's main text) in zh-CN.
 */
(function () {
  "use strict";
  var speech = window.speechSynthesis, button = document.querySelector("[data-speak]");
  if (!speech || !button || !window.SpeechSynthesisUtterance) return;
  function voice() {
    return speech.getVoices().filter(function (v) { return /^(zh|cmn)(?![-_](HK|TW|MO))/i.test(v.lang); })[0];
  }
  function offer() { if (voice()) button.hidden = false; }
  function label(on) { button.setAttribute("aria-pressed", on); button.textContent = on ? "停止朗读" : "朗读"; }
  offer();
  speech.addEventListener("voiceschanged", offer);
  button.addEventListener("click", function () {
    if (speech.speaking) { speech.cancel(); return label(false); }
    var bar = document.getElementById("answer-text");
    var source = bar && bar.textContent.trim() ? bar : document.querySelector("main .result") || document.querySelector("main");
    var said = new window.SpeechSynthesisUtterance(source.textContent.replace(/\s+/g, " ").trim());
    said.lang = "zh-CN";
    said.voice = voice();
    said.rate = 0.9;
    said.onend = said.onerror = function () { label(false); };
    label(true);
    speech.speak(said);
  });
})();
