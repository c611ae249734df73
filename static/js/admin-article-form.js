/* The article form's writing desk (no framework; loaded as a file, so the CSP allows it).
 *
 * - Language tabs open on the language the server chose (#article-desk data-language:
 *   the article's own language, a translator's first language, or the tab in use when the
 *   form was posted), and the tab in use is posted with the form (input[data-tab-input]),
 *   so that «Save and continue» comes back to it on any device.
 * - A warning under a field when the letters typed are of a script its language does not
 *   use; live counts (headline and standfirst characters, body words and reading time).
 * - Ctrl/Cmd+S saves and continues; the preview opens in a panel beside the form.
 * - On a translation tab, each source paragraph is lined up with its target paragraph.
 */
(function () {
  "use strict";

  var LANGUAGES = ["ar", "ru", "en"];
  var WORDS_PER_MINUTE = 200;

  function desk() { return document.getElementById("article-desk"); }

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : all;
    });
  }

  function number(n) {
    try { return new Intl.NumberFormat(document.documentElement.lang || undefined).format(n); }
    catch (e) { return String(n); }
  }

  /* --- Which field, which language --------------------------------------------------- */

  // "title_ar" for the headline's textarea, the body's ProseMirror editor, etc.
  function fieldOf(element) {
    var editor = element.closest && element.closest(".prose-editor");
    var control = editor ? editor.querySelector("textarea") : element;
    if (!control || !control.name) return null;
    var match = /^(title|standfirst|body)_(ar|ru|en)$/.exec(control.name);
    return match ? { name: control.name, kind: match[1], language: match[2], control: control, editor: editor } : null;
  }

  function textOf(field) {
    if (field.editor) {
      var editable = field.editor.querySelector("[contenteditable]");
      if (editable) return editable.innerText || editable.textContent || "";
      var parsed = new DOMParser().parseFromString(field.control.value, "text/html");
      return parsed.body.innerText || parsed.body.textContent || "";
    }
    return field.control.value || "";
  }

  function rowOf(field) { return field.control.closest(".form-row"); }

  function noteFor(field, kind) {
    var row = rowOf(field);
    if (!row) return null;
    var note = row.querySelector("[data-" + kind + '="' + field.name + '"]');
    if (!note) {
      note = document.createElement("p");
      note.setAttribute("data-" + kind, field.name);
      note.className = kind === "count" ? "field-count" : "script-warning";
      note.setAttribute("role", kind === "count" ? "status" : "alert");
      // Under the field, in its column (on a translation tab the source is beside it).
      var box = field.control.closest(".flex-container") || row;
      box.appendChild(note);
    }
    return note;
  }

  /* --- Wrong script -------------------------------------------------------------------- */

  // The rule: a field warns when what is typed holds a whole word (two letters or more) in
  // a script its language never uses: Arabic letters in a Russian or English field,
  // Cyrillic in an Arabic or English one. Latin letters are normal inside Arabic and
  // Russian text (names, acronyms: «NATO», «iPhone»), so they only count when they are
  // most of the letters typed (at least a dozen): a whole English sentence in the Arabic
  // field is a wrong tab, one Latin name is not.
  var SCRIPTS = { arabic: /\p{Script=Arabic}/u, cyrillic: /\p{Script=Cyrillic}/u, latin: /\p{Script=Latin}/u };
  var FOREIGN = { ar: ["cyrillic"], ru: ["arabic"], en: ["arabic", "cyrillic"] };
  var MOSTLY_FOREIGN = { ar: "latin", ru: "latin" };

  function scriptOf(word) {
    for (var name in SCRIPTS) { if (SCRIPTS[name].test(word)) return name; }
    return null;
  }

  function wrongScript(text, language) {
    var words = text.match(/\p{L}+/gu) || [];
    var letters = { arabic: 0, cyrillic: 0, latin: 0 }, total = 0;
    for (var i = 0; i < words.length; i++) {
      var script = scriptOf(words[i]);
      if (!script) continue;
      if (words[i].length >= 2 && FOREIGN[language].indexOf(script) !== -1) return script;
      letters[script] += words[i].length;
      total += words[i].length;
    }
    var mostly = MOSTLY_FOREIGN[language];
    if (mostly && letters[mostly] >= 12 && letters[mostly] * 2 > total) return mostly;
    return null;
  }

  function checkScript(field) {
    var config = desk();
    if (!config) return;
    var script = wrongScript(textOf(field), field.language);
    var note = script || field.control.closest(".form-row").querySelector('[data-script-warning="' + field.name + '"]')
      ? noteFor(field, "script-warning") : null;
    if (!note) return;
    if (!script) { note.hidden = true; note.textContent = ""; return; }
    note.textContent = format(config.dataset.warnScript, {
      language: config.getAttribute("data-language-" + field.language),
      script: config.getAttribute("data-script-" + script),
    });
    note.hidden = false;
  }

  /* --- Live counts --------------------------------------------------------------------- */

  function count(field) {
    var config = desk();
    if (!config) return;
    var text = textOf(field).trim(), note = noteFor(field, "count");
    if (!note) return;
    if (field.kind === "title") {
      var max = parseInt(config.dataset.headlineMax, 10);
      var n = Array.from(text).length;
      note.textContent = format(config.dataset.countHeadline, { n: number(n), max: number(max) });
      note.setAttribute("data-over", n > max ? "1" : "0");
      note.setAttribute("data-chars", String(n));
    } else if (field.kind === "standfirst") {
      note.textContent = format(config.dataset.countChars, { n: number(Array.from(text).length) });
      note.setAttribute("data-chars", String(Array.from(text).length));
    } else {
      var words = text.split(/\s+/).filter(function (w) { return /[\p{L}\p{N}]/u.test(w); }).length;
      var minutes = words ? Math.max(1, Math.round(words / WORDS_PER_MINUTE)) : 0;
      note.textContent = format(config.dataset.countBody, { words: number(words), minutes: number(minutes) });
      note.setAttribute("data-words", String(words));
    }
  }

  function eachField(callback) {
    document.querySelectorAll("textarea[name], input[name]").forEach(function (control) {
      var field = fieldOf(control);
      if (field && !control.disabled) callback(field);
    });
  }

  function refreshAll() {
    eachField(function (field) {
      if (field.kind !== "slug") count(field);
      if (textOf(field)) checkScript(field);
    });
  }

  /* --- The headline: one line of text, shown whole ------------------------------------- */

  function growHeadline(area) {
    if (window.CSS && CSS.supports && CSS.supports("field-sizing", "content")) return;
    area.style.height = "auto";
    area.style.height = area.scrollHeight + 2 + "px";
  }

  /* --- Language tabs --------------------------------------------------------------------- */

  function tabInput() { return document.querySelector("input[data-tab-input]"); }

  function openTabs() {
    var config = desk(), $ = window.django && window.django.jQuery;
    if (!config || !$) return;
    patchTabs();
    var language = config.dataset.language, $switch = $("#modeltranslation-main-switch");
    if ($switch.length) {
      $switch.attr("aria-label", config.getAttribute("data-switch-label") || "Language");
      var index = -1;
      $switch.find("option").each(function (i, option) {
        if (option.textContent.trim().toLowerCase() === language) index = i;
      });
      if (index >= 0) $switch.val(String(index)).trigger("change");
    }
    // A field with an error shows its own tab, whatever the language chosen.
    $(".ui-tabs").each(function () {
      var errors = $(this).find(".ui-tabs-nav li.ui-tab-has-errors");
      if (errors.length) $(this).tabs("option", "active", errors.first().index());
    });
    // jQuery runs ready handlers asynchronously: the tabs (and select2's boxes) exist now.
    nameControls();
    window.setTimeout(nameControls, 0);
    $(document).on("tabsactivate", function (event, ui) {
      nameControls();
      var code = (ui.newTab.text() || "").trim().toLowerCase();
      if (LANGUAGES.indexOf(code) !== -1 && tabInput()) tabInput().value = code;
      document.querySelectorAll("textarea[data-headline]").forEach(growHeadline);
      scheduleAlign();
    });
  }

  /* --- Names for the controls the libraries leave unnamed (axe: 0 serious) --------------- */

  // jQuery UI finds a tab's panel through the <li>'s aria-controls, which nameControls
  // moves to the link (the tab itself): look there too.
  function patchTabs() {
    var ui = window.django && window.django.jQuery && window.django.jQuery.ui;
    if (ui && ui.tabs && ui.tabs.prototype._getPanelForTab && !ui.tabs.prototype._deskPatched) {
      ui.tabs.prototype._deskPatched = true;
      ui.tabs.prototype._getPanelForTab = function (tab) {
        var $tab = window.django.jQuery(tab);
        var id = $tab.attr("aria-controls") || $tab.find("a").attr("aria-controls");
        return this.element.find("#" + window.django.jQuery.escapeSelector(id || ""));
      };
    }
  }

  function labelOf(id) {
    var label = id && document.querySelector('label[for="' + id + '"]');
    if (!label) return null;
    if (!label.id) label.id = "label-" + id;
    return label;
  }

  function nameControls() {
    patchTabs();
    // jQuery UI puts role="tab" on the <li> around a focusable link (nested interactive
    // controls): the link itself becomes the tab, the <li> only holds it.
    document.querySelectorAll(".ui-tabs-nav > li").forEach(function (li) {
      var link = li.querySelector("a"), selected = li.classList.contains("ui-tabs-active");
      if (!link) return;
      link.setAttribute("role", "tab");
      if (li.hasAttribute("aria-controls")) link.setAttribute("aria-controls", li.getAttribute("aria-controls"));
      link.setAttribute("aria-selected", selected ? "true" : "false");
      link.tabIndex = selected ? 0 : -1;
      ["aria-controls", "aria-labelledby", "aria-selected", "aria-expanded", "tabindex"].forEach(function (name) {
        li.removeAttribute(name);
      });
      li.setAttribute("role", "presentation");
    });
    // The rich-text editors: named by their field's label and language.
    document.querySelectorAll(".prose-editor").forEach(function (editor) {
      var control = editor.querySelector("textarea"), editable = editor.querySelector("[contenteditable]");
      var label = control && labelOf(control.id);
      if (editable && label && !editable.hasAttribute("aria-label")) {
        editable.setAttribute("aria-label", label.textContent.replace(/[:：]\s*$/, "").trim() + " (" + (control.lang || "").toUpperCase() + ")");
      }
    });
    // select2's boxes: named by the label of the select they stand for.
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = labelOf(select.id), box = select.nextElementSibling;
      if (!label || !box) return;
      var rendered = box.querySelector(".select2-selection__rendered");
      var combo = box.querySelector(".select2-selection[role=combobox]");
      if (rendered && !rendered.id) rendered.id = "select2-rendered-" + select.id;
      if (combo) combo.setAttribute("aria-labelledby", label.id + (rendered ? " " + rendered.id : ""));
      if (rendered && rendered.getAttribute("role") === "textbox") rendered.setAttribute("aria-labelledby", label.id + " " + rendered.id);
      box.querySelectorAll(".select2-search__field").forEach(function (field) { field.setAttribute("aria-labelledby", label.id); });
    });
    // The date and time boxes of a date-time field: "Publication date: Date".
    document.querySelectorAll("p.datetime").forEach(function (p) {
      var row = p.closest(".form-row"), label = row && row.querySelector("label");
      p.querySelectorAll("input").forEach(function (input) {
        var before = input.previousSibling, words = "";
        while (before && !words) {
          if (before.nodeType === 3) words = before.textContent.trim();
          else if (before.tagName === "BR") before = null;
          if (before) before = before.previousSibling;
        }
        if (!input.hasAttribute("aria-label")) {
          input.setAttribute("aria-label", ((label ? label.textContent : "") + " " + words).replace(/:/g, "").trim());
        }
      });
    });
  }

  /* --- Source paragraphs lined up with the target's ------------------------------------- */

  var sheet = null, alignPending = false;

  function scheduleAlign() {
    if (alignPending) return;
    alignPending = true;
    window.requestAnimationFrame(function () { alignPending = false; alignAll(); });
  }

  function alignAll() {
    if (!("adoptedStyleSheets" in document)) return;
    if (!sheet) {
      sheet = new CSSStyleSheet();
      document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
    }
    sheet.replaceSync("");
    var rules = [];
    document.querySelectorAll("fieldset.article-text .form-row").forEach(function (row) {
      var source = row.querySelector(".translation-source-text.rich");
      var target = row.querySelector(".prose-editor .ProseMirror[contenteditable]");
      if (!source || !target) return;
      var sources = Array.prototype.slice.call(source.children);
      sources.forEach(function (block) { block.style.paddingBlockStart = ""; });
      if (!target.getBoundingClientRect().width) return;  // a tab not shown
      var side = source.getBoundingClientRect(), editor = target.getBoundingClientRect();
      if (side.left >= editor.right - 1 || side.right <= editor.left + 1) {
        // Side by side: each pair of blocks starts at the same height; the higher one of
        // the two gets the difference as padding above it (the target's through a style
        // sheet, so that the editor's own markup stays as the editor made it).
        var field = fieldOf(target);
        var targets = target.children, n = Math.min(sources.length, targets.length);
        var selector = '.form-row textarea[name="' + (field ? field.name : "") + '"]';
        for (var i = 0; i < n; i++) {
          var s = sources[i].getBoundingClientRect().top, t = targets[i].getBoundingClientRect().top;
          if (Math.abs(s - t) < 1) continue;
          if (s < t) {
            sources[i].style.paddingBlockStart = (t - s) + "px";
          } else if (field) {
            var rule = ".prose-editor:has(> " + selector.replace(".form-row ", "") + ") .ProseMirror[contenteditable] > :nth-child(" + (i + 1) + ") { padding-block-start: " + (s - t) + "px; }";
            rules.push(rule);
            sheet.replaceSync(rules.join("\n"));
          }
        }
      }
    });
  }

  /* --- The preview beside the form -------------------------------------------------- */

  function setUpPreview() {
    var panel = document.getElementById("article-preview"), open = document.querySelector("[data-preview-open]");
    if (!panel || !open) return;
    var frame = panel.querySelector("[data-preview-frame]");
    function show(language) {
      var button = panel.querySelector('[data-preview-language="' + language + '"]') || panel.querySelector("[data-preview-language]");
      panel.querySelectorAll("[data-preview-language]").forEach(function (b) {
        b.setAttribute("aria-pressed", b === button ? "true" : "false");
      });
      frame.src = button.dataset.url;
    }
    open.addEventListener("click", function () {
      panel.hidden = false;
      document.body.classList.add("article-preview-open");
      open.setAttribute("aria-expanded", "true");
      show(tabInput() ? tabInput().value : "ar");
    });
    panel.addEventListener("click", function (event) {
      var language = event.target.closest("[data-preview-language]");
      if (language) show(language.dataset.previewLanguage);
      if (event.target.closest("[data-preview-close]")) {
        panel.hidden = true;
        document.body.classList.remove("article-preview-open");
        open.setAttribute("aria-expanded", "false");
        open.focus();
      }
    });
  }

  /* --- Wiring ---------------------------------------------------------------------------- */

  document.addEventListener("input", function (event) {
    var target = event.target;
    if (target.matches && target.matches("textarea[data-headline]")) {
      // A headline is one line: a pasted line break becomes a space.
      if (/[\r\n]/.test(target.value)) target.value = target.value.replace(/\s*[\r\n]+\s*/g, " ");
      growHeadline(target);
    }
    var field = fieldOf(target);
    if (!field) return;
    count(field);
    checkScript(field);
    scheduleAlign();
  });

  document.addEventListener("keydown", function (event) {
    if (event.target.matches && event.target.matches("textarea[data-headline]") && event.key === "Enter") {
      event.preventDefault();  // one line
    }
  });

  // Ctrl+S (Cmd+S on a Mac) saves and continues editing, as in any editor.
  window.addEventListener("keydown", function (event) {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
    if ((event.key || "").toLowerCase() !== "s") return;
    var button = document.querySelector("[data-save-continue]") || document.querySelector('input[name="_continue"]');
    if (!button || !button.form) return;
    event.preventDefault();
    button.form.requestSubmit(button);
  }, true);

  window.addEventListener("resize", scheduleAlign);

  function start() {
    if (window.django && window.django.jQuery) window.django.jQuery(openTabs);
    setUpPreview();
    document.querySelectorAll("textarea[data-headline]").forEach(growHeadline);
    // The prose editors mount asynchronously (ES modules): count and align once they are there.
    var tries = 0;
    (function whenEditorsReady() {
      var pending = document.querySelectorAll(".prose-editor").length > document.querySelectorAll(".prose-editor .ProseMirror[contenteditable]").length;
      if (pending && tries++ < 50) { window.setTimeout(whenEditorsReady, 100); return; }
      refreshAll();
      nameControls();
      scheduleAlign();
      if ("ResizeObserver" in window) {
        var observer = new ResizeObserver(scheduleAlign);
        document.querySelectorAll("fieldset.article-text .ProseMirror[contenteditable], .translation-source-text.rich").forEach(function (e) { observer.observe(e); });
      }
    })();
    // The changelist's filters, when above the list, start folded (except those in use).
    var filters = document.querySelector("#changelist.filtered #changelist-filter");
    if (filters && window.matchMedia("(max-width: 1599px)").matches) {
      filters.querySelectorAll("details").forEach(function (details) {
        if (!details.querySelector("li.selected:not(:first-child)")) details.open = false;
      });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
