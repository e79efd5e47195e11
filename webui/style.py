"""Look and behaviour of the web UI: CSS and the small scripts of its HTML components (no network use).

Colours come from a few variables defined for the light scheme and again for the dark one (Gradio puts
`dark` on <body> when the system or `?__theme=dark` asks for it); every text/background pair meets WCAG
2.1 AA contrast (4.5:1), which the browser tests check with axe-core in both schemes.
"""

CSS = """
:root, body {
  --itu-text: #0f172a; --itu-text-2: #334155; --itu-muted: #475569; --itu-surface: #ffffff;
  --itu-surface-2: #f1f5f9; --itu-border: #cbd5e1; --itu-accent: #1d4ed8; --itu-accent-text: #ffffff;
  --itu-accent-soft: #dbeafe; --itu-accent-strong: #1e3a8a; --itu-answer-bg: #eff6ff; --itu-answer-border: #bfdbfe;
  --itu-mark: #fde68a; --itu-mark-text: #111827; --itu-target: #fef9c3; --itu-target-line: #ca8a04;
  --itu-warn-bg: #fffbeb; --itu-warn-text: #78350f; --itu-warn-border: #d97706;
  --itu-error-bg: #fef2f2; --itu-error-text: #7f1d1d; --itu-error-border: #dc2626;
  --itu-ok-bg: #f0fdf4; --itu-ok-text: #14532d; --itu-ok-border: #16a34a; --itu-box: rgba(234, 179, 8, 0.28);
}
body.dark {
  --itu-text: #f1f5f9; --itu-text-2: #e2e8f0; --itu-muted: #cbd5e1; --itu-surface: #0f172a;
  --itu-surface-2: #1e293b; --itu-border: #475569; --itu-accent: #93c5fd; --itu-accent-text: #0f172a;
  --itu-accent-soft: #1e3a8a; --itu-accent-strong: #bfdbfe; --itu-answer-bg: #172554; --itu-answer-border: #1d4ed8;
  --itu-mark: #facc15; --itu-mark-text: #111827; --itu-target: #3f3a12; --itu-target-line: #facc15;
  --itu-warn-bg: #451a03; --itu-warn-text: #fde68a; --itu-warn-border: #d97706;
  --itu-error-bg: #450a0a; --itu-error-text: #fecaca; --itu-error-border: #f87171;
  --itu-ok-bg: #052e16; --itu-ok-text: #bbf7d0; --itu-ok-border: #22c55e; --itu-box: rgba(250, 204, 21, 0.30);
}
.gradio-container { max-width: 1280px !important; margin: 0 auto !important; }
.sr-only { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }
#route-btn, #route-url, #collection-ids { display: none !important; }
#app-header { display: flex; align-items: baseline; gap: 14px; flex-wrap: wrap; padding: 6px 2px 2px; }
#app-header h1 { font-size: 1.45rem; margin: 0; font-weight: 650; letter-spacing: -0.01em; color: var(--itu-text); }
#app-header .tagline { color: var(--itu-muted); font-size: 0.95rem; }
.status { font-size: 0.9rem; color: var(--itu-text-2); padding: 2px 2px 8px; }
.status code { font-size: 0.82rem; }
.status details { display: inline; }
.status summary { display: inline; cursor: pointer; color: var(--itu-muted); text-decoration: underline; }
.status .tech { color: var(--itu-muted); margin-top: 4px; }
.status .warn { color: var(--itu-warn-text); }
.notice { border-radius: 8px; padding: 10px 14px; margin: 8px 0; font-size: 0.95rem; line-height: 1.45;
  border: 1px solid var(--itu-border); background: var(--itu-surface-2); color: var(--itu-text); }
.notice ul { margin: 6px 0 0 18px; padding: 0; }
.notice-warn { border-color: var(--itu-warn-border); background: var(--itu-warn-bg); color: var(--itu-warn-text); }
.notice-error { border-color: var(--itu-error-border); background: var(--itu-error-bg); color: var(--itu-error-text); }
.notice-ok { border-color: var(--itu-ok-border); background: var(--itu-ok-bg); color: var(--itu-ok-text); }
.notice code { background: rgba(127,127,127,0.15); padding: 1px 5px; border-radius: 4px; }
.answer { border: 1px solid var(--itu-answer-border); background: var(--itu-answer-bg); color: var(--itu-text);
  border-radius: 10px; padding: 12px 16px; margin: 8px 0 14px; }
.answer h3 { margin: 0 0 6px; font-size: 1rem; color: var(--itu-accent-strong); }
.answer ul { margin: 0; padding-left: 18px; }
.answer li { margin: 4px 0; line-height: 1.5; }
.answer q { quotes: "“" "”"; }
.answer .ans-cite { color: var(--itu-text-2); font-weight: 600; font-size: 0.92rem; }
.answer .conf { font-weight: 400; color: var(--itu-text-2); font-size: 0.8rem; margin-left: 8px; }
.answer .ref { font-weight: 700; color: var(--itu-accent-strong); text-decoration: underline; }
.active-filters { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; margin: 4px 0 8px; }
.read-as { font-size: 0.88rem; color: var(--itu-muted); margin: 10px 0 0; }
.hits-head { font-size: 0.95rem; margin: 14px 0 6px; color: var(--itu-text-2); font-weight: 600; }
.card { border: 1px solid var(--itu-border); border-radius: 10px; padding: 12px 16px; margin: 10px 0;
  background: var(--itu-surface); color: var(--itu-text); box-shadow: 0 1px 2px rgba(0,0,0,0.04); }
.card:target, .card.flash { outline: 3px solid var(--itu-accent); }
.card-head { display: flex; align-items: flex-start; gap: 10px; }
.card .rank { flex: none; width: 24px; height: 24px; border-radius: 50%; background: var(--itu-accent-strong);
  color: var(--itu-surface); font-size: 0.78rem; display: flex; align-items: center; justify-content: center; margin-top: 1px; }
.card .score { margin-left: auto; font-size: 0.78rem; color: var(--itu-muted); font-variant-numeric: tabular-nums; }
.cite { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 10px; font-size: 0.95rem; line-height: 1.4; }
.cite .inst { font-weight: 650; color: var(--itu-text); }
.cite .where { font-style: italic; color: var(--itu-text-2); }
.cite .page { color: var(--itu-muted); font-size: 0.88rem; }
.badge { font-size: 0.72rem; font-weight: 700; letter-spacing: 0.04em; color: var(--itu-accent-strong);
  background: var(--itu-accent-soft); border-radius: 4px; padding: 1px 6px; }
.kind { font-size: 0.72rem; text-transform: uppercase; letter-spacing: 0.05em; color: var(--itu-muted);
  border: 1px solid var(--itu-border); border-radius: 4px; padding: 0 5px; }
.card .title { color: var(--itu-muted); font-size: 0.85rem; margin: 4px 0 6px 34px; }
.card .lead-in { color: var(--itu-text-2); font-style: italic; margin: 0 0 2px 34px; font-size: 0.93rem; }
.card .text { margin-left: 34px; line-height: 1.55; font-size: 0.98rem; }
.card .text .lbl, .doc .lbl { font-weight: 600; margin-right: 8px; color: var(--itu-text); }
mark.ans { background: var(--itu-mark); color: var(--itu-mark-text); padding: 1px 0; border-radius: 2px; }
mark.term { background: transparent; color: inherit; font-weight: 650; text-decoration: underline;
  text-decoration-color: var(--itu-accent); text-decoration-thickness: 2px; text-underline-offset: 2px; }
mark.ans mark.term { color: var(--itu-mark-text); }
.card .superseded { margin: 4px 0 0 34px; color: var(--itu-warn-text); font-size: 13px; font-weight: 600; }
.card-actions, .ctx-actions { display: flex; align-items: center; gap: 8px; margin: 10px 0 0 34px; flex-wrap: wrap; }
.ctx-actions { margin-left: 0; }
.btn { font: inherit; font-size: 0.84rem; border-radius: 6px; padding: 4px 10px; cursor: pointer;
  border: 1px solid var(--itu-border); background: var(--itu-surface-2); color: var(--itu-text); }
.btn:hover { filter: brightness(0.95); }
.btn:disabled { opacity: 0.55; cursor: default; }
.btn.open { border-color: var(--itu-accent); background: var(--itu-accent); color: var(--itu-accent-text); }
.btn.link { border: none; background: none; color: var(--itu-accent-strong); padding: 0 4px; text-decoration: underline; }
.btn.copied, .btn.collect[aria-pressed="true"] { border-color: var(--itu-ok-border); background: var(--itu-ok-bg);
  color: var(--itu-ok-text); }
.citation-text { font-size: 0.8rem; color: var(--itu-text-2); background: var(--itu-surface-2); padding: 2px 6px;
  border-radius: 4px; overflow-wrap: anywhere; }
.permalink { font-size: 0.84rem; color: var(--itu-accent-strong); }
.ctx-head { border: 1px solid var(--itu-border); border-radius: 10px; padding: 10px 14px; background: var(--itu-surface-2);
  color: var(--itu-text); }
.doc { font-family: Georgia, "Times New Roman", serif; line-height: 1.55; padding: 4px 18px 24px; color: var(--itu-text); }
.doc-head { text-align: center; margin: 8px 0 18px; }
.doc-id { font-weight: 700; letter-spacing: 0.03em; }
.doc-title { font-size: 1.15rem; margin: 6px 0; font-weight: 700; }
.doc-meta { font-family: system-ui, sans-serif; font-size: 0.8rem; color: var(--itu-muted); }
.doc h3.sec { font-style: italic; font-weight: 400; font-size: 1.02rem; margin: 16px 0 6px; }
.doc h3.sec-annex, .doc h3.sec-footnotes { font-style: normal; font-weight: 700; text-align: center; }
.doc .cl { display: grid; grid-template-columns: 3.2em 1fr; gap: 6px; padding: 3px 6px; border-radius: 6px; }
.doc .cl.target { background: var(--itu-target); outline: 2px solid var(--itu-target-line); scroll-margin: 120px; }
.doc .cl-footnote { font-size: 0.9rem; }
.doc .pagebreak { font-family: system-ui, sans-serif; font-size: 0.75rem; color: var(--itu-muted); text-align: center;
  border-top: 1px dashed var(--itu-border); margin: 10px 0 4px; padding-top: 2px; }
.related h4 { margin: 10px 0 6px; font-size: 0.9rem; color: var(--itu-text); }
a.ref-link { color: var(--itu-accent-strong); text-decoration: underline; text-underline-offset: 2px; cursor: pointer; }
.doc .ref-out { text-decoration: underline dotted; text-decoration-color: var(--itu-muted); cursor: help; }
.clause-refs { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 18px; margin: 8px 0 4px; padding: 8px 14px;
  border: 1px solid var(--itu-border); border-radius: 10px; color: var(--itu-text); font-size: 0.9rem; }
.clause-refs.empty { display: block; padding: 4px 14px; }
.clause-refs h4 { margin: 2px 0 4px; font-size: 0.9rem; }
.clause-refs p { margin: 2px 0; }
.clause-refs .refs-col { max-height: 11.5em; overflow: auto; }
.ref-list { margin: 0; padding-left: 18px; }
.ref-list li { margin: 2px 0; line-height: 1.4; }
.names-this { font-size: 0.75rem; font-weight: 650; color: var(--itu-ok-text); background: var(--itu-ok-bg);
  border: 1px solid var(--itu-ok-border); border-radius: 4px; padding: 0 4px; margin-left: 4px; }
@media (max-width: 700px) { .clause-refs { grid-template-columns: 1fr; } }
.chips { display: flex; flex-wrap: wrap; gap: 6px; }
.btn.chip { border-radius: 999px; font-size: 0.8rem; }
.muted { color: var(--itu-muted); font-size: 0.85rem; }
#doc-scroll { border: 1px solid var(--itu-border); border-radius: 10px; }
.page-view { margin: 0; }
.page-toolbar { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin-bottom: 6px; }
.page-toolbar .zoom { margin-left: auto; display: inline-flex; gap: 4px; align-items: center; }
.zoom-level { font-size: 0.8rem; color: var(--itu-muted); min-width: 3.2em; text-align: center; }
.page-scroll { overflow: auto; max-height: calc(100vh - 160px); border: 1px solid var(--itu-border); border-radius: 8px;
  background: #ffffff; }
.page-wrap { position: relative; width: 100%; }
.page-img { display: block; width: 100%; height: auto; }
.clause-box { position: absolute; background: var(--itu-box); outline: 3px solid var(--itu-target-line);
  border-radius: 3px; pointer-events: none; }
.page-view figcaption { font-size: 0.85rem; color: var(--itu-text-2); margin-top: 6px; }
.examples { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; margin: 2px 0 4px; }
.examples .muted { margin-right: 2px; }
.btn.example { background: var(--itu-surface-2); border-color: var(--itu-border); color: var(--itu-accent-strong); }
.recent { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; margin: 4px 0; }
.corpus-summary { color: var(--itu-text-2); font-size: 0.92rem; margin: 2px 0 6px; }
footer { display: none !important; }
button[role="tab"].selected { color: var(--itu-accent) !important; }
.or { color: var(--itu-muted) !important; }
.min_value, .max_value { color: var(--itu-muted) !important; opacity: 1 !important; }  /* slider ends: AA contrast */
#question textarea, #question input { font-size: 1.02rem; padding: 10px 12px; }
#ask-btn { min-height: 44px; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px; margin: 6px 0 4px; }
.fact { border: 1px solid var(--itu-border); border-radius: 8px; padding: 8px 12px; background: var(--itu-surface-2); }
.fact-k { font-size: 0.72rem; text-transform: uppercase; letter-spacing: 0.05em; color: var(--itu-muted); }
.fact-v { font-size: 0.95rem; font-weight: 600; color: var(--itu-text); overflow-wrap: anywhere; }
.fact-v code { font-size: 0.85rem; }
.fact.wide { grid-column: span 2; }
#batch-table * { font-family: var(--font) !important; }
.docs-table { width: 100%; border-collapse: collapse; font-size: 0.9rem; color: var(--itu-text); }
.docs-table th, .docs-table td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--itu-border);
  vertical-align: top; }
.docs-table summary { cursor: pointer; color: var(--itu-accent-strong); }
.docs-table ul { margin: 4px 0 0 16px; padding: 0; }
.collection-list { list-style: decimal; padding-left: 22px; color: var(--itu-text); }
.collection-list li { margin: 6px 0; }
@media (max-width: 640px) {
  .card-actions, .card .title, .card .lead-in, .card .text { margin-left: 0; }
  .fact.wide { grid-column: span 1; }
}
"""

