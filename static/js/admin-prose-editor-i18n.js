/* The rich-text editor's toolbar in the admin's language.
 *
 * django-prose-editor translates its dialogs with Django's JavaScript catalogue
 * (window.gettext, from the admin's jsi18n), but writes its toolbar tooltips
 * and its block-type menu ("bold", "heading 2", "Paragraph", "undo") in English. This
 * gives each toolbar button its title and accessible name, and each menu choice its
 * text, from the same catalogue (locale/<lang>/djangojs.po),
 * for the editors on the page now and those made later (a new inline, a tab).
 */
(function () {
  "use strict";

  // Only for makemessages: the strings the editor shows, to be translated in djangojs.po.
  function gettext_noop(text) { return text; }
  const STRINGS = [
    // Toolbar tooltips (written in English by the editor itself).
    gettext_noop("bold"), gettext_noop("italic"), gettext_noop("underline"),
    gettext_noop("strike"), gettext_noop("subscript"), gettext_noop("superscript"),
    gettext_noop("paragraph"), gettext_noop("unordered list"), gettext_noop("ordered list"),
    gettext_noop("blockquote"), gettext_noop("horizontal rule"), gettext_noop("insert link"),
    gettext_noop("remove link"), gettext_noop("undo"), gettext_noop("redo"),
    gettext_noop("edit HTML"), gettext_noop("figure"), gettext_noop("Code"),
    gettext_noop("Code block"), gettext_noop("Insert table"), gettext_noop("Merge cells"),
    gettext_noop("Split cell"), gettext_noop("Styles"), gettext_noop("HTML"),
    gettext_noop("Heading %(level)s"), gettext_noop("Paragraph"), gettext_noop("Reset all classes"),
    // Dialogs and buttons the editor passes through gettext itself.
    gettext_noop("Toggle fullscreen"), gettext_noop("Update"), gettext_noop("Cancel"),
    gettext_noop("Insert"), gettext_noop("URL"), gettext_noop("Title"),
    gettext_noop("Open in new window"), gettext_noop("Edit Link"),
    gettext_noop("List properties"), gettext_noop("List type"), gettext_noop("Start at"),
    gettext_noop("Decimal numbers"), gettext_noop("Lowercase letters"),
    gettext_noop("Uppercase letters"), gettext_noop("Lowercase Roman numerals"),
    gettext_noop("Uppercase Roman numerals"), gettext_noop("Bullets"),
    gettext_noop("Edit HTML"), gettext_noop("Prettify"),
    gettext_noop("The HTML contents of the editor. Note that the allowed HTML is restricted by the editor schema."),
    gettext_noop("Image URL"), gettext_noop("Alternative Text"), gettext_noop("Caption"),
    gettext_noop("Edit Figure"), gettext_noop("Insert Figure"), gettext_noop("Edit Image"),
    gettext_noop("Browse..."), gettext_noop("Add caption"), gettext_noop("Remove caption"),
    gettext_noop("Insert Table"), gettext_noop("Table Properties"), gettext_noop("Rows"),
    gettext_noop("Columns"), gettext_noop("Include header row"),
  ];
  void STRINGS;

  const HEADING = /^heading (\d)$/i;

  function translated(text) {
    if (typeof window.gettext !== "function" || !text) return text;
    const heading = HEADING.exec(text);
    if (heading) {
      return window.interpolate(window.gettext("Heading %(level)s"), { level: heading[1] }, true);
    }
    return window.gettext(text);
  }

  function translateButton(button) {
    if (button.dataset.i18nDone) return;
    button.dataset.i18nDone = "1";
    const title = button.getAttribute("title");
    if (title) button.setAttribute("title", translated(title));
    // The icon's ligature ("format_bold") is no name to read out: the tooltip is.
    const label = button.getAttribute("aria-label") || title;
    if (label) button.setAttribute("aria-label", translated(label));
  }

  // The block-type menu ("Paragraph", "Heading 2", "blockquote"…) shows each choice as text.
  function translateOption(option) {
    if (option.children.length || option.dataset.i18nDone) return;
    option.dataset.i18nDone = "1";
    option.textContent = translated(option.textContent.trim());
  }

  const BUTTONS = ".prose-menubar__button";
  const OPTIONS = ".prose-menubar__option > *, .prose-menubar__selected > *";

  function translateWithin(root) {
    if (!root.querySelectorAll) return;
    if (root.matches(BUTTONS)) translateButton(root);
    if (root.matches(OPTIONS)) translateOption(root);
    root.querySelectorAll(BUTTONS).forEach(translateButton);
    root.querySelectorAll(OPTIONS).forEach(translateOption);
  }

  function start() {
    translateWithin(document.body);
    new MutationObserver(function (mutations) {
      for (const mutation of mutations) mutation.addedNodes.forEach(translateWithin);
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
