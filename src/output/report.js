// The review page's script: lists the files, renders a page of them from their embedded JSON
// on demand, and applies the filters. Text from the dumps is only ever set as text nodes.
'use strict';
(() => {
  const PAGE = 20; // files rendered at once
  const CHUNK = 3000; // lines of one file rendered before a "show more" button

  const $ = (id) => document.getElementById(id);
  const meta = JSON.parse($('meta').textContent);
  const colour = new Map(meta.rules.map((r) => [r.id, r.c]));
  const state = { rule: '', lang: '', only: false, collapse: true, q: '', page: 0 };
  const MIN_RUN = 5; // wholly removed lines in a row that are shown collapsed
  const parsed = new Map();
  const lowered = new Map();
  const dynamic = document.createElement('style');
  document.head.appendChild(dynamic);

  const data = (k) => {
    if (!parsed.has(k)) parsed.set(k, JSON.parse($('f' + k).textContent));
    return parsed.get(k);
  };
  const searchable = (k) => {
    if (!lowered.has(k)) {
      const lines = data(k).lines.map((l) => l[3].map((s) => (typeof s === 'string' ? s : s[0])).join(''));
      lowered.set(k, lines.join('\n').toLowerCase());
    }
    return lowered.get(k);
  };

  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const human = (n) => {
    const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
    let v = n;
    let u = 0;
    while (v >= 1000 && u + 1 < units.length) { v /= 1000; u += 1; }
    return u === 0 ? n + ' bytes' : v.toFixed(1) + ' ' + units[u];
  };
  const share = (f) => (f.bytes ? f.removed / f.bytes : 0);
  const pct = (x) => (x * 100).toFixed(1) + '%';

  // Text, with the search term marked when there is one.
  const appendText = (parent, s) => {
    const q = state.q;
    const low = q ? s.toLowerCase() : '';
    if (!q || low.length !== s.length) { parent.append(s); return; }
    let at = 0;
    let i;
    while ((i = low.indexOf(q, at)) >= 0) {
      parent.append(s.slice(at, i));
      parent.append(el('mark', '', s.slice(i, i + q.length)));
      at = i + q.length;
    }
    parent.append(s.slice(at));
  };

  const flagList = (f) => {
    const span = el('span', 'flags');
    for (const flag of f.flags) {
      const b = el('span', 'flag', flag === 'many documents' ? flag + ' (' + f.docs + ')' : flag);
      b.dataset.flag = flag;
      span.append(b);
    }
    return span;
  };

  const ruleKey = (id, note) => {
    const b = el('button', 'key c' + colour.get(id));
    b.type = 'button';
    b.dataset.rule = id;
    if (note) b.title = note;
    b.append(el('i'), id);
    return b;
  };

  // One line of a file: the document marker above it when one starts there, then the line.
  const renderLine = (frag, d, i) => {
    const [verdict, rtl, starts, segs] = d.lines[i];
    if (starts) {
      const doc = d.docs[starts - 1];
      const div = el('div', 'doc');
      div.dataset.doc = String(starts);
      div.dir = 'auto';
      div.append(el('span', 'label', 'document ' + starts));
      div.append(el('bdi', 'title', doc ? doc.title : ''));
      if (doc && doc.date) div.append(el('bdi', 'date', doc.date));
      frag.append(div);
    }
    const row = el('div', 'l ' + verdict);
    row.append(el('span', 'n', String(i + 1)));
    const t = el('div', 't');
    t.dir = rtl ? 'rtl' : 'auto';
    const rules = [];
    for (const s of segs) {
      if (typeof s === 'string') { appendText(t, s); continue; }
      const del = el('del', 'rm c' + colour.get(s[1]));
      del.dataset.rule = s[1];
      del.title = 'removed by ' + s[1];
      appendText(del, s[0]);
      t.append(del);
      if (!rules.includes(s[1])) rules.push(s[1]);
    }
    if (rules.length) row.dataset.rules = rules.join(' ');
    if (verdict === 'x') t.title = 'in no document; no rule removed it';
    row.append(t);
    frag.append(row);
  };

  // Where a run of wholly removed lines (blank lines inside it included) starting at `i` ends,
  // and the rules that removed it; a run is a line removed whole, with no document starting.
  const removedRun = (d, i, to) => {
    const whole = (k) => d.lines[k][0] === 'r' && !d.lines[k][2];
    if (!whole(i)) return null;
    let end = i + 1;
    let last = i;
    while (end < to && (whole(end) || (d.lines[end][0] === 'b' && !d.lines[end][2]))) {
      if (whole(end)) last = end;
      end++;
    }
    const rules = [];
    let n = 0;
    for (let k = i; k <= last; k++) {
      if (!whole(k)) continue;
      n++;
      for (const s of d.lines[k][3]) if (typeof s !== 'string' && !rules.includes(s[1])) rules.push(s[1]);
    }
    return { end: last + 1, n, rules };
  };

  const renderLines = (box, d, from, to) => {
    const frag = document.createDocumentFragment();
    for (let i = from; i < to; i++) {
      const run = state.collapse ? removedRun(d, i, to) : null;
      if (run && run.n >= MIN_RUN) {
        // Collapsed: one row that says how many lines went and why; a click shows them.
        const row = el('div', 'l run');
        row.dataset.rules = run.rules.join(' ');
        row.append(el('span', 'n', (i + 1) + '–' + run.end));
        const b = el('button', 'expand', '▸ ' + run.n + ' removed lines: ' + run.rules.join(', '));
        b.type = 'button';
        b.title = 'show them';
        const [a, z] = [i, run.end];
        b.addEventListener('click', () => {
          const lines = document.createDocumentFragment();
          for (let k = a; k < z; k++) renderLine(lines, d, k);
          row.replaceWith(lines);
        });
        row.append(b);
        frag.append(row);
        i = run.end - 1;
        continue;
      }
      renderLine(frag, d, i);
    }
    box.append(frag);
  };

  const renderFile = (k) => {
    const f = meta.files[k];
    const d = data(k);
    const art = el('article', 'file');
    art.id = 'file-' + k;
    art.dataset.lang = f.lang;
    const h = el('h3');
    h.append(el('bdi', 'name', f.name));
    h.append(el('span', 'meta', f.lang + ' · ' + f.docs + ' documents · ' + human(f.bytes) + ' · ' + pct(share(f)) + ' removed'));
    h.append(flagList(f));
    art.append(h);
    const legend = el('div', 'legend');
    for (const [id, n] of f.rules) legend.append(ruleKey(id, n + ' removals in this file'));
    art.append(legend);
    const box = el('div', 'lines');
    art.append(box);
    let shown = Math.min(CHUNK, d.lines.length);
    renderLines(box, d, 0, shown);
    if (shown < d.lines.length) {
      const more = el('button', 'more');
      more.type = 'button';
      const label = () => { more.textContent = 'show ' + Math.min(CHUNK, d.lines.length - shown) + ' more of ' + (d.lines.length - shown) + ' lines'; };
      label();
      more.addEventListener('click', () => {
        const to = Math.min(shown + CHUNK, d.lines.length);
        renderLines(box, d, shown, to);
        shown = to;
        if (shown < d.lines.length) label(); else more.remove();
      });
      art.append(more);
    }
    return art;
  };

  const visible = () => {
    const out = [];
    meta.files.forEach((f, k) => {
      if (state.lang && f.lang !== state.lang) return;
      if (state.rule && !f.rules.some((r) => r[0] === state.rule)) return;
      if (state.only && !f.rules.length) return;
      if (state.q && !searchable(k).includes(state.q)) return;
      out.push(k);
    });
    return out;
  };

  const render = () => {
    const ks = visible();
    const pages = Math.max(1, Math.ceil(ks.length / PAGE));
    state.page = Math.min(state.page, pages - 1);
    const first = state.page * PAGE;
    const shown = ks.slice(first, first + PAGE);

    $('count').textContent = ks.length
      ? 'files ' + (first + 1) + '–' + (first + shown.length) + ' of ' + ks.length + (ks.length < meta.files.length ? ' (filtered from ' + meta.files.length + ')' : '')
      : 'no file matches the filters';

    const body = $('list').tBodies[0];
    body.replaceChildren();
    for (const k of shown) {
      const f = meta.files[k];
      const tr = el('tr');
      const a = el('a');
      a.href = '#file-' + k;
      a.append(el('bdi', '', f.name));
      const name = el('td');
      name.append(a);
      const bar = el('span', 'share');
      const fill = el('b');
      fill.style.width = pct(share(f));
      bar.append(fill);
      const removed = el('td', 'num');
      removed.append(bar, pct(share(f)));
      const flags = el('td');
      flags.append(flagList(f));
      tr.append(name, el('td', '', f.lang), el('td', 'num', String(f.docs)), el('td', 'num', human(f.bytes)), removed, flags);
      body.append(tr);
    }

    const pager = $('pager');
    pager.replaceChildren();
    if (pages > 1) {
      for (let p = 0; p < pages; p++) {
        const b = el('button', '', String(p + 1));
        b.type = 'button';
        if (p === state.page) b.setAttribute('aria-current', 'page');
        b.addEventListener('click', () => { state.page = p; render(); $('files').scrollIntoView(); });
        pager.append(b);
      }
    }

    const view = $('view');
    view.replaceChildren(...shown.map(renderFile));
    view.classList.toggle('only', state.only);

    let css = '';
    if (state.rule) {
      const r = CSS.escape(state.rule);
      css += 'del.rm:not([data-rule="' + r + '"]){opacity:.3}';
      css += '.key[data-rule="' + r + '"]{border-color:var(--c);box-shadow:0 0 0 1px var(--c)}';
      if (state.only) css += '.only .l:not([data-rules~="' + r + '"]){display:none}';
    }
    dynamic.textContent = css;
  };

  const setRule = (id) => {
    state.rule = state.rule === id ? '' : id;
    $('f-rule').value = state.rule;
    state.page = 0;
    render();
  };

  $('filters').addEventListener('submit', (e) => e.preventDefault());
  $('f-rule').addEventListener('change', (e) => { state.rule = e.target.value; state.page = 0; render(); });
  $('f-lang').addEventListener('change', (e) => { state.lang = e.target.value; state.page = 0; render(); });
  $('f-only').addEventListener('change', (e) => { state.only = e.target.checked; state.page = 0; render(); });
  $('f-collapse').addEventListener('change', (e) => { state.collapse = e.target.checked; render(); });
  let timer;
  $('f-q').addEventListener('input', (e) => {
    clearTimeout(timer);
    timer = setTimeout(() => { state.q = e.target.value.trim().toLowerCase(); state.page = 0; render(); }, 200);
  });
  document.addEventListener('click', (e) => {
    const key = e.target.closest('.key, .bar');
    if (key && key.dataset.rule) setRule(key.dataset.rule);
  });

  // A link to #file-K opens the page that holds file K.
  const open = () => {
    const m = /^#file-(\d+)$/.exec(location.hash);
    if (!m) return;
    const at = visible().indexOf(Number(m[1]));
    if (at < 0) return;
    const page = Math.floor(at / PAGE);
    if (page !== state.page) { state.page = page; render(); }
    const target = $('file-' + m[1]);
    if (target) target.scrollIntoView();
  };
  window.addEventListener('hashchange', open);
  render();
  open();
})();
