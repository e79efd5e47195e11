"""Look and behaviour of the web UI: CSS and the small scripts of its HTML components (no network use)."""

CSS = """
.gradio-container { max-width: 1180px !important; margin: 0 auto !important; }
#app-header { display: flex; align-items: baseline; gap: 14px; flex-wrap: wrap; padding: 6px 2px 2px; }
#app-header h1 { font-size: 1.45rem; margin: 0; font-weight: 650; letter-spacing: -0.01em; }
#app-header .tagline { color: var(--body-text-color-subdued); font-size: 0.95rem; }
.status { font-size: 0.86rem; color: var(--body-text-color-subdued); padding: 2px 2px 8px; }
.status code { font-size: 0.82rem; }
.status .dot { display: inline-block; width: 8px; height: 8px; border-radius: 50%; margin-right: 6px; background: #16a34a; }
.status .warn { color: #b45309; }
.notice { border-radius: 8px; padding: 10px 14px; margin: 8px 0; font-size: 0.95rem; line-height: 1.45;
  border: 1px solid var(--border-color-primary); background: var(--background-fill-secondary); }
.notice ul { margin: 6px 0 0 18px; padding: 0; }
.notice-warn { border-color: #f59e0b; background: #fffbeb; color: #78350f; }
.notice-error { border-color: #ef4444; background: #fef2f2; color: #7f1d1d; }
.notice-ok { border-color: #22c55e; background: #f0fdf4; color: #14532d; }
.notice code { background: rgba(0,0,0,0.06); padding: 1px 5px; border-radius: 4px; }
.answer { border: 1px solid #bfdbfe; background: #eff6ff; border-radius: 10px; padding: 12px 16px; margin: 8px 0 14px; }
.answer h3 { margin: 0 0 6px; font-size: 1rem; color: #1e3a8a; }
.answer ul { margin: 0; padding-left: 18px; }
.answer li { margin: 4px 0; line-height: 1.5; }
.answer q { quotes: "“" "”"; }
.answer .ans-cite { color: #1e40af; font-weight: 600; font-size: 0.92rem; }
.answer .conf { font-weight: 400; color: #64748b; font-size: 0.8rem; margin-left: 8px; }
.read-as { font-size: 0.88rem; color: #475569; margin: 10px 0 0; }
.hits-head { font-size: 0.95rem; margin: 14px 0 6px; color: var(--body-text-color-subdued); font-weight: 600; }
.card { border: 1px solid var(--border-color-primary); border-radius: 10px; padding: 12px 16px; margin: 10px 0;
  background: var(--background-fill-primary); box-shadow: 0 1px 2px rgba(0,0,0,0.04); }
.card:hover { border-color: #93c5fd; }
.card-head { display: flex; align-items: flex-start; gap: 10px; }
.card .rank { flex: none; width: 24px; height: 24px; border-radius: 50%; background: #1e3a8a; color: white;
  font-size: 0.78rem; display: flex; align-items: center; justify-content: center; margin-top: 1px; }
.card .score { margin-left: auto; font-size: 0.78rem; color: #64748b; font-variant-numeric: tabular-nums; }
.cite { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 10px; font-size: 0.95rem; line-height: 1.4; }
.cite .inst { font-weight: 650; color: #0f172a; }
.cite .where { font-style: italic; color: #334155; }
.cite .page { color: #475569; font-size: 0.88rem; }
.badge { font-size: 0.72rem; font-weight: 700; letter-spacing: 0.04em; color: #1e40af; background: #dbeafe;
  border-radius: 4px; padding: 1px 6px; }
.kind { font-size: 0.72rem; text-transform: uppercase; letter-spacing: 0.05em; color: #64748b;
  border: 1px solid #e2e8f0; border-radius: 4px; padding: 0 5px; }
.card .title { color: #64748b; font-size: 0.85rem; margin: 4px 0 6px 34px; }
.card .lead-in { color: #475569; font-style: italic; margin: 0 0 2px 34px; font-size: 0.93rem; }
.card .text { margin-left: 34px; line-height: 1.55; font-size: 0.98rem; }
.card .text .lbl, .doc .lbl { font-weight: 600; margin-right: 8px; color: #1e293b; }
mark.ans { background: #fef08a; color: inherit; padding: 1px 0; border-radius: 2px; }
mark.term { background: transparent; color: inherit; font-weight: 650; text-decoration: underline;
  text-decoration-color: #3b82f6; text-decoration-thickness: 2px; text-underline-offset: 2px; }
.card .superseded { margin: 4px 0 0 34px; color: #7a4d00; font-size: 13px; font-weight: 600; }
.card-actions, .ctx-actions { display: flex; align-items: center; gap: 8px; margin: 10px 0 0 34px; flex-wrap: wrap; }
.ctx-actions { margin-left: 0; }
.btn { font: inherit; font-size: 0.84rem; border-radius: 6px; padding: 4px 10px; cursor: pointer;
  border: 1px solid #cbd5e1; background: #f8fafc; color: #0f172a; }
.btn:hover { background: #e2e8f0; }
.btn.open { border-color: #1d4ed8; background: #1d4ed8; color: white; }
.btn.open:hover { background: #1e40af; }
.btn.link { border: none; background: none; color: #1d4ed8; padding: 0 4px; text-decoration: underline; }
.btn.copied { border-color: #16a34a; background: #dcfce7; color: #14532d; }
.citation-text { font-size: 0.8rem; color: #475569; background: #f1f5f9; padding: 2px 6px; border-radius: 4px;
  overflow-wrap: anywhere; }
.ctx-head { border: 1px solid var(--border-color-primary); border-radius: 10px; padding: 10px 14px; background: #f8fafc; }
.doc { font-family: Georgia, "Times New Roman", serif; line-height: 1.55; padding: 4px 18px 24px; }
.doc-head { text-align: center; margin: 8px 0 18px; }
.doc-id { font-weight: 700; letter-spacing: 0.03em; }
.doc-title { font-size: 1.15rem; margin: 6px 0; font-weight: 700; }
.doc-meta { font-family: system-ui, sans-serif; font-size: 0.8rem; color: #64748b; }
.doc h3.sec { font-style: italic; font-weight: 400; font-size: 1.02rem; margin: 16px 0 6px; }
.doc h3.sec-annex, .doc h3.sec-footnotes { font-style: normal; font-weight: 700; text-align: center; }
.doc .cl { display: grid; grid-template-columns: 3.2em 1fr; gap: 6px; padding: 3px 6px; border-radius: 6px; }
.doc .cl.target { background: #fef9c3; outline: 2px solid #facc15; scroll-margin: 120px; }
.doc .cl-footnote { font-size: 0.9rem; }
.doc .pagebreak { font-family: system-ui, sans-serif; font-size: 0.72rem; color: #94a3b8; text-align: center;
  border-top: 1px dashed #cbd5e1; margin: 10px 0 4px; padding-top: 2px; }
.related h4 { margin: 10px 0 6px; font-size: 0.9rem; }
.chips { display: flex; flex-wrap: wrap; gap: 6px; }
.btn.chip { border-radius: 999px; font-size: 0.8rem; }
.muted { color: #94a3b8; font-size: 0.85rem; }
#doc-scroll { border: 1px solid var(--border-color-primary); border-radius: 10px; }
.examples { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; margin: 2px 0 4px; }
.examples .muted { margin-right: 2px; }
.btn.example { background: #f1f5f9; border-color: #e2e8f0; color: #1e3a8a; }
footer { display: none !important; }
#question textarea, #question input { font-size: 1.02rem; padding: 10px 12px; }
#ask-btn { min-height: 44px; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px; margin: 6px 0 4px; }
.fact { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 12px; background: #f8fafc; }
.fact-k { font-size: 0.72rem; text-transform: uppercase; letter-spacing: 0.05em; color: #64748b; }
.fact-v { font-size: 0.95rem; font-weight: 600; color: #0f172a; overflow-wrap: anywhere; }
.fact-v code { font-size: 0.85rem; }
#docs-table *, #batch-table * { font-family: var(--font) !important; }
.fact.wide { grid-column: span 2; }
"""

# Delegated clicks inside an HTML component: "copy" stays in the browser (clipboard, works offline,
# with a fallback where the Clipboard API is unavailable); "open" and "search" go to the server.
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
element.addEventListener('click', async (ev) => {
  const btn = ev.target.closest('[data-action]');
  if (!btn || !element.contains(btn)) return;
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
  trigger('click', {action: action, clause_id: btn.dataset.clauseId || '', query: btn.dataset.query || ''});
});
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
watch('value', () => scrollToTarget(20));
scrollToTarget(20);
"""