# Delegated clicks inside an HTML component: "copy", "collect" and "goto" stay in the browser (clipboard,
# localStorage, scrolling); "back" goes back in the browser's history when the app put an entry there;
# everything else ("open", "search", "page", "open-instrument", "clear-filter", "back") goes to the server.
ACTIONS_JS = """
async function copyText(text) {
  try {
    if (navigator.clipboard && window.isSecureContext) { await navigator.clipboard.writeText(text); return true; }
  } catch (err) { /* fall back below */ }
  const ta = document.createElement('textarea');
  ta.value = text; ta.setAttribute('readonly', ''); ta.style.position = 'fixed'; ta.style.opacity = '0';
  document.body.appendChild(ta); ta.select();
  let ok = false;
  try { ok = document.execCommand('copy'); } catch (err) { ok = false; }
  ta.remove();
  return ok;
}
const COLLECTION = 'itu-search-collection';
function collection() { try { return JSON.parse(localStorage.getItem(COLLECTION) || '[]'); } catch (e) { return []; } }
function markCollected(root) {
  const have = new Set(collection());
  root.querySelectorAll('[data-action="collect"]').forEach((b) => {
    const on = have.has(b.dataset.clauseId);
    b.setAttribute('aria-pressed', on ? 'true' : 'false');
    b.textContent = on ? 'In collection ✓' : 'Add to collection';
  });
}
element.addEventListener('click', async (ev) => {
  const btn = ev.target.closest('[data-action]');
  if (!btn || !element.contains(btn)) return;
  // A link opened in a new tab or window (Ctrl/Cmd/Shift-click) is left to the browser: its href is the link.
  if (btn.tagName === 'A' && (ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button === 1)) return;
  ev.preventDefault();
  ev.stopPropagation();
  const action = btn.dataset.action;
  if (action === 'copy') {
    const ok = await copyText(btn.dataset.citation || '');
    const label = btn.textContent;
    btn.textContent = ok ? 'Copied' : 'Copy failed';
    btn.classList.add('copied');
    setTimeout(() => { btn.textContent = label; btn.classList.remove('copied'); }, 1500);
    return;
  }
  if (action === 'collect') {
    const ids = collection();
    const id = btn.dataset.clauseId;
    const i = ids.indexOf(id);
    if (i >= 0) ids.splice(i, 1); else ids.push(id);
    localStorage.setItem(COLLECTION, JSON.stringify(ids));
    document.querySelectorAll('[data-action="collect"][data-clause-id="' + id + '"]').forEach((b) => {
      b.setAttribute('aria-pressed', i >= 0 ? 'false' : 'true');
      b.textContent = i >= 0 ? 'Add to collection' : 'In collection ✓';
    });
    return;
  }
  if (action === 'goto') {
    const card = document.getElementById('hit-' + btn.dataset.clauseId);
    if (card) { card.scrollIntoView({block: 'center'}); card.classList.add('flash');
                setTimeout(() => card.classList.remove('flash'), 1500); }
    return;
  }
  if (action === 'back' && history.state && history.state.itu) { history.back(); return; }
  trigger('click', {action: action, clause_id: btn.dataset.clauseId || '', query: btn.dataset.query || '',
                    page: btn.dataset.page || '', instrument: btn.dataset.instrument || '',
                    filter: btn.dataset.filter || ''});
});
markCollected(element);
"""

