// The sources page: drop a file onto the load form and it is posted (multipart, with the CSRF
// token) without leaving the page; the answer (the report of a refused file, or the sources
// with the new one) replaces the page's main part. Without this script the form posts as it is.
"use strict";

(function () {
  function zone() { return document.getElementById("load-form"); }

  function setStatus(text) {
    const el = document.getElementById("load-status");
    if (el) el.textContent = text;
  }

  async function post(file) {
    const form = zone();
    const data = new FormData();
    data.append("csrf", window.graphkit.csrf());
    data.append("file", file, file.name);
    form.classList.add("busy");
    setStatus(form.dataset.loading.replace("{file}", file.name));
    try {
      const response = await window.graphkit.send(form.action, { method: "POST", body: data,
        headers: { Accept: "text/html" } });
      const html = await response.text();
      const next = new DOMParser().parseFromString(html, "text/html");
      const main = next.querySelector("main");
      if (!main) throw new Error("no page in the answer");
      document.querySelector("main").replaceWith(document.adoptNode(main));
      if (response.redirected) window.history.replaceState(null, "", response.url);
      const first = document.getElementById("report") || document.getElementById("notice");
      if (first) first.scrollIntoView({ block: "start" });
    } catch (error) {
      form.classList.remove("busy");
      setStatus(form.dataset.failed + " " + String(error.message || error));
    }
  }

  // Listeners sit on the document: the form is replaced after every load.
  document.addEventListener("dragover", (event) => {
    const form = zone();
    if (!form || !form.contains(event.target)) return;
    event.preventDefault();
    form.classList.add("over");
  });
  document.addEventListener("dragleave", (event) => {
    const form = zone();
    if (form && !form.contains(event.relatedTarget)) form.classList.remove("over");
  });
  document.addEventListener("drop", (event) => {
    const form = zone();
    if (!form || !form.contains(event.target)) return;
    event.preventDefault();
    form.classList.remove("over");
    const file = event.dataTransfer && event.dataTransfer.files[0];
    if (file) post(file);
  });
  document.addEventListener("submit", (event) => {
    const form = zone();
    if (event.target !== form) return;
    const input = document.getElementById("load-file");
    if (!input || !input.files.length) return;
    event.preventDefault();
    post(input.files[0]);
  });
})();
