// The network explorer: draws /api/map's compact arrays on a canvas, batched (one path per
// relation for the links, one per kind for the nodes). Every drawing is made in an offscreen
// picture and copied to the page: while the map moves (drag, wheel, keys) the page only shows the
// last picture moved and scaled (one copy per frame, whatever the size of the map), and once the
// movement stops the new picture is drawn a slice per animation frame (links by ten thousand, then
// the nodes, then the labels) and swapped in whole, so no frame waits for the 50,000 links of a
// big map to be painted. Hover (tooltip) is found in a grid of the nodes, click focuses (the
// server applies the view), a legend hides kinds; search, introduction paths, PNG/SVG of what is
// shown and the server's exports. Tests and the bench read window.graphkitExplore.
"use strict";

(function () {
  const boot = graphkit.readData("explore-data");
  const words = boot.words;
  const settings = Object.assign({}, boot.settings);
  const MULTI = ["kind", "theme", "arena", "network", "hidden"];
  const SINGLE = ["focus", "depth", "metric", "source", "target"];
  const $ = (id) => document.getElementById(id);
  const holder = $("map"), canvas = $("map-canvas"), ctx = canvas.getContext("2d");
  const tip = $("tip"), legendBox = $("legend"), viewLine = $("view-line");

  let data = null, n = 0;
  let xs, ys, rs, kindOf, byRelation, order, grid, gridCell, adjacency;
  let hidden = new Set(settings.hidden || []);
  let scale = 1, tx = 0, ty = 0, width = 0, height = 0;
  let hover = -1, pathNodes = new Set(), pathEdges = new Set();
  let lastDrawMs = 0, scheduled = false, settleTimer = 0, interacting = false;
  // The picture shown (a complete drawing and the view it was drawn at) and the one being drawn.
  let picture = document.createElement("canvas"), pictureAt = null, work = document.createElement("canvas");
  let job = 0; // the drawing in progress (a newer one, or a movement, abandons it)
  const flusher = document.createElement("canvas").getContext("2d");
  const LINKS_PER_SLICE = 10000;
  const api = window.graphkitExplore = { ready: false, draws: [], loads: 0 };

  // ---- settings <-> address ---------------------------------------------------------------
  function query(extra) {
    const q = new URLSearchParams();
    for (const name of MULTI) for (const v of settings[name] || []) if (v) q.append(name, v);
    for (const name of SINGLE) if (settings[name]) q.set(name, settings[name]);
    for (const [k, v] of Object.entries(extra || {})) q.set(k, v);
    return q;
  }
  function remember() {
    settings.hidden = Array.from(hidden);
    const q = query().toString();
    history.replaceState(null, "", "/explore" + (q ? "?" + q : ""));
    // The server's export is of what is shown: kinds hidden in the legend are left out there too.
    const exported = query({ fmt: $("export-fmt").value });
    exported.delete("hidden"); exported.delete("source"); exported.delete("target");
    if (data && hidden.size) {
      exported.delete("kind");
      for (const kind of data.kinds) if (!hidden.has(kind.code)) exported.append("kind", kind.code);
    }
    $("export-link").href = "/explore/export?" + exported.toString();
    const focusInput = document.querySelector('#filters input[name="focus"]');
    if (focusInput) focusInput.value = settings.focus || "";
  }

  // ---- data -------------------------------------------------------------------------------
  async function load() {
    viewLine.textContent = words.loading;
    api.ready = false;
    const q = query();
    q.delete("hidden"); q.delete("source"); q.delete("target");
    const response = await fetch("/api/map?" + q.toString(), { credentials: "same-origin" });
    const body = await response.json();
    if (!response.ok) { viewLine.textContent = body.error || words.error; api.ready = true; api.failed = true; return; }
    take(body);
    fit();
    draw();
    api.drawnAt = performance.now(); // since the navigation began (the bench's first draw)
    remember();
    api.loads += 1;
    api.ready = true;
    api.failed = false;
    if (settings.target) showPath();
  }

  function take(body) {
    data = body;
    const N = body.nodes;
    n = N.id.length;
    xs = Float32Array.from(N.x); ys = Float32Array.from(N.y); rs = Float32Array.from(N.size);
    kindOf = Uint16Array.from(N.kind);
    const E = body.edges, m = E.source.length;
    const counts = new Uint32Array(body.relations.length);
    for (let e = 0; e < m; e++) counts[E.relation[e]]++;
    byRelation = Array.from(counts, (c) => ({ list: new Uint32Array(c), used: 0 }));
    for (let e = 0; e < m; e++) { const g = byRelation[E.relation[e]]; g.list[g.used++] = e; }
    adjacency = new Map();
    for (let e = 0; e < m; e++) {
      adjacency.set(E.source[e] + ":" + E.target[e], e);
      adjacency.set(E.target[e] + ":" + E.source[e], e);
    }
    order = Array.from({ length: n }, (_, i) => i).sort((a, b) => rs[b] - rs[a]); // biggest labelled first
    buildGrid();
    hover = -1;
    pathNodes = new Set(); pathEdges = new Set();
    const parts = body.view.length ? body.view.concat([body.counts]) : [body.counts];
    viewLine.textContent = n ? parts.join(" · ") : words.nothing;
    buildLegend();
    showSelected(body.focus);
  }

  function buildGrid() {
    let big = 1;
    for (let i = 0; i < n; i++) if (rs[i] > big) big = rs[i];
    gridCell = Math.max(40, big * 2);
    grid = new Map();
    for (let i = 0; i < n; i++) {
      const key = Math.floor(xs[i] / gridCell) + "," + Math.floor(ys[i] / gridCell);
      let cell = grid.get(key);
      if (!cell) grid.set(key, (cell = []));
      cell.push(i);
    }
  }

  // ---- geometry ---------------------------------------------------------------------------
  function resize() {
    const dpr = window.devicePixelRatio || 1;
    width = holder.clientWidth; height = holder.clientHeight;
    canvas.width = Math.round(width * dpr); canvas.height = Math.round(height * dpr);
    canvas.style.width = width + "px"; canvas.style.height = height + "px";
    for (const c of [picture, work]) { c.width = canvas.width; c.height = canvas.height; }
    pictureAt = null; job++;
  }
  function fit() {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let i = 0; i < n; i++) {
      if (hidden.has(data.kinds[kindOf[i]].code)) continue;
      x0 = Math.min(x0, xs[i] - rs[i]); x1 = Math.max(x1, xs[i] + rs[i]);
      y0 = Math.min(y0, ys[i] - rs[i]); y1 = Math.max(y1, ys[i] + rs[i]);
    }
    if (!isFinite(x0)) { scale = 1; tx = width / 2; ty = height / 2; return; }
    const pad = 40;
    scale = Math.min((width - 2 * pad) / Math.max(x1 - x0, 1), (height - 2 * pad) / Math.max(y1 - y0, 1), 2);
    tx = width / 2 - scale * (x0 + x1) / 2; ty = height / 2 - scale * (y0 + y1) / 2;
  }
  function shown(i) { return !hidden.has(data.kinds[kindOf[i]].code); }
  // Nodes shrink as the map zooms out but never grow past their own size as it zooms in.
  function screenRadius(i) { return Math.max(Math.min(rs[i] * scale, rs[i]), 1.5); }
  function nodeAt(px, py) {
    if (!data) return -1;
    const wx = (px - tx) / scale, wy = (py - ty) / scale;
    const reach = Math.max(gridCell, 4 / scale);
    let best = -1, bestD = Infinity;
    const cx0 = Math.floor((wx - reach) / gridCell), cx1 = Math.floor((wx + reach) / gridCell);
    const cy0 = Math.floor((wy - reach) / gridCell), cy1 = Math.floor((wy + reach) / gridCell);
    for (let cx = cx0; cx <= cx1; cx++) for (let cy = cy0; cy <= cy1; cy++) {
      for (const i of grid.get(cx + "," + cy) || []) {
        if (!shown(i)) continue;
        const d = Math.hypot(xs[i] - wx, ys[i] - wy), r = Math.max(screenRadius(i), 4) / scale;
        if (d <= r && d < bestD) { best = i; bestD = d; }
      }
    }
    return best;
  }

  // ---- drawing ----------------------------------------------------------------------------
  function shapePath(path, shape, x, y, r) {
    switch (shape) {
      case "square": path.rect(x - r, y - r, 2 * r, 2 * r); break;
      case "diamond": path.moveTo(x, y - r); path.lineTo(x + r, y); path.lineTo(x, y + r); path.lineTo(x - r, y); path.closePath(); break;
      case "triangle": path.moveTo(x, y - r); path.lineTo(x + r, y + r * 0.8); path.lineTo(x - r, y + r * 0.8); path.closePath(); break;
      case "triangleDown": path.moveTo(x, y + r); path.lineTo(x + r, y - r * 0.8); path.lineTo(x - r, y - r * 0.8); path.closePath(); break;
      case "hexagon": case "star":
        for (let k = 0; k < 6; k++) { const a = Math.PI / 3 * k; const f = k ? "lineTo" : "moveTo"; path[f](x + r * Math.cos(a), y + r * Math.sin(a)); }
        path.closePath(); break;
      default: path.moveTo(x + r, y); path.arc(x, y, r, 0, 2 * Math.PI);
    }
  }

  // The whole scene in slices: the generator yields after each slice of links, after the nodes
  // and at the end (a caller runs it through at once, or a slice per frame).
  function* drawScene(c, dpr) {
    c.setTransform(dpr, 0, 0, dpr, 0, 0);
    c.globalAlpha = 1;
    c.fillStyle = "#ffffff"; c.fillRect(0, 0, width, height);
    if (!data) return;
    const world = () => c.setTransform(dpr * scale, 0, 0, dpr * scale, dpr * tx, dpr * ty);
    world();
    const E = data.edges, dim = pathNodes.size > 0;
    const many = E.source.length > 3000;
    const linkStyle = (colour) => {
      world(); c.lineWidth = (many ? 0.6 : 1.1) / scale; c.globalAlpha = dim ? 0.15 : many ? 0.35 : 0.7;
      c.strokeStyle = colour; c.beginPath();
    };
    let inSlice = 0;
    for (let r = 0; r < data.relations.length; r++) {
      const g = byRelation[r], colour = data.relations[r].colour;
      linkStyle(colour);
      for (let k = 0; k < g.used; k++) {
        const e = g.list[k], a = E.source[e], b = E.target[e];
        if (!shown(a) || !shown(b)) continue;
        c.moveTo(xs[a], ys[a]); c.lineTo(xs[b], ys[b]);
        if (++inSlice >= LINKS_PER_SLICE) { c.stroke(); inSlice = 0; yield; linkStyle(colour); }
      }
      c.stroke();
    }
    world();
    c.globalAlpha = 1;
    if (pathEdges.size) {
      c.lineWidth = 4 / scale; c.strokeStyle = "#d00000"; c.beginPath();
      for (const e of pathEdges) { const a = E.source[e], b = E.target[e]; c.moveTo(xs[a], ys[a]); c.lineTo(xs[b], ys[b]); }
      c.stroke();
    }
    yield;
    world();
    const x0 = -tx / scale, y0 = -ty / scale, x1 = (width - tx) / scale, y1 = (height - ty) / scale;
    c.globalAlpha = dim ? 0.35 : 1;
    data.kinds.forEach((kind, k) => {
      if (hidden.has(kind.code)) return;
      c.fillStyle = kind.colour; c.beginPath();
      for (let i = 0; i < n; i++) {
        if (kindOf[i] !== k) continue;
        const r = screenRadius(i) / scale, x = xs[i], y = ys[i];
        if (x + r < x0 || x - r > x1 || y + r < y0 || y - r > y1) continue;
        shapePath(c, kind.shape, x, y, r);
      }
      c.fill();
    });
    c.globalAlpha = 1;
    const ring = (i, colour, w) => {
      c.strokeStyle = colour; c.lineWidth = w / scale; c.beginPath();
      shapePath(c, data.kinds[kindOf[i]].shape, xs[i], ys[i], screenRadius(i) / scale + 2 / scale); c.stroke();
    };
    for (const i of pathNodes) { c.fillStyle = data.kinds[kindOf[i]].colour; c.beginPath(); shapePath(c, data.kinds[kindOf[i]].shape, xs[i], ys[i], screenRadius(i) / scale); c.fill(); ring(i, "#d00000", 2.5); }
    if (data.focus !== null && data.focus !== undefined) ring(data.focus, "#111111", 2.5);
    yield;
    drawLabels(c, dpr, x0, y0, x1, y1);
  }

  // Labels that do not overlap, the biggest nodes' first (a screen grid of taken rectangles).
  function drawLabels(c, dpr, x0, y0, x1, y1) {
    c.setTransform(dpr, 0, 0, dpr, 0, 0);
    c.font = "12px system-ui, sans-serif"; c.textAlign = "center"; c.textBaseline = "top";
    c.lineWidth = 3; c.strokeStyle = "rgba(255,255,255,0.9)"; c.fillStyle = "#1d2733";
    const must = new Set(pathNodes);
    if (data.focus !== null && data.focus !== undefined) must.add(data.focus);
    const taken = new Map(), CELL = 24;
    const free = (ax, ay, bx, by, mark) => {
      for (let gx = Math.floor(ax / CELL); gx <= Math.floor(bx / CELL); gx++)
        for (let gy = Math.floor(ay / CELL); gy <= Math.floor(by / CELL); gy++) {
          const key = gx * 100003 + gy, rects = taken.get(key);
          if (mark) { if (rects) rects.push([ax, ay, bx, by]); else taken.set(key, [[ax, ay, bx, by]]); continue; }
          if (rects) for (const r of rects) if (ax < r[2] && bx > r[0] && ay < r[3] && by > r[1]) return false;
        }
      return true;
    };
    let budget = 200, tries = 1500;
    const label = (i, force) => {
      const text = data.nodes.label[i].length > 40 ? data.nodes.label[i].slice(0, 38) + "…" : data.nodes.label[i];
      const sx = xs[i] * scale + tx, sy = ys[i] * scale + ty + screenRadius(i) + 2, w = c.measureText(text).width;
      if (!force && !free(sx - w / 2, sy, sx + w / 2, sy + 14, false)) return false;
      free(sx - w / 2, sy, sx + w / 2, sy + 14, true);
      c.strokeText(text, sx, sy); c.fillText(text, sx, sy);
      return true;
    };
    for (const i of must) if (shown(i)) label(i, true);
    for (const i of order) {
      if (budget <= 0 || screenRadius(i) < 5) break;
      if (must.has(i) || !shown(i) || xs[i] < x0 || xs[i] > x1 || ys[i] < y0 || ys[i] > y1) continue;
      if (--tries <= 0) break;
      if (label(i, false)) budget--;
    }
  }

  // The picture, moved and scaled to the current view, on the page (one copy of a bitmap).
  function present() {
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalAlpha = 1;
    ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, canvas.width, canvas.height);
    if (!pictureAt) return;
    const k = scale / pictureAt.scale;
    ctx.setTransform(k, 0, 0, k, dpr * (tx - pictureAt.tx * k), dpr * (ty - pictureAt.ty * k));
    ctx.drawImage(picture, 0, 0);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
  }
  function finished(at, t0) {
    [picture, work] = [work, picture];
    pictureAt = at;
    present();
    lastDrawMs = performance.now() - t0;
    api.draws.push(lastDrawMs);
    if (api.draws.length > 500) api.draws.shift();
  }

  // One whole drawing now (the first of a map, exports, the bench's full redraw).
  function draw() {
    const t0 = performance.now(), dpr = window.devicePixelRatio || 1, c = work.getContext("2d");
    job++;
    for (const _slice of drawScene(c, dpr)) { /* all at once */ }
    finished({ scale, tx, ty }, t0);
  }

  // The drawing of the current view a slice per animation frame, swapped in when complete; each
  // slice is painted in its own frame (copying the picture to a 1-pixel canvas makes the browser
  // paint what was drawn so far), so no frame holds the whole map's painting.
  function drawSoon() {
    const mine = ++job, dpr = window.devicePixelRatio || 1, c = work.getContext("2d");
    const at = { scale, tx, ty }, slices = drawScene(c, dpr);
    let t0 = 0;
    const slice = () => {
      if (mine !== job) return;
      if (!t0) t0 = performance.now();
      if (slices.next().done) { finished(at, t0); api.settled += 1; return; }
      flusher.drawImage(work, 0, 0, 1, 1);
      requestAnimationFrame(slice);
    };
    requestAnimationFrame(slice);
  }

  // While the map moves, each frame shows the last picture moved and scaled; the new drawing
  // starts once the movement has stopped for a moment.
  function frame() {
    scheduled = false;
    if (interacting) { present(); api.draws.push(0); } else drawSoon();
  }
  function request() { if (!scheduled) { scheduled = true; requestAnimationFrame(frame); } }
  function moved() {
    if (!interacting) { interacting = true; job++; }
    request();
    clearTimeout(settleTimer);
    settleTimer = setTimeout(() => { interacting = false; request(); }, 150);
  }

  // ---- pointer ----------------------------------------------------------------------------
  let drag = null;
  canvas.addEventListener("pointerdown", (ev) => {
    drag = { x: ev.clientX, y: ev.clientY, tx, ty, moved: false };
    canvas.setPointerCapture(ev.pointerId);
  });
  canvas.addEventListener("pointermove", (ev) => {
    const box = canvas.getBoundingClientRect();
    if (drag) {
      const dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
      if (drag.moved) { tx = drag.tx + dx; ty = drag.ty + dy; hideTip(); moved(); }
      return;
    }
    const i = nodeAt(ev.clientX - box.left, ev.clientY - box.top);
    if (i !== hover) { hover = i; i >= 0 ? showTip(i, ev.clientX - box.left, ev.clientY - box.top) : hideTip(); }
    else if (i >= 0) placeTip(ev.clientX - box.left, ev.clientY - box.top);
  });
  canvas.addEventListener("pointerup", (ev) => {
    const wasDrag = drag && drag.moved;
    drag = null;
    if (wasDrag) return;
    const box = canvas.getBoundingClientRect();
    const i = nodeAt(ev.clientX - box.left, ev.clientY - box.top);
    if (i >= 0) focusOn(data.nodes.id[i]);
  });
  canvas.addEventListener("pointerleave", () => { hover = -1; hideTip(); });
  canvas.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    const box = canvas.getBoundingClientRect(), px = ev.clientX - box.left, py = ev.clientY - box.top;
    zoomAt(px, py, Math.exp(-ev.deltaY * 0.0015));
  }, { passive: false });
  function zoomAt(px, py, factor) {
    const next = Math.min(Math.max(scale * factor, 0.005), 20);
    tx = px - (px - tx) * (next / scale); ty = py - (py - ty) * (next / scale); scale = next;
    hideTip(); moved();
  }
  holder.addEventListener("keydown", (ev) => {
    const step = 60, keys = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (keys[ev.key]) { tx += keys[ev.key][0]; ty += keys[ev.key][1]; moved(); ev.preventDefault(); }
    else if (ev.key === "+" || ev.key === "=") { zoomAt(width / 2, height / 2, 1.25); }
    else if (ev.key === "-") { zoomAt(width / 2, height / 2, 0.8); }
  });

  function showTip(i, px, py) {
    const kind = data.kinds[kindOf[i]];
    tip.textContent = "";
    const name = document.createElement("strong"); name.textContent = data.nodes.label[i];
    const line = document.createElement("span"); line.textContent = kind.name + " · " + data.metric_name + ": " + data.nodes.value[i];
    tip.append(name, document.createElement("br"), line);
    tip.hidden = false; placeTip(px, py);
  }
  function placeTip(px, py) { tip.style.left = Math.min(px + 14, width - 220) + "px"; tip.style.top = (py + 14) + "px"; }
  function hideTip() { tip.hidden = true; }

  // ---- legend -----------------------------------------------------------------------------
  function buildLegend() {
    legendBox.textContent = "";
    data.kinds.forEach((kind) => {
      const b = document.createElement("button");
      b.type = "button"; b.className = "kind"; b.dataset.kind = kind.code;
      b.setAttribute("aria-pressed", hidden.has(kind.code) ? "false" : "true");
      const sw = document.createElement("span"); sw.className = "swatch " + kind.shape; sw.style.background = kind.colour;
      const label = document.createElement("span"); label.textContent = kind.name + " (" + kind.count + ")";
      b.append(sw, label);
      b.title = hidden.has(kind.code) ? words.hidden : words.shown;
      b.addEventListener("click", () => {
        if (hidden.has(kind.code)) hidden.delete(kind.code); else hidden.add(kind.code);
        b.setAttribute("aria-pressed", hidden.has(kind.code) ? "false" : "true");
        b.title = hidden.has(kind.code) ? words.hidden : words.shown;
        remember(); drawSoon();
      });
      legendBox.append(b);
    });
  }

  // ---- focus, selection, path -------------------------------------------------------------
  function focusOn(id) {
    settings.focus = id;
    pathNodes = new Set(); pathEdges = new Set();
    remember();
    return load();
  }
  function showSelected(i) {
    const has = i !== null && i !== undefined;
    $("selected-actions").hidden = !has;
    if (has) $("selected-name").textContent = data.nodes.label[i] + " · " + data.kinds[kindOf[i]].name;
  }
  $("unfocus").addEventListener("click", () => { settings.focus = ""; settings.source = ""; settings.target = ""; $("path-text").textContent = ""; remember(); load(); });
  $("path-from").addEventListener("click", () => { settings.source = settings.focus; remember(); if (settings.target) showPath(); });
  $("path-to").addEventListener("click", () => { settings.target = settings.focus; remember(); showPath(); });

  async function showPath() {
    const q = new URLSearchParams({ target: settings.target });
    if (settings.source) q.set("source", settings.source);
    const response = await fetch("/api/map/path?" + q.toString(), { credentials: "same-origin" });
    const body = await response.json();
    const text = $("path-text");
    if (!response.ok) { text.textContent = body.error || words.error; return; }
    const index = new Map(data.nodes.id.map((id, i) => [id, i]));
    pathNodes = new Set(); pathEdges = new Set();
    let outside = false;
    body.nodes.forEach((id, k) => {
      const i = index.get(id);
      if (i === undefined) { outside = true; return; }
      pathNodes.add(i);
      if (k > 0 && index.has(body.nodes[k - 1])) {
        const e = adjacency.get(index.get(body.nodes[k - 1]) + ":" + i);
        if (e !== undefined) pathEdges.add(e);
      }
    });
    text.textContent = body.nodes.length ? body.title + ": " + body.chain + (outside ? " — " + words.path_outside : "")
      : words.path_none;
    api.path = body.nodes;
    drawSoon();
  }

  // ---- search (the server searches the whole map, every name and acronym) -------------------
  const searchBox = $("search"), results = $("search-results");
  let searchTimer = 0;
  searchBox.addEventListener("input", () => { clearTimeout(searchTimer); searchTimer = setTimeout(search, 150); });
  $("search-form").addEventListener("submit", (ev) => { ev.preventDefault(); const first = results.querySelector("button"); if (first) first.click(); });
  async function search() {
    const text = searchBox.value.trim();
    results.textContent = "";
    if (text.length < 2) return;
    const response = await fetch("/api/map/search?" + new URLSearchParams({ q: text }).toString(), { credentials: "same-origin" });
    const body = await response.json();
    if (searchBox.value.trim() !== text) return;
    if (!body.found || !body.found.length) { const li = document.createElement("li"); li.textContent = words.no_match; results.append(li); return; }
    for (const hit of body.found) {
      const li = document.createElement("li"), b = document.createElement("button");
      b.type = "button"; b.dataset.id = hit.id; b.textContent = hit.label + " · " + hit.kind;
      b.addEventListener("click", () => { results.textContent = ""; searchBox.value = hit.label; focusOn(hit.id); });
      li.append(b); results.append(li);
    }
  }

  // ---- exports ----------------------------------------------------------------------------
  function download(blob, name) {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob); a.download = name;
    document.body.append(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  }
  function fileStem() { return "graphkit-map" + (settings.focus ? "-" + settings.focus.replace(/[^A-Za-z0-9-]+/g, "-") : ""); }
  $("export-png").addEventListener("click", () => { draw(); canvas.toBlob((blob) => download(blob, fileStem() + ".png"), "image/png"); });
  $("export-svg").addEventListener("click", () => download(new Blob([svgOfView()], { type: "image/svg+xml" }), fileStem() + ".svg"));
  $("export-fmt").addEventListener("change", remember);
  function esc(text) { return String(text).replace(/[&<>"]/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[ch])); }
  function svgOfView() {
    const out = ['<svg xmlns="http://www.w3.org/2000/svg" width="' + width + '" height="' + height + '" viewBox="0 0 ' + width + " " + height + '" font-family="sans-serif" font-size="12">',
      '<rect width="100%" height="100%" fill="#ffffff"/>'];
    const sx = (i) => (xs[i] * scale + tx).toFixed(1), sy = (i) => (ys[i] * scale + ty).toFixed(1);
    const inside = (i) => { const x = xs[i] * scale + tx, y = ys[i] * scale + ty; return x > -20 && x < width + 20 && y > -20 && y < height + 20; };
    const E = data.edges;
    data.relations.forEach((rel, r) => {
      const g = byRelation[r], d = [];
      for (let k = 0; k < g.used; k++) {
        const e = g.list[k], a = E.source[e], b = E.target[e];
        if (shown(a) && shown(b) && (inside(a) || inside(b))) d.push("M" + sx(a) + " " + sy(a) + "L" + sx(b) + " " + sy(b));
      }
      if (d.length) out.push('<path fill="none" stroke="' + rel.colour + '" stroke-opacity="0.5" stroke-width="0.8" d="' + d.join("") + '"/>');
    });
    for (let i = 0; i < n; i++) {
      if (!shown(i) || !inside(i)) continue;
      out.push('<circle cx="' + sx(i) + '" cy="' + sy(i) + '" r="' + screenRadius(i).toFixed(1) + '" fill="' + data.kinds[kindOf[i]].colour + '"><title>' + esc(data.nodes.label[i]) + "</title></circle>");
      if (screenRadius(i) >= 7 || pathNodes.has(i) || i === data.focus) out.push('<text x="' + sx(i) + '" y="' + (ys[i] * scale + ty + screenRadius(i) + 13).toFixed(1) + '" text-anchor="middle">' + esc(data.nodes.label[i]) + "</text>");
    }
    out.push("</svg>");
    return out.join("\n");
  }

  // ---- saving a view ----------------------------------------------------------------------
  const saveForm = $("save-form");
  if (saveForm) saveForm.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const form = new FormData(saveForm);
    for (const name of MULTI) for (const v of settings[name] || []) form.append(name, v);
    for (const name of SINGLE) if (settings[name]) form.set(name, settings[name]);
    const response = await graphkit.send("/explore/views", { method: "POST", body: form, headers: { Accept: "application/json" } });
    const body = await response.json();
    $("save-status").textContent = response.ok ? words.saved + " " + body.title : (body.error || words.error);
    if (response.ok) saveForm.reset();
  });

  api.redraw = draw;
  Object.defineProperty(api, "lastDrawMs", { get: () => lastDrawMs });
  api.visibleIds = () => (data ? data.nodes.id.filter((_, i) => shown(i)) : []);
  api.focus = focusOn;
  api.view = () => ({ scale, tx, ty, width, height });
  api.hover = () => (hover >= 0 ? data.nodes.id[hover] : null);
  api.colourOf = (id) => { const i = data.nodes.id.indexOf(id); return i < 0 ? null : data.kinds[kindOf[i]].colour; };
  api.settled = 0; // new pictures swapped in after a movement (or a legend or path change)
  api.screenOf = (id) => { const i = data.nodes.id.indexOf(id); return i < 0 ? null : { x: xs[i] * scale + tx, y: ys[i] * scale + ty }; };

  window.addEventListener("resize", () => { resize(); draw(); });
  resize();
  remember();
  load().catch(() => { viewLine.textContent = words.error; api.ready = true; api.failed = true; });
})();