# The address bar follows what is shown (a search, a clause): the view's root element carries `data-url`;
# a new address is pushed unless it is already the current one (on load, after back/forward). Back and
# forward ask the server to show that address again through the hidden route button.
URL_JS = """
function followUrl() {
  const holder = element.querySelector('[data-url]');
  if (!holder) return;
  const url = holder.dataset.url;
  if (url && url !== location.search) history.pushState({itu: 1}, '', url);
  else if (url && !(history.state && history.state.itu)) history.replaceState({itu: 1}, '', url);
}
if (!window.__ituRouter) {
  window.__ituRouter = true;
  window.addEventListener('popstate', () => { const b = document.getElementById('route-btn'); if (b) b.click(); });
}
"""

RECENT_JS = """
const RECENT = 'itu-search-recent';
function recentSearches() { try { return JSON.parse(localStorage.getItem(RECENT) || '[]'); } catch (e) { return []; } }
function rememberSearch(url) {
  const q = new URLSearchParams(url).get('q');
  if (!q) return;
  const list = recentSearches().filter((r) => r.url !== url);
  list.unshift({q: q, url: url});
  localStorage.setItem(RECENT, JSON.stringify(list.slice(0, 8)));
  window.dispatchEvent(new Event('itu-recent'));
}
"""

# Results: actions, the address bar, recent searches, collected marks; the region is announced politely.
RESULTS_JS = ACTIONS_JS + URL_JS + RECENT_JS + """
element.setAttribute('aria-live', 'polite');
element.setAttribute('aria-relevant', 'additions text');
watch('value', () => {
  followUrl();
  const r = element.querySelector('.results[data-url]');
  if (r) rememberSearch(r.dataset.url);
  markCollected(element);
});
followUrl();
"""

