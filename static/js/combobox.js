/*
 * Region combobox: turns <select data-combobox> into a field where the reader types
 * 汉字, full pinyin or initials (广州, guangzhou, gz) and picks from a short list.
 *
 * Progressive enhancement: the select stays in the form (hidden) and is what gets
 * submitted, so the 6-digit code still arrives as `region`; without JavaScript the plain
 * select works. The pinyin keys come from the server (made by pypinyin when regions are
 * imported): fetched once from the select's data-keys URL when the reader first focuses
 * or types, so pages do not carry them; what was typed meanwhile is matched again. ARIA 1.2 combobox pattern: role=combobox input,
 * role=listbox popup, aria-activedescendant for the highlighted option.
 * A <select multiple> (the comparison's extra regions) becomes a combobox that adds
 * regions to a list, each with a button to remove it.
 */
(function () {
  "use strict";

  var MAX_SHOWN = 8;
  var CJK = /[\u3400-\u9fff]/;

  function clean(text) {
    return (text || "").toLowerCase().replace(/[\s'’·]/g, "");
  }

  function readOptions(select) {
    var items = [];
    Array.prototype.forEach.call(select.options, function (option) {
      if (!option.value) return;
      var parent = option.parentElement;
      var group = parent && parent.tagName === "OPTGROUP" ? parent.label : "";
      var name = option.textContent;
      items.push({
        value: option.value,
        name: name,
        group: group === name ? "" : group,
        keys: [],
        option: option
      });
    });
    return items;
  }

  /* Lower is better; -1 means no match. */
  function score(item, query) {
    if (/^\d+$/.test(query)) return item.value.indexOf(query) === 0 ? 0 : -1;
    if (!CJK.test(query)) {
      var best = -1;
      item.keys.forEach(function (key, i) {
        if (key.indexOf(query) === 0) {
          var s = i === 0 ? 1 : 2;
          if (best < 0 || s < best) best = s;
        }
      });
      return best;
    }
    if (item.name === query) return 0;
    var at = item.name.indexOf(query);
    if (at === 0) return 1;
    if (at > 0) return 3;
    if ((item.group + item.name).indexOf(query) >= 0) return 4;
    return -1;
  }

  /* Among equal matches: provincial capitals (code xx0100), then provinces, then others. */
  function prominence(item) {
    if (/0100$/.test(item.value)) return 0;
    if (/0000$/.test(item.value)) return 1;
    return 2;
  }

  function matches(items, text, skipChosen) {
    var query = clean(text);
    if (!query) return [];
    var found = [];
    items.forEach(function (item) {
      var s = score(item, query);
      if (s >= 0 && !(skipChosen && item.option.selected)) found.push({ item: item, score: s });
    });
    found.sort(function (a, b) {
      return a.score - b.score || prominence(a.item) - prominence(b.item) ||
        (a.item.value < b.item.value ? -1 : 1);
    });
    return found.slice(0, MAX_SHOWN).map(function (f) { return f.item; });
  }

  /* One request per URL per page, shared by every combobox on it. */
  var keyRequests = {};

  function loadKeys(url) {
    if (!keyRequests[url]) {
      keyRequests[url] = fetch(url, { credentials: "omit" })
        .then(function (response) { return response.ok ? response.json() : {}; })
        .catch(function () { delete keyRequests[url]; return {}; });
    }
    return keyRequests[url];
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) node.textContent = text;
    return node;
  }

  function enhance(select) {
    if (select.getAttribute("data-enhanced")) return;
    select.setAttribute("data-enhanced", "true");
    var multiple = select.multiple;
    var id = select.id;
    var hadFocus = document.activeElement === select;
    var items = readOptions(select);
    var label = document.querySelector('label[for="' + id + '"]');
    var described = select.getAttribute("aria-describedby");

    var wrap = el("div", { "class": "combobox" });
    var input = el("input", {
      type: "text",
      id: id,
      role: "combobox",
      "aria-autocomplete": "list",
      "aria-expanded": "false",
      "aria-controls": id + "_listbox",
      autocomplete: "off",
      autocapitalize: "none",
      spellcheck: "false",
      enterkeyhint: "done",
      placeholder: "输入城市名或拼音，如：广州、gz",
      "class": "combobox-input"
    });
    var empty = select.querySelector('option[value=""]');
    if (empty && empty.textContent.indexOf("请选择") !== 0) {
      /* An optional region: leaving it empty means the empty option ("全国规定（不选地区）"). */
      input.placeholder = empty.textContent;
    }
    if (described) input.setAttribute("aria-describedby", described);
    if (select.getAttribute("aria-invalid")) input.setAttribute("aria-invalid", "true");
    var list = el("ul", { role: "listbox", id: id + "_listbox", "class": "combobox-list" });
    list.setAttribute("aria-label", label ? label.textContent.trim() : "地区");
    list.hidden = true;
    var status = el("p", { "class": "visually-hidden", role: "status" });
    select.id = id + "_select";
    select.removeAttribute("aria-describedby");
    select.hidden = true;
    select.tabIndex = -1;
    select.setAttribute("aria-hidden", "true");
    select.parentNode.insertBefore(wrap, select);
    wrap.appendChild(input);
    wrap.appendChild(list);
    wrap.appendChild(status);

    var chosenList = null;
    if (multiple) {
      chosenList = el("ul", { "class": "combobox-chosen", "aria-label": "已选的地区" });
      wrap.appendChild(chosenList);
      input.placeholder = "输入要加的城市名或拼音";
    }

    var shown = [];
    var active = -1;

    function selectedItem() {
      for (var i = 0; i < items.length; i++) if (items[i].option.selected) return items[i];
      return null;
    }

    function showCurrent() {
      if (multiple) return;
      var current = selectedItem();
      input.value = current ? current.name : "";
    }

    function renderChosen() {
      if (!chosenList) return;
      chosenList.textContent = "";
      items.forEach(function (item) {
        if (!item.option.selected) return;
        var li = el("li", {}, item.name + " ");
        var remove = el("button", {
          type: "button", "class": "combobox-remove", "aria-label": "移除" + item.name
        }, "移除");
        remove.addEventListener("click", function () {
          item.option.selected = false;
          renderChosen();
          status.textContent = "已移除" + item.name;
          changed();
          input.focus();
        });
        li.appendChild(remove);
        chosenList.appendChild(li);
      });
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (li, i) {
        li.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0 && list.children[index]) {
        input.setAttribute("aria-activedescendant", list.children[index].id);
        list.children[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function open() {
      shown = matches(items, input.value, multiple);
      list.textContent = "";
      shown.forEach(function (item) {
        var li = el("li", { role: "option", id: id + "_opt_" + item.value, "aria-selected": "false" });
        li.appendChild(document.createTextNode(item.name));
        if (item.group) li.appendChild(el("span", { "class": "combobox-group" }, item.group));
        li.addEventListener("mousedown", function (event) { event.preventDefault(); });
        li.addEventListener("click", function () { choose(item); });
        list.appendChild(li);
      });
      if (shown.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        status.textContent = "找到 " + shown.length + " 个地区，用上下方向键选择";
      } else {
        close();
        status.textContent = clean(input.value) ? "没有找到，试试城市名或拼音首字母" : "";
      }
      highlight(-1);
    }

    function changed() {
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function choose(item) {
      typing = false;
      close();
      if (multiple) {
        item.option.selected = true;
        input.value = "";
        renderChosen();
        status.textContent = "已加入" + item.name;
        changed();
        return;
      }
      var before = select.value;
      select.value = item.value;
      input.value = item.name;
      if (before !== item.value) changed();
    }

    function commit() {
      /* Leaving the field: take the best match for what was typed, or go back. */
      typing = false;
      if (multiple) {
        input.value = "";
        close();
        return;
      }
      var text = clean(input.value);
      if (!text) {
        close();
        if (select.value && select.querySelector('option[value=""]')) {
          select.value = "";
          changed();
        }
        return;
      }
      var best = matches(items, input.value, false)[0];
      var current = selectedItem();
      if (best && (!current || clean(current.name) !== text)) {
        choose(best);
      } else {
        close();
        showCurrent();
      }
    }

    var keysUrl = select.getAttribute("data-keys");
    var keysLoaded = !keysUrl;
    /* True from a keystroke until a region is chosen or the field is left: only then may
       the pinyin keys, arriving late on a slow connection, open the list again. */
    var typing = false;

    function withKeys() {
      if (keysLoaded) return;
      keysLoaded = true;
      loadKeys(keysUrl).then(function (map) {
        if (!Object.keys(map).length) { keysLoaded = false; return; }
        items.forEach(function (item) {
          item.keys = (map[item.value] || "").split(" ").filter(Boolean);
        });
        if (typing && document.activeElement === input && clean(input.value)) open();
      });
    }

    input.addEventListener("input", function (event) {
      event.stopPropagation(); /* typing is not an answer yet: no live request */
      typing = true;
      withKeys();
      open();
    });
    input.addEventListener("change", function (event) { event.stopPropagation(); });
    input.addEventListener("keydown", function (event) {
      var isOpen = !list.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!isOpen) open();
        if (shown.length) highlight(Math.min(active + 1, shown.length - 1));
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (isOpen) highlight(Math.max(active - 1, 0));
      } else if (event.key === "Enter") {
        if (isOpen && shown.length) {
          event.preventDefault();
          choose(shown[active >= 0 ? active : 0]);
        }
      } else if (event.key === "Escape") {
        if (isOpen) {
          event.preventDefault();
          close();
        } else if (!multiple) {
          showCurrent();
        }
      }
    });
    input.addEventListener("blur", commit);
    input.addEventListener("focus", function () { input.select(); withKeys(); });

    showCurrent();
    renderChosen();
    if (hadFocus) input.focus();
  }

  function scan(root) {
    if (!root || !root.querySelectorAll) return;
    if (root.matches && root.matches("select[data-combobox]")) enhance(root);
    Array.prototype.forEach.call(root.querySelectorAll("select[data-combobox]"), enhance);
  }

  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  document.addEventListener("htmx:load", function (event) { scan(event.target); });
})();
