// graphkit's app: the little every page shares. No inline scripts anywhere (the CSP forbids them);
// a page's own script is a file of its own under /static, and its data sits in
// <script type="application/json"> blocks, read with readData().
"use strict";

window.graphkit = {
  csrf() { return document.body.dataset.csrf || ""; },
  readData(id) {
    const el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  },
  // A fetch that carries the session's CSRF token (for writes from script).
  send(url, options = {}) {
    const headers = Object.assign({ "X-CSRF-Token": this.csrf() }, options.headers || {});
    return fetch(url, Object.assign({ credentials: "same-origin" }, options, { headers }));
  },
};
