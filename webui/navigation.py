"""Moves between views: clicks inside the HTML views (open a clause in context, go back, run a search, turn a
page, follow a related instrument, drop a filter) and the page address (`?q=...` with filters runs that
search, `?clause=ID` and `?instrument=NAME` open the context view; back and forward replay them)."""

from __future__ import annotations

from urllib.parse import parse_qs

import gradio as gr

from .ask import DEFAULT_K, KINDS, AskTab, ask_html
from .changes import ChangesTab
from .context import ContextTab, instrument_clause
from .state import IndexHolder


def wire(holder: IndexHolder, tabs: gr.Tabs, ask: AskTab, context: ContextTab, changes: ChangesTab,
         demo: gr.Blocks) -> None:
    filters = [ask.body, ask.number, ask.revision, ask.kind]
    outputs = [tabs, ask.question, *filters, ask.k, ask.results, *context.outputs, *changes.outputs]
    keep_ctx = [gr.skip()] * len(context.outputs)
    keep_ask = [gr.skip()] * (len(filters) + 3)
    keep_changes = [gr.skip()] * len(changes.outputs)

    def to_context(clause_id: str, query: str = "") -> list:
        return [gr.Tabs(selected="context"), *keep_ask, *context.open(holder, clause_id, query), *keep_changes]

    def search(q: str, k: int, body: str, number: str, revision: str, kind: str) -> list:
        return [gr.Tabs(selected="ask"), q, body, number, revision, kind, k,
                ask_html(holder, q, k, body, number, revision, kind), *keep_ctx, *keep_changes]

    def on_action(q, k_, body_, number_, revision_, kind_, clause_id, evt: gr.EventData):
        data = getattr(evt, "_data", None) or {}
        action = data.get("action")
        if action == "open":
            return to_context(data.get("clause_id", ""), q)
        if action == "open-instrument":
            return to_context(instrument_clause(holder, data.get("instrument", "")))
        if action == "changes":
            return [gr.Tabs(selected="changes"), *keep_ask, *keep_ctx, *changes.open(holder, data.get("clause_id", ""))]
        if action == "page":
            return [gr.skip(), *keep_ask, *context.turn_page(holder, clause_id, int(data.get("page") or 0)),
                    *keep_changes]
        if action == "back":
            return [gr.Tabs(selected="ask"), *keep_ask, *keep_ctx, *keep_changes]
        if action == "search":
            return search(data.get("query", ""), k_, "any", "", "", "any")
        if action == "clear-filter":
            name = data.get("filter", "")
            values = {"body": body_, "number": number_, "revision": revision_, "kind": kind_}
            if name in values:
                values[name] = "any" if name in ("body", "kind") else ""
            return search(q, k_, values["body"], values["number"], values["revision"], values["kind"])
        return [gr.skip()] * len(outputs)

    for comp in (ask.results, ask.examples, context.head, context.refs, context.doc, context.related, context.page):
        comp.click(on_action, [*ask.inputs, context.clause], outputs, api_name=False)

    def route(address: str) -> list:
        """Show what a page address names (on load, and on back/forward)."""
        params = {k: v[-1] for k, v in parse_qs((address or "").lstrip("?")).items()}
        if params.get("clause"):
            return to_context(params["clause"])
        if params.get("instrument"):
            return to_context(instrument_clause(holder, params["instrument"]))
        if params.get("q"):
            try:
                k = int(params.get("k") or DEFAULT_K)
            except ValueError:
                k = DEFAULT_K
            kind = params.get("kind", "any") if params.get("kind", "any") in KINDS else "any"
            return search(params["q"], k, params.get("body", "any") or "any", params.get("number", ""),
                          params.get("revision", ""), kind)
        return [gr.skip()] * len(outputs)  # nothing named: leave whatever the user opened meanwhile

    address = gr.Textbox("", elem_id="route-url", show_label=False, container=False)
    route_btn = gr.Button("route", elem_id="route-btn")
    read_address = "(a) => [window.location.search]"
    route_btn.click(route, address, outputs, js=read_address, api_name=False)
    demo.load(route, address, outputs, js=read_address, api_name=False)
