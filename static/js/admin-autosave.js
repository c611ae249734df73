/* Autosave of the article form (articles/autosave.py): what the form holds is posted
   every few seconds when it changed, and when the page is hidden or closed (fetch with
   keepalive), so a closed tab or a crashed browser loses a few seconds of typing at most.
   Leaving with unsaved changes asks first. No framework; loaded as a file (CSP). */
"use strict";
function autosaveStart() {
  const box = document.querySelector("[data-autosave]");
  const form = box && box.closest("form");
  if (!form) return;
  const status = box.querySelector("[data-autosave-status]");
  const url = box.dataset.url;
  const interval = Number(box.dataset.interval || 5) * 1000;
  const restored = box.hasAttribute("data-restored");
  const session =
    window.crypto && crypto.randomUUID
      ? crypto.randomUUID()
      : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  // Keepalive requests may carry 64 KiB at most (all of them together).
  const KEEPALIVE_LIMIT = 60000;
  let waiting = box.hasAttribute("data-offer"); // until the earlier changes are restored or discarded
  let stopped = false; // refused for good (no permission)
  let submitting = false;
  let touched = false; // the person has typed or clicked in the form
  let inFlight = null;
  let baseline = "";
  let lastSent = "";
  let lastKept = ""; // the data last sent with keepalive (on hiding the page)
  let acknowledged = null; // the data the server has, as last acknowledged

  const token = () => (form.querySelector("[name=csrfmiddlewaretoken]") || {}).value || "";

  function snapshot() {
    const data = {};
    for (const [name, value] of new FormData(form)) {
      if (typeof value !== "string" || name === "csrfmiddlewaretoken" || name.startsWith("_")) {
        continue;
      }
      (data[name] ||= []).push(value);
    }
    return data;
  }

  function say(text, problem = false) {
    if (!status) return;
    status.textContent = text || "";
    status.toggleAttribute("data-problem", problem);
  }

  function takeBaseline() {
    baseline = JSON.stringify(snapshot());
    lastSent = baseline;
  }

  function changedSince(before, now) {
    const changes = {};
    for (const name of new Set([...Object.keys(before), ...Object.keys(now)])) {
      if (JSON.stringify(before[name] || []) !== JSON.stringify(now[name] || [])) {
        changes[name] = now[name] || [];
      }
    }
    return changes;
  }

  function send(data, { keepalive = false } = {}) {
    const json = JSON.stringify(data);
    const partial = keepalive && acknowledged !== null;
    const body = JSON.stringify({
      session,
      partial,
      data: partial ? changedSince(acknowledged, data) : data,
    });
    if (new Blob([body]).size > KEEPALIVE_LIMIT) keepalive = false;
    if (keepalive) lastKept = json;
    const request = fetch(url, {
      method: "POST",
      body,
      keepalive,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token() },
    })
      .then(async (response) => {
        const answer = await response.json().catch(() => ({}));
        if (response.ok) {
          lastSent = json;
          acknowledged = data;
          say(answer.message);
        } else if (response.status === 409) {
          acknowledged = null; // send the whole form next time
          lastKept = "";
        } else {
          lastSent = json; // the same text would be refused again: wait for a change
          say(answer.error || box.dataset.textError, true);
          if (response.status === 403) stopped = true;
        }
      })
      .catch(() => {
        lastKept = ""; // try again at the next tick
        say(box.dataset.textFailed, true);
      })
      .finally(() => {
        if (inFlight === request) inFlight = null;
      });
    inFlight = request;
    return request;
  }

  function tick() {
    if (waiting || stopped || submitting || inFlight) return;
    const data = snapshot();
    if (JSON.stringify(data) !== lastSent) send(data);
  }

  function sendNow() {
    if (waiting || stopped || submitting) return;
    const data = snapshot();
    const json = JSON.stringify(data);
    if (json !== lastSent && json !== lastKept) send(data, { keepalive: true });
  }

  takeBaseline();
  // The rich-text editors start after the page: what they hold is the form as opened.
  form.addEventListener("prose-editor:ready", () => {
    if (!touched) takeBaseline();
  });
  for (const kind of ["keydown", "pointerdown", "input", "paste"]) {
    form.addEventListener(kind, () => (touched = true), { capture: true });
  }
  setInterval(tick, interval);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") sendNow();
  });
  window.addEventListener("pagehide", sendNow);

  form.addEventListener("submit", (event) => {
    if (submitting) return;
    submitting = true;
    if (inFlight) {
      // Let the autosave under way arrive first: the save then deletes it, for good.
      event.preventDefault();
      const submitter = event.submitter;
      const timeout = new Promise((resolve) => setTimeout(resolve, 3000));
      Promise.race([inFlight, timeout]).then(() => form.requestSubmit(submitter || undefined));
    }
  });

  window.addEventListener("beforeunload", (event) => {
    if (submitting) return;
    if (!restored && JSON.stringify(snapshot()) === baseline) return;
    event.preventDefault();
    event.returnValue = ""; // older browsers need a value to ask
  });

  if (waiting) say(box.dataset.textPaused);
  const discard = box.querySelector("[data-autosave-discard]");
  if (discard) {
    discard.addEventListener("click", () => {
      discard.disabled = true;
      fetch(box.dataset.discardUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": token() },
      })
        .then(async (response) => {
          const answer = await response.json().catch(() => ({}));
          if (!response.ok) throw new Error(answer.error || box.dataset.textError);
          const offer = box.querySelector(".autosave-offer");
          if (offer) offer.remove();
          waiting = false;
          say(answer.message);
        })
        .catch((error) => {
          discard.disabled = false;
          say(error.message || box.dataset.textFailed, true);
        });
    });
  }
}
// Loaded in the page's head with the form's media: start once the form is there.
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", autosaveStart);
else autosaveStart();