# Examples: one-click searches, then the recent searches kept in this browser.
EXAMPLES_JS = ACTIONS_JS + RECENT_JS + """
function showRecent() {
  let box = element.querySelector('.recent');
  if (!box) { box = document.createElement('div'); box.className = 'recent'; element.appendChild(box); }
  const list = recentSearches();
  box.replaceChildren();
  if (!list.length) { box.hidden = true; return; }
  box.hidden = false;
  const label = document.createElement('span'); label.className = 'muted'; label.textContent = 'Recent:';
  box.appendChild(label);
  for (const r of list) {
    const b = document.createElement('button');
    b.type = 'button'; b.className = 'btn chip recent-search'; b.dataset.action = 'search'; b.dataset.query = r.q;
    b.textContent = r.q.length > 60 ? r.q.slice(0, 57) + '…' : r.q;
    box.appendChild(b);
  }
}
window.addEventListener('itu-recent', showRecent);
showRecent();
"""

# The context header: actions and the address bar (a stable link to the clause).
CONTEXT_HEAD_JS = ACTIONS_JS + URL_JS + """
watch('value', () => { followUrl(); markCollected(element); });
followUrl();  // a tab's content is mounted when first shown, after its value was set
"""

# The page image: actions (previous/next page) and zoom, kept across pages.
PAGE_JS = ACTIONS_JS + """
const ZOOMS = [100, 150, 200, 300];
window.__ituZoom = window.__ituZoom || 0;
function applyZoom() {
  const wrap = element.querySelector('.page-wrap');
  const label = element.querySelector('.zoom-level');
  if (wrap) wrap.style.width = ZOOMS[window.__ituZoom] + '%';
  if (label) label.textContent = ZOOMS[window.__ituZoom] + '%';
  const box = element.querySelector('.clause-box');
  const scroller = element.querySelector('.page-scroll');
  if (box && scroller) {
    scroller.scrollTop = Math.max(0, box.offsetTop - scroller.clientHeight / 3);
    scroller.scrollLeft = Math.max(0, box.offsetLeft - 20);
  }
}
element.addEventListener('click', (ev) => {
  const z = ev.target.closest('[data-zoom]');
  if (!z) return;
  window.__ituZoom = Math.max(0, Math.min(ZOOMS.length - 1, window.__ituZoom + Number(z.dataset.zoom)));
  applyZoom();
});
watch('value', () => { const img = element.querySelector('.page-img');
  if (img && !img.complete) img.addEventListener('load', applyZoom, {once: true}); else applyZoom(); });
applyZoom();
"""

