// Count this read for "most read" (articles/mostread.py): one beacon, no cookie,
// nothing sent to anyone else. Without JavaScript, a <noscript> image does it.
(function () {
  "use strict";
  var article = document.querySelector("[data-read-beacon]");
  if (!article) return;
  var url = article.getAttribute("data-read-beacon");
  function send() {
    if (navigator.sendBeacon && navigator.sendBeacon(url)) return;
    new Image().src = url;
  }
  // A page the browser prerenders is counted only once somebody looks at it.
  if (document.prerendering) {
    document.addEventListener("prerenderingchange", send, { once: true });
  } else {
    send();
  }
})();