# The context view scrolls its target clause into view once it is rendered and visible.
SCROLL_JS = ACTIONS_JS + """
function scrollBox(node) {
  for (let p = node.parentElement; p && p !== document.body; p = p.parentElement) {
    const style = getComputedStyle(p);
    if (/(auto|scroll)/.test(style.overflowY) && p.scrollHeight > p.clientHeight) return p;
  }
  return null;
}
function scrollToTarget(tries) {
  const t = element.querySelector('.target');
  if (!t) return;
  if (t.offsetParent === null && tries > 0) { setTimeout(() => scrollToTarget(tries - 1), 100); return; }
  // Scroll the document panel, not the page: the header with the citation stays in sight.
  const box = scrollBox(t);
  if (box) {
    const offset = t.getBoundingClientRect().top - box.getBoundingClientRect().top;
    box.scrollTop += offset - box.clientHeight / 3;
    t.scrollIntoView({block: 'nearest'});  // a clause at the very end may still sit below the window
  } else {
    t.scrollIntoView({block: 'center'});
  }
}
// The scrolling panel can be reached and scrolled with the keyboard (and is named for screen readers).
const panel = (element.closest('#doc-scroll') || element).querySelector('.html-container') || element;
panel.setAttribute('tabindex', '0');
panel.setAttribute('role', 'region');
panel.setAttribute('aria-label', 'The instrument in context');
watch('value', () => scrollToTarget(20));
scrollToTarget(20);
"""

# The collection tab: the list of collected clause ids comes from this browser's storage.
COLLECTION_IDS_JS = "(ids) => [localStorage.getItem('itu-search-collection') || '[]']"
